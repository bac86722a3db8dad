// SPDX-License-Identifier: MIT
// Loads and stores of a trivially copyable T at an address the caller knows to be aligned for it
// (its size's alignment): through memcpy, so that no aliasing rule is broken, with the alignment
// told to the compiler, which then makes one load or store of it. (gcc 12 turns an 8-byte memcpy
// of unknown alignment into 16 byte accesses on RISC-V, where unaligned accesses may trap to the
// kernel.) Used by the interpreter's moves, closure memory's slot words and the cache's key words.
#pragma once

#include <cstring>
#include <type_traits>

namespace jitffi::internal {

template <class T>
inline T loadAligned(const void* p) {
  static_assert(std::is_trivially_copyable_v<T>);
  T v;
  std::memcpy(&v, __builtin_assume_aligned(p, sizeof(T)), sizeof(T));
  return v;
}
template <class T>
inline void storeAligned(void* p, T v) {
  static_assert(std::is_trivially_copyable_v<T>);
  std::memcpy(__builtin_assume_aligned(p, sizeof(T)), &v, sizeof(T));
}

}  // namespace jitffi::internal
