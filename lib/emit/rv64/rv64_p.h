// SPDX-License-Identifier: MIT
// The RISC-V 64 architecture (lib/emit/rv64/): its register file. asmjit has no RISC-V
// assembler, so the architecture has no emitters: the interpreted fallback serves it (its host
// part: rv64_host.cpp and the .S routines); the runtime reaches it only through its descriptor
// (rv64_arch.cpp, interface in ../arch_p.h).
#pragma once

#include "../arch_p.h"

namespace jitffi::internal {

// The interpreter's view of the RISC-V registers (RegisterFileDesc; hardware numbers x0–x31 and
// f0–f31). The register file's slots hold a0–a7 (x10–x17, slots 0–7: the argument registers)
// and t2 (x7, slot 8: the static chain of Go closures, gcc's STATIC_CHAIN_REGNUM), fa0–fa7
// (f10–f17, the vector slots 0–7: the FP argument registers); returns come in a0, a1 (slots 0,
// 1) and fa0, fa1 (slots 0, 1).
inline constexpr uint8_t kRv64StaticChainReg = 7;  // t2
inline constexpr RegisterFileDesc kRv64Registers = [] {
  RegisterFileDesc d{};
  for (int r = 0; r < RegisterFileDesc::kRegs; ++r) d.gpSlot[r] = d.vecSlot[r] = d.retGpSlot[r] = d.retVecSlot[r] = -1;
  for (int r = 0; r < 8; ++r) {
    d.gpSlot[10 + r] = int8_t(r);
    d.vecSlot[10 + r] = int8_t(r);
  }
  d.gpSlot[kRv64StaticChainReg] = 8;
  for (int r = 0; r < 2; ++r) {
    d.retGpSlot[10 + r] = int8_t(r);
    d.retVecSlot[10 + r] = int8_t(r);
  }
  return d;
}();

}  // namespace jitffi::internal
