// SPDX-License-Identifier: MIT
// The small moves the interpreted fallback's call side (interp.cpp) and closure side
// (interp_closure.cpp) both make: typed aligned loads and stores, widening by a piece's ext, and
// the size-indexed choice of an op among ops named by size; building a program.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <new>

#include "aligned_p.h"
#include "emit_p.h"

namespace jitffi::internal {


// The `size` bytes at src widened to 8 as `ext` says: sign- or zero-extended, or (kNanBox) with
// ones above them. The plan's ext is the contract of the register or slot: on RISC-V an unsigned
// int is kSext (its psABI sign-extends 32-bit values whatever their type) and a float in an FP
// register kNanBox; the executor does what it says and knows no architecture.
inline uint64_t loadExtended(const uint8_t* src, uint32_t size, Ext ext) {
  uint64_t v = 0;
  std::memcpy(&v, src, size < 8 ? size : 8);
  if (size < 8 && ext != Ext::kNone) {
    const unsigned shift = 64 - size * 8;
    switch (ext) {
      case Ext::kSext: v = uint64_t(int64_t(v << shift) >> shift); break;
      case Ext::kZext: v = (v << shift) >> shift; break;
      case Ext::kNanBox: v |= ~uint64_t(0) << (size * 8); break;
      case Ext::kNone: break;
    }
  }
  return v;
}

// Fills a vector register slot with the `size` bytes at src, NaN-boxed to the piece's width when
// the plan says so (ABI[riscv-psabi 1.0 "Hardware Floating-Point Calling Convention"]: a float
// in a 64-bit FP register is "1-extended (NaN-boxed) to FLEN bits"); the rest of the slot is not
// written (a callee reads no byte of a register above its value's).
inline void fillVec(uint8_t* slot, const uint8_t* src, const Piece& p) {
  const uint32_t n = p.size < 16 ? p.size : 16;
  std::memcpy(slot, src, n);
  if (p.ext == Ext::kNanBox && p.width > n) std::memset(slot + n, 0xff, p.width - n);
}

// The largest power of two dividing both (the alignment of a piece at `offset` in a value aligned
// to `align`).
inline uint32_t alignmentAt(uint32_t align, uint32_t offset) {
  const uint32_t a = align | offset;
  return a & (~a + 1);
}

// 0, 1, 2, 3 for 1, 2, 4, 8 bytes (the ops named by size are in that order); -1 for other sizes.
inline int sizeIndex(uint32_t size) {
  switch (size) {
    case 1: return 0;
    case 2: return 1;
    case 4: return 2;
    case 8: return 3;
    default: return -1;
  }
}
template <class Op>
inline Op nthOp(Op first, int i) {
  return Op(uint8_t(first) + i);
}

// A program (InterpProgram, InterpClosureProgram) filled from `plan` by fill; null when out of
// memory.
template <class Program>
Program* buildProgram(const CallPlan& plan, void (*fill)(Program&, const CallPlan&)) {
  std::unique_ptr<Program> prog(new (std::nothrow) Program);
  if (!prog) return nullptr;
  try {
    fill(*prog, plan);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
  return prog.release();
}

}  // namespace jitffi::internal
