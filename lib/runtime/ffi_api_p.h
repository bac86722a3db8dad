// SPDX-License-Identifier: MIT
// Internals of the libffi-compatible C API shared by its translation units (calls, closures,
// the rest of libffi's API).
#pragma once

#include <ffi.h>

#include <cstring>
#include <iterator>

#include "interface_cache_p.h"
#include "jitffi/call.h"

namespace jitffi::internal {

inline uint64_t alignUpTo(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

// A cif's ABI field as a plain integer: callers may store any value there, and reading an
// out-of-range value through the enum type would be undefined behaviour in C++.
inline int abiOf(const ffi_cif* cif) {
  int v;
  std::memcpy(&v, &cif->abi, sizeof v);
  return v;
}

// The jitffi ABI of each valid ffi_abi value, from FFI_UNIX64 on.
inline constexpr Abi kAbiOfFfi[] = {Abi::kSysV64, Abi::kWin64, Abi::kGnuWin64};
inline bool validFfiAbi(int abi) { return unsigned(abi - FFI_UNIX64) < std::size(kAbiOfFfi); }

// Maps an ffi_abi value to a jitffi ABI (ok = false for values libffi rejects).
Abi abiFromFfi(int abi, bool& ok);
ffi_status toFfiStatus(const Error& e);

// Walks ffi_type graphs: validation, struct layout fill-in, cache keys, conversion to Types.
class FfiTypeWalker {
 public:
  FfiTypeWalker(LongDoubleModel model, KeyBytes* key) : model_(model), key_(key) {}
  void setOffsets(size_t* offsets) { offsets_ = offsets; }    // top-level element offsets
  void setOverwrite(bool on) { overwrite_ = on; }              // always write struct layouts
  ffi_status walk(ffi_type* t, uint32_t depth, Layout& out);
  Type toType(ffi_type* t);

 private:
  LongDoubleModel model_;
  KeyBytes* key_;
  size_t* offsets_ = nullptr;
  bool overwrite_ = false;
};

ffi_status prepCif(ffi_cif* cif, int abi, bool variadic, unsigned nfixed, unsigned ntotal,
                   ffi_type* rtype, ffi_type** atypes);
const CallInterface* interfaceOf(const ffi_cif* cif);

// ffi_call's rules on an interface: a null rvalue discards the result (through scratch storage).
void callDiscardingResult(const CallInterface* ci, void (*fn)(void), void** avalue);
inline void callInterface(const CallInterface* ci, void (*fn)(void), void* rvalue, void** avalue) {
  if (__builtin_expect(rvalue == nullptr, 0)) return callDiscardingResult(ci, fn, avalue);
  ci->call(fn, rvalue, avalue);
}
// What a cif holds when its preparation failed: an interface whose calls do nothing.
const CallInterface* inertInterface();
void setInterface(ffi_cif* cif, const CallInterface* ci);

}  // namespace jitffi::internal
