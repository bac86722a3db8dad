// SPDX-License-Identifier: MIT
// The x86-64 closure-entry emitter: one entry per signature (and handler shape), shared by
// every closure of that signature.
//
// A closure's trampoline puts the closure's address in r10 and jumps here, with the arguments
// where the plan says. The entry, with no loop and no type dispatch:
//   sub rsp, F                     ; args array, value buffers, return buffer (rsp ≡ 0 mod 16)
//   save what the plan's ABI preserves and the handler's convention does not (if anything)
//   spill exactly the argument registers the plan names into their buffers or slots
//   fill the args array: pointers to buffers or to the caller's stack, or slot values
//   handler(ctx, ret, args, user_data)     ; fields of the closure object at r10, called in the
//                                          ; handler's convention (a Win64 handler: rcx, rdx,
//                                          ; r8, r9 and its home area at rsp)
//   load the return value from the return buffer into the registers the plan names
//   restore; add rsp, F ; ret
#include <algorithm>
#include <string>
#include <vector>

#include "x64_p.h"

namespace jitffi::internal {

using namespace asmjit;
using namespace x64emit;

namespace {

x86::Gp gp(unsigned id) { return x86::gpq(id); }

class ClosureEmitter {
 public:
  ClosureEmitter(x86::Assembler& a, const CallPlan& plan, const ClosureEntrySpec& spec, CfaSteps* steps)
      : a_(a),
        plan_(plan),
        shape_(spec.shape),
        layout_(spec.layout),
        handler_(spec.handler),
        saveGp_(plan.calleeSavedGp & ~handler_.calleeSavedGp),
        saveVec_(plan.calleeSavedVec & ~handler_.calleeSavedVec),
        home_(handler_.stackBytes),
        steps_(steps),
        note(a) {}

  Error run() {
    JITFFI_TRY(check());
    layoutFrame();
    note("frame: args, value buffers, return buffer");
    a_.sub(x86::rsp, frame_);
    if (steps_) steps_->push_back({uint32_t(a_.offset()), frame_ + 8});
    saveRestore(true);

    // 1. Save every argument register before anything else touches one.
    if (plan_.variadic) saveVariadicRegisters();
    for (size_t i = 0; i < plan_.args.size(); ++i) spill(uint32_t(i));
    if (plan_.ret.mode == PassMode::kIndirect) {
      note("ret: keep the hidden result pointer");
      a_.mov(x86::qword_ptr(x86::rsp, sretSave_), gp(plan_.piecesOf(plan_.ret)[0].reg));
    }
    // 2. The args array (rax and r11 are free now).
    for (size_t i = 0; i < plan_.args.size(); ++i) fillArg(uint32_t(i));
    if (plan_.variadic) {
      note("args[n]: the variadic-argument frame");
      a_.lea(x86::rax, x86::ptr(x86::rsp, varFrame_));
      a_.mov(x86::qword_ptr(x86::rsp, slotOf(uint32_t(plan_.args.size()))), x86::rax);
    }
    // 3. handler(ctx, ret, args, user_data), in the handler's convention (the closure register
    // is none of its parameter registers: check()).
    const x86::Gp closure = gp(layout_.closureReg);
    const x86::Gp param[4] = {handlerParam(0), handlerParam(1), handlerParam(2), handlerParam(3)};
    note("handler arguments: ctx, ret, args, user_data");
    a_.mov(param[0], x86::qword_ptr(closure, layout_.ctxOffset));
    if (plan_.ret.mode == PassMode::kIndirect) a_.mov(param[1], x86::qword_ptr(x86::rsp, sretSave_));
    else a_.lea(param[1], x86::ptr(x86::rsp, retBuf_));
    if (args_ == 0) a_.mov(param[2], x86::rsp);
    else a_.lea(param[2], x86::ptr(x86::rsp, args_));
    if (layout_.userOffset >= 0) a_.mov(param[3], x86::qword_ptr(closure, layout_.userOffset));
    else a_.mov(param[3], closure);
    a_.call(x86::qword_ptr(closure, layout_.funOffset));
    // 4. The return value.
    loadReturn();
    saveRestore(false);
    a_.add(x86::rsp, frame_);
    if (steps_) steps_->push_back({uint32_t(a_.offset()), 8});
    a_.ret();
    return {};
  }

 private:
  Error check() const {
    JITFFI_TRY(checkClosureEntry(plan_, {shape_, layout_, handler_}, kX64Registers, "x86-64 closure entry"));
    if (plan_.ret.mode == PassMode::kIndirect && plan_.piecesOf(plan_.ret)[0].loc != PieceLoc::kGp) {
      return fail(Status::kUnsupported, "x86-64 closure entry: a hidden result pointer on the stack");
    }
    return {};
  }

  // The register that carries the handler's parameter i (ctx, ret, args, user_data).
  x86::Gp handlerParam(uint32_t i) const { return gp(handler_.piecesOf(handler_.args[i])[0].reg); }

  // Saves (at entry) or restores (before returning) the registers the plan's ABI wants
  // preserved and the handler's convention does not (a Win64 closure with a SysV handler: rsi,
  // rdi, xmm6–xmm15).
  void saveRestore(bool save) {
    int32_t at = saveArea_;
    const uint32_t gpMask = saveGp_, vecMask = saveVec_;
    if (gpMask | vecMask) note(save ? "save what the caller's ABI preserves" : "restore it");
    for (unsigned r = 0; r < 16; ++r) {
      if (!(gpMask & (1u << r))) continue;
      if (save) a_.mov(x86::qword_ptr(x86::rsp, at), gp(r));
      else a_.mov(gp(r), x86::qword_ptr(x86::rsp, at));
      at += 8;
    }
    at = (at + 15) & ~15;
    for (unsigned r = 0; r < 16; ++r) {
      if (!(vecMask & (1u << r))) continue;
      if (save) a_.movaps(x86::xmmword_ptr(x86::rsp, at), x86::xmm(r));
      else a_.movaps(x86::xmm(r), x86::xmmword_ptr(x86::rsp, at));
      at += 16;
    }
  }

  // The offset of args[i] in the frame (above the handler's home area).
  int32_t slotOf(uint32_t i) const { return args_ + int32_t(8 * i); }

  void layoutFrame() {
    const uint32_t n = uint32_t(plan_.args.size()) + (plan_.variadic ? 1 : 0);
    auto buffered = [&](const ValuePlan& v) { return needsEntryBuffer(plan_, v, shape_) || v.mode == PassMode::kIgnore; };
    buffers_.assign(plan_.args.size(), 0);
    // Without a stack area for the handler (a SysV one), the first buffer goes at rsp itself,
    // below the args array: its address is rsp, stored with one `mov` (fillArg) instead of a
    // `lea` and a `mov`.
    uint32_t cur = home_;
    firstAtRsp_ = -1;
    for (size_t i = 0; i < plan_.args.size() && home_ == 0; ++i) {
      if (!buffered(plan_.args[i])) continue;
      firstAtRsp_ = int32_t(i);
      cur = uint32_t(alignTo(std::max<uint32_t>(plan_.args[i].size, 8), 8));
      break;
    }
    args_ = int32_t(cur);
    cur = uint32_t(alignTo(cur + 8 * n, 16));
    for (size_t i = 0; i < plan_.args.size(); ++i) {
      if (int32_t(i) == firstAtRsp_ || !buffered(plan_.args[i])) continue;
      cur = uint32_t(alignTo(cur, 16));
      buffers_[i] = int32_t(cur);
      cur += uint32_t(alignTo(std::max<uint32_t>(plan_.args[i].size, 8), 8));
    }
    cur = uint32_t(alignTo(cur, 16));
    retBuf_ = int32_t(cur);
    cur += uint32_t(alignTo(std::max<uint32_t>(plan_.ret.size, 16), 16));
    sretSave_ = int32_t(cur);
    cur += 16;
    if (plan_.variadic) {
      varFrame_ = int32_t(cur);
      cur += sizeof(VarArgsFrame);
    }
    cur = uint32_t(alignTo(cur, 16));
    saveArea_ = int32_t(cur);
    cur += uint32_t(alignTo(8 * uint32_t(__builtin_popcount(saveGp_)), 16)) + 16 * uint32_t(__builtin_popcount(saveVec_));
    // At entry rsp ≡ 8 (mod 16): the frame is ≡ 8 so that the handler call is aligned.
    frame_ = uint32_t(alignTo(cur, 16)) + 8;
    incoming_ = int32_t(frame_ + 8);
  }

  static uint64_t alignTo(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

  void saveVariadicRegisters() {
    note("variadic: save the argument registers");
    for (unsigned r = 0; r < 16; ++r) {
      if (plan_.argGpMask & (1u << r)) {
        const int32_t at = int32_t(offsetof(VarArgsFrame, regs.gp) + 8 * kX64Registers.gpSlot[r]);
        a_.mov(x86::qword_ptr(x86::rsp, varFrame_ + at), gp(r));
      }
    }
    for (unsigned v = 0; v < 16; ++v) {
      if (!(plan_.argVecMask & (1u << v))) continue;
      const int32_t at = int32_t(offsetof(VarArgsFrame, regs.vec) + 16 * kX64Registers.vecSlot[v]);
      a_.movups(x86::xmmword_ptr(x86::rsp, varFrame_ + at), x86::xmm(v));
    }
    a_.lea(x86::rax, x86::ptr(x86::rsp, incoming_));
    a_.mov(x86::qword_ptr(x86::rsp, varFrame_ + int32_t(offsetof(VarArgsFrame, stack))), x86::rax);
  }

  // Stores the register pieces of argument i: into its slot (slots shape, value in the slot),
  // into its buffer, or — a by-reference address — into its args entry.
  void spill(uint32_t i) {
    const ValuePlan& v = plan_.args[i];
    const Piece* p = plan_.piecesOf(v);
    const int32_t slot = slotOf(i);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      const Piece& pc = p[k];
      if (pc.loc == PieceLoc::kStack) continue;
      note(Note::piece(plan_, i, k));
      // Two 8-byte vector halves of one value, side by side in the buffer: one 16-byte store
      // (movlhps puts the second half in the first register's upper lane), so a handler that
      // reads the value with one 16-byte load forwards from one store instead of stalling.
      if (k + 1 < v.pieceCount && pc.loc == PieceLoc::kVec && p[k + 1].loc == PieceLoc::kVec &&
          pc.size == 8 && p[k + 1].size == 8 && p[k + 1].offset == pc.offset + 8 &&
          v.mode == PassMode::kDirect && !(shape_ == HandlerShape::kSlots && v.inSlot)) {
        a_.movlhps(x86::xmm(pc.reg), x86::xmm(p[k + 1].reg));
        a_.movups(x86::xmmword_ptr(x86::rsp, buffers_[i] + int32_t(pc.offset)), x86::xmm(pc.reg));
        ++k;
        continue;
      }
      int32_t at;
      if (v.mode == PassMode::kIndirect) at = slot;  // the address is what the handler gets
      else if (shape_ == HandlerShape::kSlots && v.inSlot) at = slot + int32_t(pc.offset);
      else at = buffers_[i] + int32_t(pc.offset);
      if (pc.loc == PieceLoc::kGp) {
        a_.mov(x86::qword_ptr(x86::rsp, at), gp(pc.reg));
      } else if (pc.size == 4) {
        a_.movss(x86::dword_ptr(x86::rsp, at), x86::xmm(pc.reg));
      } else if (pc.size == 8) {
        a_.movsd(x86::qword_ptr(x86::rsp, at), x86::xmm(pc.reg));
      } else {
        a_.movups(x86::xmmword_ptr(x86::rsp, at), x86::xmm(pc.reg));
      }
    }
  }

  void fillArg(uint32_t i) {
    const ValuePlan& v = plan_.args[i];
    const Piece* p = plan_.piecesOf(v);
    const int32_t slot = slotOf(i);
    if (v.mode == PassMode::kIndirect) {
      if (p[0].loc == PieceLoc::kStack) {
        note(Note::arg(i, "address of the caller's copy"));
        a_.mov(x86::rax, x86::qword_ptr(x86::rsp, incoming_ + p[0].stackOffset));
        a_.mov(x86::qword_ptr(x86::rsp, slot), x86::rax);
      }
      return;  // a register address was spilled into the slot
    }
    if (shape_ == HandlerShape::kSlots && v.inSlot) {
      for (uint32_t k = 0; k < v.pieceCount; ++k) {
        if (p[k].loc != PieceLoc::kStack) continue;
        note(Note::piece(plan_, i, k));
        a_.mov(x86::rax, x86::qword_ptr(x86::rsp, incoming_ + p[k].stackOffset));
        a_.mov(x86::qword_ptr(x86::rsp, slot), x86::rax);
      }
      return;
    }
    note(Note::arg(i, "value address"));
    if (passedWholeOnStack(plan_, v)) {
      a_.lea(x86::rax, x86::ptr(x86::rsp, incoming_ + p[0].stackOffset));
    } else {
      // Stack pieces of a value reassembled in a buffer (not produced by the x86-64 ABIs, but
      // the plan allows it).
      for (uint32_t k = 0; k < v.pieceCount; ++k) {
        if (p[k].loc != PieceLoc::kStack) continue;
        copyBytes(a_, x86::rsp, buffers_[i] + int32_t(p[k].offset), x86::rsp, incoming_ + p[k].stackOffset,
                  p[k].size, x86::r11, x86::Xmm());
      }
      if (int32_t(i) == firstAtRsp_) {
        a_.mov(x86::qword_ptr(x86::rsp, slot), x86::rsp);  // the buffer is at rsp
        return;
      }
      a_.lea(x86::rax, x86::ptr(x86::rsp, buffers_[i]));
    }
    a_.mov(x86::qword_ptr(x86::rsp, slot), x86::rax);
  }

  void loadReturn() {
    const ValuePlan& v = plan_.ret;
    if (v.mode == PassMode::kIndirect) {
      if (plan_.sretReturnReg >= 0) {
        note("ret: hand back the hidden result pointer");
        a_.mov(gp(unsigned(plan_.sretReturnReg)), x86::qword_ptr(x86::rsp, sretSave_));
      }
      return;
    }
    if (v.mode != PassMode::kDirect) return;
    std::vector<Piece> pieces(plan_.piecesOf(v), plan_.piecesOf(v) + v.pieceCount);
    // x87 values are pushed in reverse: the last pushed is st0.
    std::stable_sort(pieces.begin(), pieces.end(), [](const Piece& x, const Piece& y) {
      return x.loc == PieceLoc::kX87 && y.loc == PieceLoc::kX87 && x.reg > y.reg;
    });
    for (const Piece& pc : pieces) {
      const int32_t at = retBuf_ + int32_t(pc.offset);
      note(Note::ret(pc));
      switch (pc.loc) {
        case PieceLoc::kX87: a_.fld(x86::tword_ptr(x86::rsp, at)); break;
        case PieceLoc::kVec:
          if (pc.size == 4) a_.movss(x86::xmm(pc.reg), x86::dword_ptr(x86::rsp, at));
          else if (pc.size == 8) a_.movsd(x86::xmm(pc.reg), x86::qword_ptr(x86::rsp, at));
          else a_.movups(x86::xmm(pc.reg), x86::xmmword_ptr(x86::rsp, at));
          break;
        case PieceLoc::kGp:
          // Narrow integers are widened from exactly their size (a handler may write just
          // those bytes); other pieces read whole 8 bytes of the buffer (the bytes past the
          // value are undefined in the register, as the ABI allows).
          if (pc.ext != Ext::kNone && pc.size < 8) loadGp(a_, gp(pc.reg), mem(x86::rsp, at, pc.size), pc.size, pc.ext);
          else a_.mov(gp(pc.reg), x86::qword_ptr(x86::rsp, at));
          break;
        case PieceLoc::kStack: break;
      }
    }
  }


  x86::Assembler& a_;
  const CallPlan& plan_;
  HandlerShape shape_;
  ClosureLayout layout_;
  const CallPlan& handler_;    // the handler call (handlerCallPlan)
  uint32_t saveGp_, saveVec_;  // what the entry saves and restores
  uint32_t home_;              // the handler's stack area at rsp (Win64: its home area)
  int32_t args_ = 0;           // the args array's offset: above the home area, or the buffer at rsp
  int32_t firstAtRsp_ = -1;    // the argument whose buffer is at rsp (-1: none)
  CfaSteps* steps_;
  std::vector<int32_t> buffers_;
  int32_t retBuf_ = 0, sretSave_ = 0, varFrame_ = 0, incoming_ = 0, saveArea_ = 0;
  uint32_t frame_ = 0;
  Notes note;
};

}  // namespace

Error emitX64ClosureEntry(x86::Assembler& a, const CallPlan& plan, const ClosureEntrySpec& spec, CfaSteps* steps) {
  if (plan.arch != Arch::kX64 || spec.handler.arch != Arch::kX64) {
    return fail(Status::kBadAbi, "x86-64 closure emitter given a non-x86-64 plan");
  }
  return ClosureEmitter(a, plan, spec, steps).run();
}

}  // namespace jitffi::internal
