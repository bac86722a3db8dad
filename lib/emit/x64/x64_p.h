// SPDX-License-Identifier: MIT
// The x86-64 architecture (lib/emit/x64/): what its emitters share. The runtime reaches them only
// through the architecture's descriptor (x64_arch.cpp, interface in ../arch_p.h).
#pragma once

#include <asmjit/x86.h>

#include "../arch_p.h"

namespace jitffi::internal {

// The interpreter's view of the x86-64 registers (RegisterFileDesc): a GP register's slot is its
// hardware number (x64_interp.S loads gp[n] into register n); the slots hold rax (the %al vector
// count of variadic SysV calls), the argument registers of both conventions and r10 (the static
// chain). Vector arguments are xmm0–xmm7; returns come in rax, rdx, xmm0, xmm1 (and st0, st1).
inline constexpr RegisterFileDesc kX64Registers = [] {
  using asmjit::x86::Gp;
  RegisterFileDesc d{};
  for (int r = 0; r < RegisterFileDesc::kRegs; ++r) d.gpSlot[r] = d.vecSlot[r] = d.retGpSlot[r] = d.retVecSlot[r] = -1;
  for (int r : {Gp::kIdAx, Gp::kIdCx, Gp::kIdDx, Gp::kIdSi, Gp::kIdDi, Gp::kIdR8, Gp::kIdR9, Gp::kIdR10}) {
    d.gpSlot[r] = int8_t(r);
  }
  for (int v = 0; v < 8; ++v) d.vecSlot[v] = int8_t(v);
  d.retGpSlot[Gp::kIdAx] = 0;
  d.retGpSlot[Gp::kIdDx] = 1;
  d.retVecSlot[0] = 0;
  d.retVecSlot[1] = 1;
  return d;
}();

// Emits a call stub for `plan` (whose arch must be x86-64) into `a`. With `params.boundFn`
// non-null the target is baked into the code and the stub's fn argument is ignored. `steps`,
// when given, receives the stub's stack-pointer changes.
Error emitX64Call(asmjit::x86::Assembler& a, const CallPlan& plan, CallShape shape,
                  const StubParams& params, CfaSteps* steps = nullptr);

// Emits a closure entry for `plan` (x86-64, arguments in `plan`'s ABI; the handler is called as
// spec.handler says).
Error emitX64ClosureEntry(asmjit::x86::Assembler& a, const CallPlan& plan, const ClosureEntrySpec& spec,
                          CfaSteps* steps = nullptr);

namespace x64emit {
// Exact-size moves shared by the x86-64 call and closure emitters.
asmjit::x86::Mem mem(const asmjit::x86::Gp& base, int32_t disp, uint32_t size);
// Loads `size` (1, 2, 4 or 8) bytes into dst, widening per `ext` (a 4-byte load without sign
// extension zero-extends, as every 32-bit x86-64 write does).
void loadGp(asmjit::x86::Assembler& a, const asmjit::x86::Gp& dst, const asmjit::x86::Mem& src,
            uint32_t size, Ext ext);
// Stores the low `size` bytes (1–8) of src exactly; may clobber src for sizes 3, 5, 6, 7.
void storeGp(asmjit::x86::Assembler& a, const asmjit::x86::Gp& base, int32_t disp,
             const asmjit::x86::Gp& src, uint32_t size);
// Copies n bytes from [src+srcDisp] to [dst+dstDisp] in exact, non-overlapping chunks (never
// touching bytes outside either range), using tmp (and xtmp, when valid, for 16-byte chunks).
void copyBytes(asmjit::x86::Assembler& a, const asmjit::x86::Gp& dst, int32_t dstDisp,
               const asmjit::x86::Gp& src, int32_t srcDisp, uint32_t n, const asmjit::x86::Gp& tmp,
               const asmjit::x86::Xmm& xtmp);
}  // namespace x64emit

}  // namespace jitffi::internal
