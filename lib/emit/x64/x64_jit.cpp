// SPDX-License-Identifier: MIT
// The x86-64 architecture's emitters (the interface in ../jit_p.h; JIT builds only).
#include "x64_p.h"

namespace jitffi::internal {

static_assert(x64reg::kRax == asmjit::x86::Gp::kIdAx && x64reg::kRcx == asmjit::x86::Gp::kIdCx &&
              x64reg::kRdx == asmjit::x86::Gp::kIdDx && x64reg::kRsi == asmjit::x86::Gp::kIdSi &&
              x64reg::kRdi == asmjit::x86::Gp::kIdDi && x64reg::kR8 == asmjit::x86::Gp::kIdR8 &&
              x64reg::kR9 == asmjit::x86::Gp::kIdR9 && x64reg::kR10 == asmjit::x86::Gp::kIdR10);

extern const JitDesc x64Jit;
const JitDesc x64Jit{
    Arch::kX64,
    asmjit::Arch::kX64,
    asmjit::FormatFlags::kHexImms | asmjit::FormatFlags::kHexOffsets,
    &emitCallWith<asmjit::x86::Assembler, emitX64Call>,
    &emitClosureEntryWith<asmjit::x86::Assembler, emitX64ClosureEntry>,
};

}  // namespace jitffi::internal
