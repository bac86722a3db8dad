// SPDX-License-Identifier: MIT
// The per-architecture descriptors (lib/emit/arch_p.h) against independent facts: every register
// the classifiers put a value in has a slot in the interpreter's register file. (What needs
// asmjit: arch_jit_test.cpp.)
#include <gtest/gtest.h>

#include <string>

#include "../../lib/emit/arch_p.h"
#include "arch_signatures.h"
#include "jitffi/plan.h"
#include "jitffi/signature.h"

namespace jitffi {
namespace {

using internal::ArchDesc;
using internal::RegisterFileDesc;

void expectSlots(const RegisterFileDesc& regs, const CallPlan& plan, const std::string& what) {
  auto gp = [&](int r) { return r >= 0 && r < RegisterFileDesc::kRegs && regs.gpSlot[r] >= 0; };
  for (size_t i = 0; i < plan.args.size(); ++i) {
    const ValuePlan& v = plan.args[i];
    const Piece* p = plan.piecesOf(v);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      if (p[k].loc == PieceLoc::kGp) {
        EXPECT_TRUE(gp(p[k].reg)) << what << ": a" << i << " in GP register " << int(p[k].reg);
      } else if (p[k].loc == PieceLoc::kVec) {
        EXPECT_GE(regs.vecSlot[p[k].reg], 0) << what << ": a" << i << " in vector register " << int(p[k].reg);
      }
    }
  }
  for (int r = 0; r < 32; ++r) {
    if (plan.argGpMask & (1u << r)) {
      EXPECT_TRUE(gp(r)) << what << ": argument register " << r;
    }
  }
  for (unsigned v = 0; v < RegisterFileDesc::kRegs; ++v) {
    if (plan.argVecMask & (1u << v)) {
      EXPECT_GE(regs.vecSlot[v], 0) << what << ": vector argument " << v;
    }
  }
  if (plan.countReg >= 0) {
    EXPECT_TRUE(gp(plan.countReg)) << what << ": count register";
  }
  const Piece* r = plan.piecesOf(plan.ret);
  if (plan.ret.mode == PassMode::kIndirect) {
    EXPECT_TRUE(gp(r[0].reg)) << what << ": hidden result pointer";
    if (plan.sretReturnReg >= 0) {
      EXPECT_GE(regs.retGpSlot[plan.sretReturnReg], 0) << what << ": sret return";
    }
  } else if (plan.ret.mode == PassMode::kDirect) {
    for (uint32_t k = 0; k < plan.ret.pieceCount; ++k) {
      switch (r[k].loc) {
        case PieceLoc::kGp: EXPECT_GE(regs.retGpSlot[r[k].reg], 0) << what << ": return GP " << int(r[k].reg); break;
        case PieceLoc::kVec: EXPECT_GE(regs.retVecSlot[r[k].reg], 0) << what << ": return vector " << int(r[k].reg); break;
        case PieceLoc::kX87: EXPECT_LT(r[k].reg, JITFFI_RET_X87_SLOTS) << what << ": return x87"; break;
        case PieceLoc::kStack: ADD_FAILURE() << what << ": a return piece on the stack"; break;
      }
    }
  }
}

TEST(Arch, EveryClassifiedRegisterHasAFrameSlot) {
  int abisChecked = 0;
  for (int a = 0; a < kAbiCount; ++a) {
    const Abi abi = Abi(a);
    const ArchDesc* arch = internal::findArch(archOf(abi));
    if (!arch) continue;  // an architecture this build does not have
    int planned = 0;
    for (const char* text : kSignatures) {
      auto sig = Signature::parse(text, abi);
      ASSERT_TRUE(sig.ok()) << text;
      auto plan = classify(*sig, abi);
      if (!plan.ok()) continue;  // a signature the ABI refuses
      ++planned;
      expectSlots(arch->regs, *plan, std::string(abiName(abi)) + " " + text);
    }
    // The static chain (Go closures) has a slot too.
    EXPECT_GE(arch->regs.gpSlot[arch->staticChainReg], 0) << abiName(abi);
    if (planned) ++abisChecked;
  }
  EXPECT_GE(abisChecked, 4);  // at least SysV, Win64, gcc's Win64 and AAPCS64
}

}  // namespace
}  // namespace jitffi
