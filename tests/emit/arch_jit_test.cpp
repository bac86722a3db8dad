// SPDX-License-Identifier: MIT
// The per-architecture descriptors and emitters against asmjit (JIT builds only): each
// architecture's trampoline bytes are what asmjit encodes for the instructions they claim to be,
// the emitters' code through the memo of encodings is byte for byte asmjit's own, closure entries
// refuse a handler of another architecture, and AArch64's generated code starts with its landing
// pad and unwinds.
#include <gtest/gtest.h>

#include <asmjit/arm/a64assembler.h>
#include <asmjit/x86.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>

#include "../../lib/emit/a64/a64_p.h"
#include "../../lib/emit/a64/a64_trampoline_p.h"
#include "../../lib/emit/jit_p.h"
#include "../../lib/emit/x64/x64_p.h"
#include "../../lib/emit/x64/x64_trampoline_p.h"
#include "arch_signatures.h"
#include "jitffi/plan.h"
#include "jitffi/signature.h"

namespace jitffi {
namespace {

using internal::ArchDesc;
using internal::JitDesc;

// The hand-written trampoline bytes against asmjit's encoding of the instructions they are said
// to be: lea r10 with the trampoline's own first byte, jmp through the entry stored at its end.
TEST(Arch, X64TrampolineIsWhatItSays) {
  using namespace asmjit;
  CodeHolder code;
  ASSERT_EQ(code.init(Environment(asmjit::Arch::kX64)), kErrorOk);
  x86::Assembler a(&code);
  Label self = a.newLabel(), entry = a.newLabel();
  a.bind(self);
  a.endbr64();
  a.lea(x86::r10, x86::ptr(self));
  a.jmp(x86::ptr(entry));
  for (int i = 0; i < 7; ++i) a.int3();
  a.bind(entry);
  a.embedUInt64(0);
  ASSERT_EQ(code.flatten(), kErrorOk);
  ASSERT_EQ(code.resolveUnresolvedLinks(), kErrorOk);
  const CodeBuffer& buf = code.textSection()->buffer();
  ASSERT_EQ(buf.size(), internal::x64::kTrampolineSize);
  EXPECT_EQ(std::memcmp(buf.data(), internal::x64::kTrampolineCode, sizeof internal::x64::kTrampolineCode), 0);
  EXPECT_EQ(internal::x64::kTrampolineReg, x86::r10.id());
  EXPECT_EQ(internal::findArch(jitffi::Arch::kX64)->trampolineReg, x86::r10.id());
}

// The same for AArch64: bti c, adr x17 with the trampoline's own first byte, ldr x16 of the entry
// stored at its end, br x16.
TEST(Arch, A64TrampolineIsWhatItSays) {
  using namespace asmjit;
  CodeHolder code;
  ASSERT_EQ(code.init(Environment(asmjit::Arch::kAArch64)), kErrorOk);
  a64::Assembler a(&code);
  Label self = a.newLabel(), entry = a.newLabel();
  a.bind(self);
  a.hint(34);  // bti c
  a.adr(a64::x17, self);
  a.ldr(a64::x16, a64::ptr(entry));
  a.br(a64::x16);
  a.bind(entry);
  a.embedUInt64(0);
  ASSERT_EQ(code.flatten(), kErrorOk);
  ASSERT_EQ(code.resolveUnresolvedLinks(), kErrorOk);
  const CodeBuffer& buf = code.textSection()->buffer();
  ASSERT_EQ(buf.size(), internal::a64::kTrampolineSize);
  EXPECT_EQ(std::memcmp(buf.data(), internal::a64::kTrampolineCode, sizeof internal::a64::kTrampolineCode), 0);
  EXPECT_EQ(internal::a64::kTrampolineReg, a64::x17.id());
  const ArchDesc* arch = internal::findArch(jitffi::Arch::kA64);
  ASSERT_NE(arch, nullptr);
  EXPECT_EQ(arch->trampolineReg, a64::x17.id());
  // libffi's aarch64 FFI_TRAMPOLINE_SIZE, and its Go closures' static chain.
  EXPECT_EQ(arch->trampolineSize, 24u);
  EXPECT_EQ(arch->staticChainReg, a64::x18.id());
}

// The code of every stub shape and closure entry of the architecture signatures, emitted by an
// assembler with the memo of encodings (encoding_memo_p.h) twice — the first time asmjit encodes
// and the memo remembers, the second time the memo writes what it remembered — is byte for byte
// what the same assembler without the memo writes: asmjit's own encoding.
template <class Assembler, auto kEmitCall, auto kEmitEntry>
void expectMemoIsAsmjit(jitffi::Arch archId, Abi abi) {
  using namespace asmjit;
  const ArchDesc& arch = *internal::findArch(archId);
  auto handler = classify(Signature(Type::void_(), {Type::ptr(), Type::ptr(), Type::ptr(), Type::ptr()}), abi);
  ASSERT_TRUE(handler.ok());
  internal::MemoAssembler<Assembler> memo;
  // Emits one case with `a` into a new holder; its bytes, links resolved.
  auto bytes = [&](Assembler& a, const CallPlan& plan, int kind) {
    CodeHolder code;
    EXPECT_EQ(code.init(Environment(internal::findJit(archId)->asmjitArch)), kErrorOk);
    EXPECT_EQ(code.attach(&a), kErrorOk);
    const internal::StubParams params{kind == 2 ? reinterpret_cast<const void*>(&std::memcpy) : nullptr,
                                      internal::kListingErrnoOffset};
    const Error e = kind < 3 ? kEmitCall(a, plan, kind == 1 ? internal::CallShape::kSlots : internal::CallShape::kAvalues,
                                         params, nullptr)
                             : kEmitEntry(a, plan,
                                          {internal::HandlerShape(kind - 3),
                                           internal::closureLayout(arch, internal::ClosureCtx::kInterface), *handler},
                                          nullptr);
    EXPECT_FALSE(e) << kind << ": " << e.toString();
    EXPECT_EQ(code.flatten(), kErrorOk);
    EXPECT_EQ(code.resolveUnresolvedLinks(), kErrorOk);
    const CodeBuffer& buf = code.textSection()->buffer();
    std::string out(reinterpret_cast<const char*>(buf.data()), buf.size());
    code.detach(&a);
    return out;
  };
  int compared = 0;
  for (const char* text : kSignatures) {
    auto sig = Signature::parse(text, abi);
    ASSERT_TRUE(sig.ok()) << text;
    for (ErrnoMode mode : {ErrnoMode::kNone, ErrnoMode::kSetAndCapture}) {
      auto plan = classify(*sig, abi, {mode});
      ASSERT_TRUE(plan.ok()) << text;
      for (int kind = 0; kind < 5; ++kind) {
        Assembler plain;
        const std::string expected = bytes(plain, *plan, kind);
        ASSERT_FALSE(expected.empty()) << text << " " << kind;
        EXPECT_EQ(bytes(memo, *plan, kind), expected) << text << " " << kind << ": the memo's first time";
        EXPECT_EQ(bytes(memo, *plan, kind), expected) << text << " " << kind << ": the memo's second time";
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, int(std::size(kSignatures)) * 2 * 5);
  // The memo did remember: an instruction all these have (x86-64 call stubs start with `push rdx`,
  // AArch64 closure entries end with `ret x30`) is in it.
  internal::EncodingMemo::Key key;
  uint64_t hash;
  if constexpr (std::is_same_v<Assembler, x86::Assembler>) {
    hash = internal::EncodingMemo::keyOf(key, x86::Inst::kIdPush, x86::rdx, Operand(), Operand());
  } else {
    hash = internal::EncodingMemo::keyOf(key, a64::Inst::kIdRet, a64::x30, Operand(), Operand());
  }
  const internal::EncodingMemo::Entry* e = memo.memo().slot(hash);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(internal::EncodingMemo::holds(*e, key));
}

TEST(Arch, X64MemoOfEncodingsIsAsmjit) {
  expectMemoIsAsmjit<asmjit::x86::Assembler, internal::emitX64Call, internal::emitX64ClosureEntry>(jitffi::Arch::kX64,
                                                                                                   Abi::kSysV64);
  expectMemoIsAsmjit<asmjit::x86::Assembler, internal::emitX64Call, internal::emitX64ClosureEntry>(jitffi::Arch::kX64,
                                                                                                   Abi::kWin64);
}

TEST(Arch, A64MemoOfEncodingsIsAsmjit) {
  expectMemoIsAsmjit<asmjit::a64::Assembler, internal::emitA64Call, internal::emitA64ClosureEntry>(jitffi::Arch::kA64,
                                                                                                   Abi::kAapcs64);
  expectMemoIsAsmjit<asmjit::a64::Assembler, internal::emitA64Call, internal::emitA64ClosureEntry>(jitffi::Arch::kA64,
                                                                                                   Abi::kApple64);
}

TEST(Arch, ClosureEntryRefusesAHandlerOfAnotherArchitecture) {
  auto sig = Signature::parse("i32(i32)");
  ASSERT_TRUE(sig.ok());
  for (auto [abi, handler] : {std::pair{Abi::kSysV64, Abi::kAapcs64}, std::pair{Abi::kAapcs64, Abi::kSysV64}}) {
    auto plan = classify(*sig, abi);
    ASSERT_TRUE(plan.ok());
    auto listing = internal::listClosureEntry(*plan, internal::HandlerShape::kAvalues, handler);
    ASSERT_FALSE(listing.ok());
    EXPECT_EQ(listing.error().status(), Status::kBadAbi);
  }
}

// Everything generated for AArch64 is reached by an indirect branch (blr, or br x16 from a
// trampoline), so it starts with `bti c` (hint #34, 0xd503245f: its encoding checked against
// asmjit's above); and its unwind steps say where x30 is: saved before the first call, back in
// x30 with CFA = sp + 0 at the end.
TEST(Arch, A64CodeStartsWithBtiAndRestoresTheReturnAddress) {
  using namespace asmjit;
  const ArchDesc& arch = *internal::findArch(jitffi::Arch::kA64);
  const JitDesc& jit = *internal::findJit(jitffi::Arch::kA64);
  auto handler = classify(Signature(Type::void_(), {Type::ptr(), Type::ptr(), Type::ptr(), Type::ptr()}), Abi::kAapcs64);
  ASSERT_TRUE(handler.ok());
  int checked = 0;
  for (const char* text : kSignatures) {
    auto sig = Signature::parse(text);
    ASSERT_TRUE(sig.ok()) << text;
    auto plan = classify(*sig, Abi::kAapcs64);
    ASSERT_TRUE(plan.ok()) << text;
    for (int kind = 0; kind < 4; ++kind) {
      CodeHolder code;
      ASSERT_EQ(code.init(Environment(jit.asmjitArch)), kErrorOk);
      internal::CfaSteps steps;
      const Error e = kind < 3 ? jit.emitCall(code, *plan, kind == 1 ? internal::CallShape::kSlots : internal::CallShape::kAvalues,
                                               internal::StubParams{kind == 2 ? reinterpret_cast<const void*>(&std::memcpy) : nullptr},
                                               &steps)
                               : jit.emitClosureEntry(code, *plan,
                                                       {internal::HandlerShape::kAvalues,
                                                        internal::closureLayout(arch, internal::ClosureCtx::kInterface), *handler},
                                                       &steps);
      ASSERT_FALSE(e) << text << " " << kind << ": " << e.toString();
      ASSERT_EQ(code.flatten(), kErrorOk);
      const CodeBuffer& buf = code.textSection()->buffer();
      uint32_t first = 0;
      ASSERT_GE(buf.size(), 4u);
      std::memcpy(&first, buf.data(), 4);
      EXPECT_EQ(first, 0xd503245fu) << text << " " << kind;
      if (steps.empty()) continue;  // a tail call: x30 never leaves its register
      int32_t returnAt = 0, lowest = 0;  // the rule for x30 after each step
      for (const internal::CfaStep& st : steps) {
        if (st.returnSavedAt != internal::CfaStep::kReturnUnmoved) returnAt = st.returnSavedAt;
        lowest = std::min(lowest, returnAt);
      }
      EXPECT_LT(lowest, 0) << text << " " << kind;
      EXPECT_EQ(steps.back().cfaOffset, 0u) << text << " " << kind;
      EXPECT_EQ(returnAt, 0) << text << " " << kind;
      for (size_t k = 0; k < steps.size(); ++k) {
        EXPECT_EQ(steps[k].at % 4, 0u);
        EXPECT_LE(steps[k].at, buf.size());
        if (k) {
          EXPECT_GT(steps[k].at, steps[k - 1].at) << text << " " << kind;
        }
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 30);
}

}  // namespace
}  // namespace jitffi
