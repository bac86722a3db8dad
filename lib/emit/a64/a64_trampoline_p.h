// SPDX-License-Identifier: MIT
// The AArch64 closure trampoline: the first FFI_TRAMPOLINE_SIZE bytes (24, as libffi's aarch64
// ffitarget.h has it) of every closure object (libffi's ffi_closure), executed at the closure's
// code address.
//
//   bti c                    ; hint #34: a target of indirect calls (blr) under BTI
//   adr x17, .               ; x17 = the trampoline's own first byte: the closure object
//   ldr x16, 1f              ; the entry address stored below
//   br x16                   ; x16: a branch a `bti c` at the entry accepts
//   1: .quad <entry>         ; at offset 16
//
// It is position-independent (it finds itself with adr), so the same bytes work through any
// view of the memory. x16 and x17 (IP0, IP1) carry no argument (ABI[aapcs64 2020Q2 6.1.1]: "can
// be used by call veneers and PLT code; at other times may be used as temporary registers").
// Writing it is not enough: the host part makes the instruction cache see it.
#pragma once

#include <cstdint>
#include <cstring>

namespace jitffi::internal::a64 {

inline constexpr uint8_t kTrampolineCode[16] = {
    0x5f, 0x24, 0x03, 0xd5,  // bti c (hint #34)
    0xf1, 0xff, 0xff, 0x10,  // adr x17, .
    0x50, 0x00, 0x00, 0x58,  // ldr x16, .+8
    0x00, 0x02, 0x1f, 0xd6,  // br x16
};
inline constexpr uint32_t kTrampolineSize = sizeof kTrampolineCode + 8;  // the code, then the entry
inline constexpr uint8_t kTrampolineReg = 17;                             // x17

inline void writeTrampoline(void* rw, const void* entry) {
  auto* p = static_cast<uint8_t*>(rw);
  std::memcpy(p, kTrampolineCode, sizeof kTrampolineCode);
  std::memcpy(p + sizeof kTrampolineCode, &entry, 8);
}

}  // namespace jitffi::internal::a64
