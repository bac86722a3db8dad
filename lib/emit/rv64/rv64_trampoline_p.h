// SPDX-License-Identifier: MIT
// The RISC-V 64 closure trampoline: the first FFI_TRAMPOLINE_SIZE bytes (24, as libffi's riscv
// ffitarget.h has it) of every closure object (libffi's ffi_closure), executed at the closure's
// code address.
//
//   auipc t1, 0              ; t1 = the trampoline's own first byte: the closure object
//   ld    t0, 16(t1)         ; the entry address stored below
//   jr    t0
//   .word 0                  ; (never executed)
//   .quad <entry>            ; at offset 16
//
// Uncompressed instructions (RVC is not assumed), position-independent (auipc), so the same
// bytes work through any view of the memory. t0 and t1 (x5, x6) are temporaries that carry no
// argument (ABI[riscv-psabi 1.0 "Integer Register Convention"]: t0–t2 "Temporary registers";
// t2 is the static chain, which a Go closure's caller sets, so the trampoline leaves it alone).
// Writing it is not enough: the host part makes the instruction cache see it.
#pragma once

#include <cstdint>
#include <cstring>

namespace jitffi::internal::rv64 {

inline constexpr uint32_t kTrampolineCode[4] = {
    0x00000317,  // auipc t1, 0
    0x01033283,  // ld t0, 16(t1)
    0x00028067,  // jalr x0, 0(t0)
    0x00000000,  // padding (an illegal instruction: never reached)
};
inline constexpr uint32_t kTrampolineSize = sizeof kTrampolineCode + 8;  // the code, then the entry
inline constexpr uint8_t kTrampolineReg = 6;                              // t1 (x6)

// rw: a closure object (ffi_closure holds pointers: 8-aligned), so the stores are whole words
// (gcc 12 splits a copy of unknown alignment into bytes here).
inline void writeTrampoline(void* rw, const void* entry) {
  auto* p = static_cast<uint8_t*>(__builtin_assume_aligned(rw, 8));
  std::memcpy(p, kTrampolineCode, sizeof kTrampolineCode);  // little-endian, as RISC-V fetches
  std::memcpy(p + sizeof kTrampolineCode, &entry, 8);
}

}  // namespace jitffi::internal::rv64
