// SPDX-License-Identifier: MIT
// The architectures' emitters built into this library (JIT builds: the JIT files of the
// jitffi_architecture lines of lib/CMakeLists.txt, generated into jitffi_archs_p.h) and what
// every emitter shares.
#include "jit_p.h"

#include "jitffi_archs_p.h"

namespace jitffi::internal {

// Each architecture's folder with emitters defines their descriptor, named after the folder:
// x64Jit, ….
#define JITFFI_DECLARE_JIT(name) extern const JitDesc name##Jit;
JITFFI_FOR_EACH_JIT_ARCH(JITFFI_DECLARE_JIT)
#undef JITFFI_DECLARE_JIT

const JitDesc* findJit(Arch arch) {
#define JITFFI_JIT_ADDRESS(name) &name##Jit,
  static const JitDesc* const kJits[] = {JITFFI_FOR_EACH_JIT_ARCH(JITFFI_JIT_ADDRESS)};
#undef JITFFI_JIT_ADDRESS
  for (const JitDesc* j : kJits) {
    if (j->arch == arch) return j;
  }
  return nullptr;
}

Error checkClosureEntry(const CallPlan& plan, const ClosureEntrySpec& spec, const RegisterFileDesc& regs,
                        const char* who) {
  auto bad = [who](const char* why) { return fail(Status::kUnsupported, std::string(who) + ": " + why); };
  for (const ValuePlan& v : plan.args) {
    const Piece* p = plan.piecesOf(v);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      if (p[k].loc == PieceLoc::kX87) return bad("an x87 argument piece");
      if (p[k].loc == PieceLoc::kVec && p[k].size != 4 && p[k].size != 8 && p[k].size != 16) {
        return bad("a vector piece of unexpected size");
      }
    }
    if (v.mode == PassMode::kIndirect && spec.shape == HandlerShape::kSlots && v.inSlot) {
      return bad("a by-reference value that fits a slot");
    }
  }
  // A variadic closure's handler finds every argument register in its VarArgsFrame.
  if (plan.variadic) {
    for (unsigned r = 0; r < RegisterFileDesc::kRegs; ++r) {
      if ((plan.argGpMask & (1u << r)) && regs.gpSlot[r] < 0) return bad("an argument register without a slot");
      if ((plan.argVecMask & (1u << r)) && regs.vecSlot[r] < 0) return bad("a vector argument register without a slot");
    }
  }
  // The handler takes its four pointers in registers other than the closure register.
  const CallPlan& handler = spec.handler;
  if (handler.args.size() != 4) return bad("a handler call of other than four parameters");
  for (const ValuePlan& v : handler.args) {
    const Piece& p = handler.piecesOf(v)[0];
    if (v.mode != PassMode::kDirect || v.pieceCount != 1 || p.loc != PieceLoc::kGp) {
      return bad("a handler parameter outside the general registers");
    }
    if (p.reg == spec.layout.closureReg) return bad("a handler parameter in the closure register");
  }
  return {};
}

}  // namespace jitffi::internal
