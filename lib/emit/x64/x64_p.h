// SPDX-License-Identifier: MIT
// The x86-64 architecture (lib/emit/x64/): what its emitters share (JIT builds only). The runtime
// reaches them only through the architecture's emitter descriptor (x64_jit.cpp, interface in
// ../jit_p.h).
#pragma once

#include <asmjit/x86.h>

#include "../jit_p.h"
#include "x64_regs_p.h"

namespace jitffi::internal {

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
