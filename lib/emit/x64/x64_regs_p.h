// SPDX-License-Identifier: MIT
// The x86-64 architecture (lib/emit/x64/): its register file, for the descriptor, the host part
// and the emitters.
#pragma once

#include "../arch_p.h"

namespace jitffi::internal {

// Hardware numbers (the instruction encoding's, as asmjit numbers them: x64_jit.cpp checks).
namespace x64reg {
inline constexpr uint8_t kRax = 0, kRcx = 1, kRdx = 2, kRsi = 6, kRdi = 7, kR8 = 8, kR9 = 9, kR10 = 10;
}  // namespace x64reg
// ABI[sysv-x64 3.2.1 Figure 3.4]: r10 is "used for passing a function's static chain pointer"
// (libffi's Go closures use it on every x86-64 ABI).
inline constexpr uint8_t kX64StaticChainReg = x64reg::kR10;
// The interpreter's view of the x86-64 registers (RegisterFileDesc): a GP register's slot is its
// hardware number (x64_interp.S loads gp[n] into register n); the slots hold rax (the %al vector
// count of variadic SysV calls), the argument registers of both conventions and r10 (the static
// chain). Vector arguments are xmm0–xmm7; returns come in rax, rdx, xmm0, xmm1 (and st0, st1).
inline constexpr RegisterFileDesc kX64Registers = [] {
  using namespace x64reg;
  RegisterFileDesc d{};
  for (int r = 0; r < RegisterFileDesc::kRegs; ++r) d.gpSlot[r] = d.vecSlot[r] = d.retGpSlot[r] = d.retVecSlot[r] = -1;
  for (int r : {kRax, kRcx, kRdx, kRsi, kRdi, kR8, kR9, kR10}) d.gpSlot[r] = int8_t(r);
  for (int v = 0; v < 8; ++v) d.vecSlot[v] = int8_t(v);
  d.retGpSlot[kRax] = 0;
  d.retGpSlot[kRdx] = 1;
  d.retVecSlot[0] = 0;
  d.retVecSlot[1] = 1;
  return d;
}();

}  // namespace jitffi::internal
