// SPDX-License-Identifier: MIT
// ffi_prep_cif's cache hits: a signature prepared before is found from its ffi_type objects
// without walking them (FfiTypeWalker), building a Signature or allocating. Real clients hit
// this on every call (CPython's ctypes prepares a cif per call).
//
// Both hits write exactly the key the full walk writes (interface_cache_p.h's encoding) and stop,
// returning null, at any doubt: the full preparation then decides, and either finds the same key
// or returns the error. So a hit returns what the full preparation would (tests/runtime's
// prep_hit_test compares them):
//   hitScalars   predefined scalar types only (type codes mapped to kinds through a table): up to
//                three arguments (hitScalarsShort, inlined into ffi_prep_cif) the key is one
//                word in a register (findWord), beyond that (hitScalarsLong) bytes in a buffer;
//   hitStructs   out of line, for signatures with structs of predefined scalars whose layouts
//                are filled in (the state after their first preparation), in one pass: a
//                struct met again is a back-reference, as the walk writes it.
#pragma once

#include <ffi.h>

#include <array>
#include <atomic>
#include <bit>

#include "ffi_api_p.h"
#include "interface_cache_p.h"

namespace jitffi::internal {

inline constexpr uint8_t kNotScalar = 0xff;

// libffi type code → TypeKind for the predefined scalars (FFI_TYPE_INT is C's int: 32-bit
// signed), for every possible code (unsigned short) so that no lookup needs a range check:
// structs, complex numbers, FFI_TYPE_VECTOR and unknown codes map to kNotScalar. 64 KiB of
// read-only data of which only the first cache line is ever touched.
inline constexpr auto kKindOfCode = [] {
  std::array<uint8_t, 65536> t{};
  t.fill(kNotScalar);
  t[FFI_TYPE_VOID] = uint8_t(TypeKind::kVoid);
  t[FFI_TYPE_INT] = uint8_t(TypeKind::kI32);
  t[FFI_TYPE_FLOAT] = uint8_t(TypeKind::kF32);
  t[FFI_TYPE_DOUBLE] = uint8_t(TypeKind::kF64);
  t[FFI_TYPE_LONGDOUBLE] = uint8_t(TypeKind::kLongDouble);
  t[FFI_TYPE_UINT8] = uint8_t(TypeKind::kU8);
  t[FFI_TYPE_SINT8] = uint8_t(TypeKind::kI8);
  t[FFI_TYPE_UINT16] = uint8_t(TypeKind::kU16);
  t[FFI_TYPE_SINT16] = uint8_t(TypeKind::kI16);
  t[FFI_TYPE_UINT32] = uint8_t(TypeKind::kU32);
  t[FFI_TYPE_SINT32] = uint8_t(TypeKind::kI32);
  t[FFI_TYPE_UINT64] = uint8_t(TypeKind::kU64);
  t[FFI_TYPE_SINT64] = uint8_t(TypeKind::kI64);
  t[FFI_TYPE_POINTER] = uint8_t(TypeKind::kPtr);
  t[FFI_TYPE_UINT128] = uint8_t(TypeKind::kU128);
  t[FFI_TYPE_SINT128] = uint8_t(TypeKind::kI128);
  return t;
}();

// The ffi_type fields that prep may write, accessed atomically: threads preparing cifs that share
// struct types must not race (libffi's documented thread-safety promise).
inline size_t loadSize(ffi_type* t) {
  return std::atomic_ref<size_t>(t->size).load(std::memory_order_acquire);
}
inline unsigned short loadAlign(ffi_type* t) {
  return std::atomic_ref<unsigned short>(t->alignment).load(std::memory_order_relaxed);
}

// One type for the scalar hits (an argument or the return type): its kind, or false when they do
// not decide (a null type; one that is not a predefined scalar, which sets `structs`: the struct
// hit's turn; one of size 0). Predefined scalars are known by their type codes, so a hand-made
// copy of one with size 0, which libffi and the full preparation refuse (FFI_BAD_TYPEDEF), has
// the code of a real one: each type's size is checked too (read plainly: no preparation writes a
// scalar's size; one compare in memory, which keeps the hits' registers to the caller-saved ones).
__attribute__((always_inline)) inline bool argKind(const ffi_type* t, uint8_t& kind, bool& structs) {
  if (__builtin_expect(t == nullptr, 0)) return false;
  kind = kKindOfCode[t->type];
  if (kind == kNotScalar) {
    structs = true;
    return false;
  }
  return __builtin_expect(t->size != 0, 1);
}

// The checks both scalar hits make, and the return type's kind: false when they do not decide (an
// invalid ABI, 64 or more arguments, or what argKind doubts of the return type, which sets
// `structs` when the struct hit may decide).
__attribute__((always_inline)) inline bool hitReturnKind(int abi, bool variadic, unsigned nfixed, unsigned ntotal,
                                                         ffi_type* rtype, uint8_t& kind, bool& structs) {
  if (!validFfiAbi(abi) || (ntotal | nfixed) >= 64) return false;
  if (variadic && nfixed > ntotal) return false;
  return argKind(rtype, kind, structs);
}

// The key word of a signature of up to kWordKeyArgs predefined scalar types (ntotal must be at
// most that): the header and the return kind, then one byte per argument. False when the hit does
// not decide (what hitReturnKind doubts, a null argument type or one that is not a predefined
// scalar, an argument of size 0), with `structs` set when a type is not a predefined scalar (the
// struct hit's turn).
__attribute__((always_inline)) inline bool shortKeyWord(int abi, bool variadic, unsigned nfixed, unsigned ntotal,
                                                        ffi_type* rtype, ffi_type** atypes, uint64_t& word,
                                                        bool& structs) {
  uint8_t rkind;
  if (!hitReturnKind(abi, variadic, nfixed, ntotal, rtype, rkind, structs)) return false;
  static_assert(std::endian::native == std::endian::little, "the key word's bytes in memory order");
  word = keyWord(abiByteOfValidFfi(abi), variadic, variadic ? nfixed : ntotal, ntotal, TypeKind(rkind));
  if (ntotal != 0) {
    if (!atypes) return false;
    unsigned i = 0;
    do {
      uint8_t k;
      if (!argKind(atypes[i], k, structs)) return false;
      word |= uint64_t(k) << (8 * (kWordKeyArgOffset + i));
    } while (++i < ntotal);
  }
  return true;
}

// The hit for predefined scalar types up to kWordKeyArgs arguments: the cached interface, or null
// when it does not decide (what shortKeyWord doubts, a miss). (ffi_prep_cif inlines
// shortKeyWord and findWord's first probe, findWordAtHome.)
inline const CallInterface* hitScalarsShort(int abi, bool variadic, unsigned nfixed, unsigned ntotal,
                                            ffi_type* rtype, ffi_type** atypes) {
  uint64_t word = 0;
  bool structs = false;
  return shortKeyWord(abi, variadic, nfixed, ntotal, rtype, atypes, word, structs)
             ? InterfaceCache::instance().findWord(word)
             : nullptr;
}

// The same beyond kWordKeyArgs arguments (any count), the key bytes in a buffer; out of line.
const CallInterface* hitScalarsLong(int abi, bool variadic, unsigned nfixed, unsigned ntotal, ffi_type* rtype,
                                    ffi_type** atypes);

// Either (prepRest* and the tests).
inline const CallInterface* hitScalars(int abi, bool variadic, unsigned nfixed, unsigned ntotal, ffi_type* rtype,
                                       ffi_type** atypes) {
  return ntotal <= kWordKeyArgs ? hitScalarsShort(abi, variadic, nfixed, ntotal, rtype, atypes)
                                : hitScalarsLong(abi, variadic, nfixed, ntotal, rtype, atypes);
}

// The hit for signatures with structs of predefined scalars whose layouts are filled in (and
// predefined scalars around them): the cached interface, or null when it does not decide
// (anything hitScalars doubts, a struct that is nested, fresh (size 0), has a null, void or
// size-0 element, or a layout the full walk would refuse, more than 8 distinct structs, no struct
// at all, a miss).
const CallInterface* hitStructs(int abi, bool variadic, unsigned nfixed, unsigned ntotal, ffi_type* rtype,
                                ffi_type** atypes);

}  // namespace jitffi::internal
