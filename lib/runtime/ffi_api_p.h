// SPDX-License-Identifier: MIT
// Internals of the libffi-compatible C API shared by its translation units (calls, closures,
// the rest of libffi's API).
#pragma once

#include <ffi.h>

#include <cstring>
#include <iterator>
#include <new>

#include "../emit/aligned_p.h"
#include "../emit/host_p.h"
#include "interface_cache_p.h"
#include "jitffi/call.h"
#include "made_once_p.h"

namespace jitffi::internal {

// a: a power of two (every alignment the C API accepts is one), so no division.
inline uint64_t alignUpTo(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

// An ffi_abi as a plain integer: callers may pass or store any value, and reading an
// out-of-range value through the enum type would be undefined behaviour in C++. The bytes are
// copied, never loaded as the enum (the public parameter type stays libffi's ffi_abi, an int-sized
// enum passed like an int, so the header and the ABI are libffi's).
inline int abiValue(const ffi_abi& abi) {
  static_assert(sizeof abi == sizeof(int) && alignof(ffi_abi) == alignof(int));
  return loadAligned<int>(&abi);  // (one load on RISC-V too)
}
inline int abiOf(const ffi_cif* cif) { return abiValue(cif->abi); }

// The ffi_abi values of the host's ffitarget.h and their jitffi ABIs (the host architecture's
// table, host_p.h).
inline unsigned ffiAbiIndex(int abi) { return unsigned(abi) - unsigned(host::kFirstFfiAbi); }
inline bool validFfiAbi(int abi) { return ffiAbiIndex(abi) < std::size(host::kAbiOfFfi); }
// Whether the host's ffi_abi values, from the first, run in the order of the jitffi ABIs they map
// to from 0 (x86-64): then the mapping is a subtraction rather than a table load (the cache hit
// of ffi_prep_cif counts instructions).
inline constexpr bool kFfiAbisInAbiOrder = [] {
  for (size_t i = 0; i < std::size(host::kAbiOfFfi); ++i) {
    if (host::kAbiOfFfi[i] != Abi(i)) return false;
  }
  return true;
}();
// The jitffi ABI of a valid ffi_abi value. Safe for any value (the cache hit computes it before
// the validity check that shares its subtraction): an invalid one gives some ABI, never a load
// outside the table.
inline Abi abiOfValidFfi(int abi) {
  if constexpr (kFfiAbisInAbiOrder) return Abi(ffiAbiIndex(abi));
  return host::kAbiOfFfi[validFfiAbi(abi) ? ffiAbiIndex(abi) : 0];
}
// The same as a plain number (a key's first byte), which ffi_prep_cif's hit adds to its key word
// with no conversion.
inline uint32_t abiByteOfValidFfi(int abi) {
  if constexpr (kFfiAbisInAbiOrder) return ffiAbiIndex(abi);
  return uint32_t(abiOfValidFfi(abi));
}

// Maps an ffi_abi value to a jitffi ABI (ok = false for values libffi rejects).
Abi abiFromFfi(int abi, bool& ok);
ffi_status toFfiStatus(Status s);
inline ffi_status toFfiStatus(const Error& e) { return toFfiStatus(e.status()); }
// What `work` returns, or the status for out of memory when it throws std::bad_alloc: the C
// entry points that allocate (ffi_prep_cif, ffi_prep_closure_loc's first closure of a cif,
// ffi_prep_go_closure, ffi_get_struct_offsets, jitffi_type_*) let no exception reach their C
// caller.
template <class Work>
ffi_status statusOrOutOfMemory(Work&& work) noexcept {
  try {
    return work();
  } catch (const std::bad_alloc&) {
    return toFfiStatus(Status::kOutOfMemory);
  }
}

// Walks the ffi_type graphs of one preparation: checks them, fills in struct layouts (where the
// size is 0, as libffi does), writes the cache key and, on a cache miss, converts them to Types.
// Each distinct struct node is walked once (memoised by address): a struct met again is a key
// reference, a node met again inside itself is a cycle (FFI_BAD_TYPEDEF), and the conversion
// shares a node's Type wherever the node is used. Work and memory are linear in the number of
// nodes, however many leaves they describe.
class FfiTypeWalker {
 public:
  FfiTypeWalker(Abi abi, KeyBytes* key) : abi_(abi), key_(key) {}
  FfiTypeWalker(const FfiTypeWalker&) = delete;
  FfiTypeWalker& operator=(const FfiTypeWalker&) = delete;
  // ffi_get_struct_offsets: the top-level struct's element offsets, and its layout always
  // recomputed (nested structs keep a layout they have, as in libffi).
  void setOffsets(size_t* offsets) { offsets_ = offsets; }
  void setOverwrite(bool on) { overwrite_ = on; }
  // One value's type (the return value or an argument; `void` is allowed there), its layout in
  // `out`. A plain status, no message: this runs on every ffi_prep_cif that misses the hit paths.
  ffi_status walk(ffi_type* t, Layout& out) { return walkNode(t, 0, out); }
  // The Type of a graph walk() accepted (cache misses only).
  Type toType(ffi_type* t);

 private:
  struct Node {
    Layout layout;        // as used: the caller's where given, else the natural one
    bool done;            // false while the node's elements are being walked
    bool explicitLayout;  // the caller's layout differs from the natural one
  };
  ffi_status walkNode(ffi_type* t, uint32_t depth, Layout& out);
  Node& node(uint32_t number) { return number < kInlineNodes ? inline_[number] : more_[number - kInlineNodes]; }

  ffi_status walkRecord(ffi_type* t, const Type& record, uint32_t number, uint32_t depth, Layout& out);

  Abi abi_;
  KeyBytes* key_;
  size_t* offsets_ = nullptr;
  bool overwrite_ = false;
  StructNumbers numbers_;  // struct node → its number in the key, which indexes its Node
  static constexpr uint32_t kInlineNodes = 16;
  Node inline_[kInlineNodes];
  std::vector<Node> more_;
  std::unordered_map<ffi_type*, Type> converted_;  // toType's memo (struct nodes)
};

// The Type of a record made by jitffi_type_* (ffi_records.cpp), null for anything else.
const Type* recordType(const ffi_type* t);

ffi_status prepCif(ffi_cif* cif, int abi, bool variadic, unsigned nfixed, unsigned ntotal,
                   ffi_type* rtype, ffi_type** atypes);
// The interface a prepared cif holds. cif->bytes is 8-aligned (setInterface asserts its offset; a
// cif holds pointers): one load, also where unaligned ones are slow (RISC-V: gcc splits an
// unaligned 8-byte copy into bytes). Inline: ffi_call and ffi_prep_closure_loc read it first.
inline const CallInterface* interfaceOf(const ffi_cif* cif) {
  return loadAligned<const CallInterface*>(&cif->bytes);
}

// ffi_call's rules on an interface: a null rvalue discards the result (through scratch storage).
void callDiscardingResult(const CallInterface* ci, void (*fn)(void), void** avalue);
inline void callInterface(const CallInterface* ci, void (*fn)(void), void* rvalue, void** avalue) {
  if (__builtin_expect(rvalue == nullptr, 0)) return callDiscardingResult(ci, fn, avalue);
  ci->call(fn, rvalue, avalue);
}
// The same on an interface with an errno mode: errno as the function left it. (The discarding
// path takes the null rvalue too, so that every argument stays in its register.)
int callErrnoDiscardingResult(const CallInterface* ci, void (*fn)(void), void* nullRvalue, void** avalue,
                              int errnoIn);
inline int callInterfaceErrno(const CallInterface* ci, void (*fn)(void), void* rvalue, void** avalue, int errnoIn) {
  if (__builtin_expect(rvalue == nullptr, 0)) return callErrnoDiscardingResult(ci, fn, rvalue, avalue, errnoIn);
  return stubAs<ErrnoAvaluesStub>(ci->avaluesStub())(ci, fn, rvalue, avalue, errnoIn);
}
// What a cif holds when its preparation failed: an interface whose calls do nothing.
const CallInterface* makeInertInterface();  // (its maker)
inline const CallInterface* inertInterface() {
  return &MadeOnce<const CallInterface, &makeInertInterface>::get();
}
void setInterface(ffi_cif* cif, const CallInterface* ci);

}  // namespace jitffi::internal
