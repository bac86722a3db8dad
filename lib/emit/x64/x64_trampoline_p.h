// SPDX-License-Identifier: MIT
// The x86-64 closure trampoline: the first FFI_TRAMPOLINE_SIZE bytes of every closure object
// (libffi's ffi_closure), executed at the closure's code address.
//
//   endbr64                  ; an indirect-branch target under CET
//   lea r10, [rip-11]        ; r10 = the trampoline's own first byte: the closure object
//   jmp qword ptr [rip+7]    ; to the entry address stored below
//   int3 × 7                 ; padding
//   .quad <entry>            ; at offset 24
//
// It is position-independent (it finds itself with rip), so the same bytes work through any view
// of the memory.
#pragma once

#include <cstdint>
#include <cstring>

namespace jitffi::internal::x64 {

inline constexpr uint8_t kTrampolineCode[24] = {
    0xf3, 0x0f, 0x1e, 0xfa,                    // endbr64
    0x4c, 0x8d, 0x15, 0xf5, 0xff, 0xff, 0xff,  // lea r10, [rip-11]
    0xff, 0x25, 0x07, 0x00, 0x00, 0x00,        // jmp qword ptr [rip+7]
    0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc,  // int3 padding
};
inline constexpr uint32_t kTrampolineSize = sizeof kTrampolineCode + 8;  // the code, then the entry
inline constexpr uint8_t kTrampolineReg = 10;                             // r10

inline void writeTrampoline(void* rw, const void* entry) {
  auto* p = static_cast<uint8_t*>(rw);
  std::memcpy(p, kTrampolineCode, sizeof kTrampolineCode);
  std::memcpy(p + sizeof kTrampolineCode, &entry, 8);
}

}  // namespace jitffi::internal::x64
