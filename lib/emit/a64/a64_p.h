// SPDX-License-Identifier: MIT
// The AArch64 architecture (lib/emit/a64/): what its emitters share (JIT builds only). The
// runtime reaches them only through the architecture's emitter descriptor (a64_jit.cpp,
// interface in ../jit_p.h).
#pragma once

#include <asmjit/core.h>
#include <asmjit/arm/a64assembler.h>

#include <string>

#include "../jit_p.h"
#include "a64_regs_p.h"

namespace jitffi::internal {

// Emits a call stub for `plan` (whose arch must be AArch64) into `a`. With `params.boundFn`
// non-null the target is baked into the code and the stub's fn argument is ignored. `steps`,
// when given, receives the stub's stack-pointer changes and where it keeps the return address.
Error emitA64Call(asmjit::a64::Assembler& a, const CallPlan& plan, CallShape shape, const StubParams& params,
                  CfaSteps* steps = nullptr);

// Emits a closure entry for `plan` (AArch64; the handler is called as spec.handler says).
Error emitA64ClosureEntry(asmjit::a64::Assembler& a, const CallPlan& plan, const ClosureEntrySpec& spec,
                          CfaSteps* steps = nullptr);

namespace a64emit {

using asmjit::a64::Assembler;
using asmjit::a64::Gp;
using asmjit::a64::Vec;

// `bti c` (BTI's landing pad for calls, a NOP without BTI): the first instruction of everything
// reached by an indirect call. asmjit 1.9 has no bti mnemonic; it is hint #34.
inline void btiC(Assembler& a) { a.hint(34); }

// The register `reg` of class `loc` as wide as `size` bytes: w/x for 4/8, s/d/q for 4/8/16.
asmjit::arm::Reg reg(PieceLoc loc, uint32_t reg, uint32_t size);

// Loads and stores through one pending instruction: a load or store that continues the pending
// one (same base, the next address, same kind and width, no dependency) is merged with it into
// one ldp/stp. Offsets out of reach of the instruction's encoding are reached through `scratch`
// (asmjit refuses them). Everything else emitted between two moves must go through a(), which
// emits the pending move first.
class Moves {
 public:
  Moves(Assembler& a, Notes& note, const Gp& scratch) : a_(a), note_(note), scratch_(scratch) {}
  ~Moves() = default;

  // A whole-register move: x/w (GP 8/4), s/d/q (vector 4/8/16); a 4-byte GP load zero-extends.
  void load(const asmjit::arm::Reg& r, const Gp& base, int64_t off, Note note = {});
  void store(const asmjit::arm::Reg& r, const Gp& base, int64_t off, Note note = {});
  // Exact-size GP moves of 1–8 bytes. loadGp widens per `ext` (otherwise the bytes above the
  // value are zero); sizes 3, 5, 6, 7 use `tmp` and work with dst == base. storeGp clobbers src
  // for sizes 3, 5, 6, 7.
  void loadGp(const Gp& dst, const Gp& base, int64_t off, uint32_t size, Ext ext, const Gp& tmp,
              Note note = {});
  void storeGp(const Gp& src, const Gp& base, int64_t off, uint32_t size, Note note = {});
  // Copies n bytes from [src+srcOff] to [dst+dstOff] in exact chunks (never touching bytes outside
  // either range) through the two GP and two vector temporaries; above kInlineCopyMax bytes in a
  // loop, which also takes `loop` (three more GP registers).
  static constexpr uint32_t kInlineCopyMax = 256;
  void copy(const Gp& dst, int64_t dstOff, const Gp& src, int64_t srcOff, uint64_t n, const Gp (&gtmp)[2],
            const Vec (&vtmp)[2], const Gp (&loop)[3], Note note = {});

  // dst = src + imm (src may be sp; dst may be sp only when src is); through `scratch` beyond
  // 24 bits. Negative imm subtracts.
  void addImm(const Gp& dst, const Gp& src, int64_t imm);

  // Annotates the next instruction emitted (after the pending move).
  void note(Note text) {
    flush();
    note_(text);
  }
  // The assembler, with the pending move emitted.
  Assembler& a() {
    flush();
    return a_;
  }
  void flush();
  // A memory operand for an access of `size` bytes (a pair when `pair`) at [base+off], through
  // the scratch register when the offset is out of the instruction's reach.
  asmjit::arm::Mem mem(const Gp& base, int64_t off, uint32_t size, bool pair = false);

 private:
  struct Pending {
    bool valid = false;
    bool store = false;
    asmjit::arm::Reg reg;
    Gp base;
    int64_t off = 0;
    Note note;
  };
  void put(bool store, const asmjit::arm::Reg& r, const Gp& base, int64_t off, Note note);
  void emitOne(const Pending& p);

  Assembler& a_;
  Notes& note_;
  Gp scratch_;
  Pending pending_;
};

// The stack pointer moves by `delta` (negative: down), through `scratch` beyond 24 bits; the
// canonical frame address, sp + cfa, stays put: cfa and the steps follow.
void moveSp(Moves& m, int64_t delta, uint32_t& cfa, CfaSteps* steps);

}  // namespace a64emit

}  // namespace jitffi::internal
