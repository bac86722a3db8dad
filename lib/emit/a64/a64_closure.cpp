// SPDX-License-Identifier: MIT
// The AArch64 closure-entry emitter: one entry per signature (and handler shape), shared by
// every closure of that signature.
//
// A closure's trampoline puts the closure's address in x17 and branches here with br x16 (a Go
// closure's caller puts it in x18 and calls the entry with blr), with the arguments where the
// plan says. The entry, with no loop and no type dispatch:
//   bti c
//   str x30, [sp, -F]!             ; (or sub sp + str) the frame: x30, the args array, value
//                                  ; buffers, return buffer (sp stays 16-aligned)
//   str x18, [sp, 8]               ; Apple/Windows closures with a Linux handler: the caller's
//                                  ; platform register, loaded back before the return
//   spill exactly the argument registers the plan names into their buffers or slots; copy the
//   stack pieces of a value split between registers and the stack (Windows arm64) to its buffer
//   fill the args array: addresses of buffers or of the caller's stack, or slot values
//   handler(ctx, ret, args, user_data)     ; fields of the closure object, in the handler's
//                                          ; registers (its plan: handlerCallPlan)
//   load the return value from the return buffer into the registers the plan names
//   ldr x30, [sp], F ; ret
// As in the call stub, loads and stores go through a64emit::Moves (ldp/stp where two pair).
#include <algorithm>
#include <string>
#include <vector>

#include "a64_p.h"

namespace jitffi::internal {

using namespace asmjit;
using namespace a64emit;

namespace {

// The entry's own registers: x9, x10 for addresses and values, x15 the high part of odd loads,
// x16 far addresses (free until it takes the handler's address); copies of stack pieces into a
// buffer also take v16, v17 and, for a loop, x11–x13. None carries an argument.
const Gp kTmp[2] = {a64::x9, a64::x10};
const Gp kOddTmp = a64::x15;
const Vec kVtmp[2] = {a64::v16, a64::v17};
const Gp kLoop[3] = {a64::x11, a64::x12, a64::x13};

class ClosureEmitter {
 public:
  ClosureEmitter(Assembler& a, const CallPlan& plan, const ClosureEntrySpec& spec, CfaSteps* steps)
      : a_(a),
        plan_(plan),
        shape_(spec.shape),
        layout_(spec.layout),
        handler_(spec.handler),
        steps_(steps),
        note_(a),
        m_(a, note_, a64::x16) {}

  Error run() {
    JITFFI_TRY(check());
    layoutFrame();
    note_("bti c");
    btiC(a_);
    prologue();
    // 1. Save every argument register before anything else touches one.
    if (plan_.variadic) saveVariadicRegisters();
    for (uint32_t i = 0; i < plan_.args.size(); ++i) spill(i);
    // 2. The args array, two entries at a time.
    std::vector<uint32_t> fills;
    for (uint32_t i = 0; i < plan_.args.size(); ++i) {
      if (!needsFill(i)) continue;
      fills.push_back(i);
      if (fills.size() == 2) {
        fill(fills);
        fills.clear();
      }
    }
    if (!fills.empty()) fill(fills);
    if (plan_.variadic) {
      m_.note("args[n]: the variadic-argument frame");
      m_.addImm(kTmp[0], a64::sp, varFrame_);
      m_.store(kTmp[0], a64::sp, slotOf(uint32_t(plan_.args.size())));
    }
    // 3. handler(ctx, ret, args, user_data) in the handler's registers; the closure register is
    // none of them (check()).
    const Gp closure = a64::x(layout_.closureReg);
    m_.note("handler arguments: ctx, ret, args, user_data");
    if (plan_.ret.mode == PassMode::kIndirect) m_.a().mov(handlerParam(1), a64::x(plan_.piecesOf(plan_.ret)[0].reg));
    else m_.addImm(handlerParam(1), a64::sp, retBuf_);
    m_.addImm(handlerParam(2), a64::sp, args_);
    // ctx, fun and user_data are neighbours in the closure object: they load in pairs.
    m_.load(handlerParam(0), closure, layout_.ctxOffset);
    m_.load(a64::x16, closure, layout_.funOffset);
    if (layout_.userOffset >= 0) m_.load(handlerParam(3), closure, layout_.userOffset);
    else m_.a().mov(handlerParam(3), closure);
    m_.a().blr(a64::x16);
    // 4. The return value.
    loadReturn();
    epilogue();
    return {};
  }

 private:
  Error check() const {
    JITFFI_TRY(checkClosureEntry(plan_, {shape_, layout_, handler_}, kA64Registers, "AArch64 closure entry"));
    auto bad = [](const char* why) { return fail(Status::kUnsupported, std::string("AArch64 closure entry: ") + why); };
    for (const ValuePlan& v : plan_.args) {
      const Piece* p = plan_.piecesOf(v);
      for (uint32_t k = 0; k < v.pieceCount; ++k) {
        if (p[k].loc == PieceLoc::kGp && (p[k].size > 8 || p[k].reg > 8)) return bad("an unexpected general-register piece");
        if (p[k].loc == PieceLoc::kVec && p[k].reg >= 8) return bad("an unexpected vector piece");
      }
      // A value in its slot (at most 8 bytes) that comes on the stack comes whole, in one piece
      // (fill reads the piece's whole slot); its register pieces spill into the slot. Any other
      // value may come in pieces of both kinds (Windows arm64's imaginary stack puts a composite
      // in x7 and on the stack), which spill reassembles in its buffer.
      bool stacked = false;
      for (uint32_t k = 0; k < v.pieceCount; ++k) stacked |= p[k].loc == PieceLoc::kStack;
      if (shape_ == HandlerShape::kSlots && v.inSlot && stacked && v.pieceCount != 1) {
        return bad("a slot value split between registers and the stack");
      }
    }
    const ValuePlan& r = plan_.ret;
    if (r.mode == PassMode::kIndirect) {
      const Piece& p = plan_.piecesOf(r)[0];
      if (p.loc != PieceLoc::kGp || p.reg > 8) return bad("a hidden result pointer outside x0–x8");
      if (plan_.sretReturnReg >= 0) return bad("a hidden result pointer handed back");
    }
    for (uint32_t k = 0; r.mode == PassMode::kDirect && k < r.pieceCount; ++k) {
      const Piece& p = plan_.piecesOf(r)[k];
      if (p.loc == PieceLoc::kX87 || p.loc == PieceLoc::kStack || (p.loc == PieceLoc::kGp && p.size > 8) ||
          (p.loc == PieceLoc::kVec && p.size != 4 && p.size != 8 && p.size != 16)) {
        return bad("an unexpected return piece");
      }
    }
    // What the closure's ABI preserves, the handler's must preserve too (every AArch64
    // convention preserves the same registers; the entry saves none).
    if ((plan_.calleeSavedGp & ~handler_.calleeSavedGp) || (plan_.calleeSavedVec & ~handler_.calleeSavedVec) ||
        plan_.calleeSavedVecBytes > handler_.calleeSavedVecBytes) {
      return bad("a handler convention that preserves fewer registers than the closure's");
    }
    // The handler's registers are x0–x8; the closure register none of them, of x16 (the
    // handler's address) and of the entry's temporaries.
    for (const ValuePlan& v : handler_.args) {
      if (handler_.piecesOf(v)[0].reg > 8) return bad("a handler parameter outside x0–x8");
    }
    if (layout_.closureReg <= 16 || layout_.closureReg >= 29) return bad("a closure register the entry uses");
    if (plan_.platformRegReserved && layout_.closureReg == kA64StaticChainReg) {
      return bad("a closure in x18, which the closure's convention reserves");
    }
    return {};
  }

  // The register that carries the handler's parameter i (ctx, ret, args, user_data).
  Gp handlerParam(uint32_t i) const { return a64::x(handler_.piecesOf(handler_.args[i])[0].reg); }

  int64_t slotOf(uint32_t i) const { return args_ + 8 * int64_t(i); }

  // The frame, from sp: the handler's stack area (none under AAPCS64), x30, the caller's x18
  // (when kept), the args array, the value buffers (neighbours for scalars, so that spills
  // pair), the return buffer, the variadic frame.
  void layoutFrame() {
    auto alignTo = [](uint64_t v, uint64_t a) { return (v + a - 1) / a * a; };
    const uint64_t n = plan_.args.size() + (plan_.variadic ? 1 : 0);
    raSave_ = handler_.stackBytes;
    // Apple's and Windows' callers keep their platform register in x18 across the call
    // (CallPlan::platformRegReserved); a handler of a convention where x18 is a temporary (Linux)
    // may change it, so the entry gives the caller back the x18 it came with.
    keepX18_ = plan_.platformRegReserved && !handler_.platformRegReserved;
    args_ = int64_t(raSave_) + (keepX18_ ? 16 : 8);
    uint64_t cur = uint64_t(args_) + 8 * n;
    buffers_.assign(plan_.args.size(), 0);
    for (size_t i = 0; i < plan_.args.size(); ++i) {
      const ValuePlan& v = plan_.args[i];
      if (!needsEntryBuffer(plan_, v, shape_) && v.mode != PassMode::kIgnore) continue;  // kIgnore: an address for an empty value
      cur = alignTo(cur, std::max<uint32_t>(8, v.align));
      buffers_[i] = int64_t(cur);
      cur += alignTo(std::max<uint32_t>(v.size, 8), 8);
    }
    cur = alignTo(cur, 16);
    retBuf_ = int64_t(cur);
    if (plan_.ret.mode != PassMode::kIndirect) cur += alignTo(std::max<uint32_t>(plan_.ret.size, 16), 16);
    if (plan_.variadic) {
      varFrame_ = int64_t(cur);
      cur += sizeof(VarArgsFrame);
    }
    frame_ = alignTo(cur, 16);
  }

  void prologue() {
    uint32_t cfa = 0;
    // The x30 save with the allocation (a pre-indexed store reaches 256 bytes) or after it.
    if (raSave_ == 0 && frame_ <= 240) {
      note_("frame: x30, args, value buffers, return buffer");
      a_.str(a64::x30, a64::ptr_pre(a64::sp, -int32_t(frame_)));
      cfa = uint32_t(frame_);
      if (steps_) steps_->push_back({uint32_t(a_.offset()), cfa, -int32_t(frame_)});
      saveX18();
      return;
    }
    m_.note("frame: args, value buffers, return buffer");
    moveSp(m_, -int64_t(frame_), cfa, steps_);
    m_.store(a64::x30, a64::sp, raSave_);
    saveX18();
    m_.flush();
    if (steps_) steps_->push_back({uint32_t(a_.offset()), cfa, int32_t(raSave_) - int32_t(frame_)});
  }

  void saveX18() {
    if (keepX18_) m_.store(a64::x18, a64::sp, int64_t(raSave_) + 8, "the caller's x18 (its platform register)");
  }
  void restoreX18() {
    if (keepX18_) m_.load(a64::x18, a64::sp, int64_t(raSave_) + 8, "the caller's x18");
  }

  void epilogue() {
    uint32_t cfa = uint32_t(frame_);
    if (raSave_ == 0 && frame_ <= 240) {
      restoreX18();
      m_.flush();
      a_.ldr(a64::x30, a64::ptr_post(a64::sp, int32_t(frame_)));
      if (steps_) steps_->push_back({uint32_t(a_.offset()), 0, 0});
    } else {
      m_.load(a64::x30, a64::sp, raSave_);
      restoreX18();
      m_.flush();
      if (steps_) steps_->push_back({uint32_t(a_.offset()), cfa, 0});
      moveSp(m_, int64_t(frame_), cfa, steps_);
    }
    a_.ret(a64::x30);
  }

  void saveVariadicRegisters() {
    m_.note("variadic: save the argument registers");
    for (unsigned r = 0; r < 32; ++r) {
      if (plan_.argGpMask & (1u << r)) {
        m_.store(a64::x(r), a64::sp, varFrame_ + int64_t(offsetof(VarArgsFrame, regs.gp) + 8 * kA64Registers.gpSlot[r]));
      }
    }
    for (unsigned v = 0; v < 32; ++v) {
      if (!(plan_.argVecMask & (1u << v))) continue;
      m_.store(a64::v(v), a64::sp, varFrame_ + int64_t(offsetof(VarArgsFrame, regs.vec) + 16 * kA64Registers.vecSlot[v]));
    }
    m_.addImm(kTmp[0], a64::sp, int64_t(frame_));  // the caller's stack arguments: CFA = sp + F
    m_.store(kTmp[0], a64::sp, varFrame_ + int64_t(offsetof(VarArgsFrame, stack)));
  }

  // Stores the register pieces of argument i: into its slot (slots shape, value in the slot),
  // into its buffer, or — a by-reference address — into its args entry. A value reassembled in
  // its buffer gets its stack pieces there too (copied from the caller's stack through the
  // entry's own registers, which carry no argument).
  void spill(uint32_t i) {
    const ValuePlan& v = plan_.args[i];
    const Piece* p = plan_.piecesOf(v);
    const bool reassembled = needsEntryBuffer(plan_, v, shape_);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      const Piece& pc = p[k];
      if (pc.loc == PieceLoc::kStack) {
        if (reassembled) {
          m_.copy(a64::sp, buffers_[i] + pc.offset, a64::sp, int64_t(frame_) + pc.stackOffset, pc.size, kTmp, kVtmp,
                  kLoop, Note::piece(plan_, i, k));
        }
        continue;
      }
      int64_t at;
      if (v.mode == PassMode::kIndirect) at = slotOf(i);  // the address is what the handler gets
      else if (shape_ == HandlerShape::kSlots && v.inSlot) at = slotOf(i) + pc.offset;
      else at = buffers_[i] + pc.offset;
      // A GP piece is stored whole (its buffer has room): the bytes past the value are the
      // caller's unspecified bits, which no handler reads.
      m_.store(reg(pc.loc, pc.reg, pc.loc == PieceLoc::kGp ? 8 : pc.size), a64::sp, at, Note::piece(plan_, i, k));
    }
  }

  // Whether args[i] needs an instruction besides the spills.
  bool needsFill(uint32_t i) const {
    const ValuePlan& v = plan_.args[i];
    const Piece* p = plan_.piecesOf(v);
    if (v.mode == PassMode::kIndirect) return p[0].loc == PieceLoc::kStack;
    if (shape_ == HandlerShape::kSlots && v.inSlot) {
      for (uint32_t k = 0; k < v.pieceCount; ++k) {
        if (p[k].loc == PieceLoc::kStack) return true;
      }
      return false;
    }
    return true;
  }

  // Fills the args entries of one or two arguments: both values or addresses into x9/x10, then
  // both stores (a pair when the entries are neighbours).
  void fill(const std::vector<uint32_t>& args) {
    const int64_t incoming = int64_t(frame_);  // the caller's stack arguments (CFA = sp + F)
    for (size_t k = 0; k < args.size(); ++k) {
      const uint32_t i = args[k];
      const ValuePlan& v = plan_.args[i];
      const Piece* p = plan_.piecesOf(v);
      if (v.mode == PassMode::kIndirect) {
        m_.load(kTmp[k], a64::sp, incoming + p[0].stackOffset, Note::arg(i, "address of the caller's copy"));
      } else if (shape_ == HandlerShape::kSlots && v.inSlot) {
        // A scalar on the caller's stack: the whole 8-byte slot (bytes past the value are
        // unspecified there too).
        m_.load(kTmp[k], a64::sp, incoming + p[0].stackOffset, Note::piece(plan_, i, 0));
      } else if (passedWholeOnStack(plan_, v)) {
        m_.note(Note::arg(i, "value address"));
        m_.addImm(kTmp[k], a64::sp, incoming + p[0].stackOffset);
      } else {
        m_.note(Note::arg(i, "value address"));
        m_.addImm(kTmp[k], a64::sp, buffers_[i]);
      }
    }
    for (size_t k = 0; k < args.size(); ++k) m_.store(kTmp[k], a64::sp, slotOf(args[k]));
  }

  void loadReturn() {
    const ValuePlan& v = plan_.ret;
    if (v.mode != PassMode::kDirect) return;
    const Piece* p = plan_.piecesOf(v);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      const Piece& pc = p[k];
      const int64_t at = retBuf_ + pc.offset;
      const Note note = Note::ret(pc);
      if (pc.loc == PieceLoc::kVec) {
        m_.load(reg(PieceLoc::kVec, pc.reg, pc.size), a64::sp, at, note);
      } else if (pc.ext != Ext::kNone && pc.size < 8) {
        // Narrow integers are widened from exactly their size (a handler may write just those
        // bytes).
        m_.loadGp(a64::x(pc.reg), a64::sp, at, pc.size, pc.ext, kOddTmp, note);
      } else {
        // Other pieces read whole 8 bytes of the buffer (the bytes past the value are
        // unspecified in the register, as the ABI allows).
        m_.load(a64::x(pc.reg), a64::sp, at, note);
      }
    }
    m_.flush();
  }

  Assembler& a_;
  const CallPlan& plan_;
  HandlerShape shape_;
  ClosureLayout layout_;
  const CallPlan& handler_;  // the handler call (handlerCallPlan)
  CfaSteps* steps_;
  Notes note_;
  Moves m_;
  std::vector<int64_t> buffers_;
  bool keepX18_ = false;
  uint64_t raSave_ = 0, frame_ = 0;
  int64_t args_ = 0, retBuf_ = 0, varFrame_ = 0;
};

}  // namespace

Error emitA64ClosureEntry(Assembler& a, const CallPlan& plan, const ClosureEntrySpec& spec, CfaSteps* steps) {
  if (plan.arch != Arch::kA64 || spec.handler.arch != Arch::kA64) {
    return fail(Status::kBadAbi, "AArch64 closure emitter given a non-AArch64 plan");
  }
  return ClosureEmitter(a, plan, spec, steps).run();
}

}  // namespace jitffi::internal
