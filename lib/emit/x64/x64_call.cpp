// SPDX-License-Identifier: MIT
// The x86-64 call-stub emitter (serves SysV and Win64 plans).
//
// The stub is called with the host convention (SysV on Linux):
//   rdi = ctx (unused), rsi = fn, rdx = rvalue, rcx = avalues or slots, r8d = errnoIn (errno
//   stubs, emit_p.h).
// It does, with no loop and no type dispatch:
//   push rdx                      ; keep rvalue, align the stack to 16
//   sub rsp, stack+copies         ; outgoing argument area, then caller-made copies
//   mov fs:[errno], r8d           ; errno stubs that set it: first, as r8 may carry an argument
//   phase 1: stack pieces and copies (all argument registers are still free for scratch)
//   phase 2: register pieces (the argument that overwrites the args base register goes last)
//   hidden result pointer, vector count
//   call fn                       ; (jmp fn when nothing follows: no result, no errno, no frame)
//   store the return pieces to rvalue (integers narrower than 8 bytes widened to 8)
//   mov eax, fs:[errno]           ; errno stubs: their result (only moves since the call)
#include <algorithm>
#include <span>

#include "x64_p.h"

namespace jitffi::internal {

using namespace asmjit;
using namespace x64emit;

namespace {

// A return value travels in at most this many pieces (SysV: two eightbytes, or st0 and st1).
constexpr uint32_t kMaxReturnPieces = 4;

// Copies larger than this use `rep movsb` instead of unrolled moves (keeps stubs small).
constexpr uint32_t kInlineCopyMax = 128;

x86::Gp gp(unsigned id) { return x86::gpq(id); }

class CallEmitter {
 public:
  CallEmitter(x86::Assembler& a, const CallPlan& plan, CallShape shape, const StubParams& params, CfaSteps* steps)
      : a_(a), plan_(plan), shape_(shape), boundFn_(params.boundFn), errnoOffset_(params.errnoOffset), steps_(steps),
        note(a) {}

  Error run() {
    if (plan_.errnoMode != ErrnoMode::kNone && errnoOffset_ != int32_t(errnoOffset_)) {
      return fail(Status::kUnsupported, "x86-64 emitter: errno lies beyond 2 GiB of the thread pointer");
    }
    const uint32_t frame = plan_.stackBytes + plan_.copyBytes;
    uint32_t targets = 0;  // GP registers written before the call
    bool bigCopy = false;
    for (const ValuePlan& v : plan_.args) {
      const Piece* p = plan_.piecesOf(v);
      for (uint32_t k = 0; k < v.pieceCount; ++k) {
        if (p[k].loc == PieceLoc::kGp) targets |= 1u << p[k].reg;
        if (p[k].loc == PieceLoc::kStack && p[k].size > kInlineCopyMax) bigCopy = true;
        if ((p[k].loc == PieceLoc::kVec && p[k].size != 4 && p[k].size != 8 && p[k].size != 16) ||
            p[k].loc == PieceLoc::kX87) {
          return fail(Status::kUnsupported, "x86-64 emitter: unexpected argument piece");
        }
      }
      if (v.mode == PassMode::kIndirect && v.size > kInlineCopyMax) bigCopy = true;
    }
    if (plan_.ret.pieceCount > kMaxReturnPieces) {
      return fail(Status::kUnsupported, "x86-64 emitter: unexpected return pieces");
    }
    if (plan_.ret.mode == PassMode::kIndirect) {
      const Piece& p = plan_.piecesOf(plan_.ret)[0];
      if (p.loc != PieceLoc::kGp) return fail(Status::kUnsupported, "x86-64 emitter: sret on stack");
      targets |= 1u << p.reg;
    }

    // Nothing to do after the call (no result to store, no errno to read, no frame: the
    // callee's arguments all in registers): the stub jumps to the function, which returns
    // straight to the stub's caller with the stack as the caller left it (rsp ≡ 8 mod 16, as at
    // any function's entry). One call and return fewer; no frame for the unwinder.
    const bool tail = frame == 0 && plan_.ret.mode == PassMode::kIgnore && plan_.errnoMode == ErrnoMode::kNone;
    if (!tail) {
      a_.push(x86::rdx);
      cfa(16);
    }
    if (frame) {
      a_.sub(x86::rsp, frame);
      cfa(16 + frame);
    }
    if (plan_.errnoMode == ErrnoMode::kSetAndCapture) {
      note("errno = errnoIn");
      a_.mov(errnoMem(), x86::r8d);
    }
    fn_ = x86::rsi;
    if (!boundFn_ && (bigCopy || (targets & (1u << x86::Gp::kIdSi)))) {
      a_.mov(x86::r11, x86::rsi);
      fn_ = x86::r11;
    }
    base_ = x86::rcx;
    if (bigCopy) {
      a_.mov(x86::r10, x86::rcx);
      base_ = x86::r10;
    }

    // Phase 1: stack pieces and copies. Scratch: rax (value pointer), rdx (data), xmm0.
    for (size_t i = 0; i < plan_.args.size(); ++i) stackPhase(uint32_t(i));

    // Phase 2: register pieces; the argument that writes the base register comes last.
    int last = -1;
    for (size_t i = 0; i < plan_.args.size(); ++i) {
      if (writesReg(plan_.args[i], base_.id())) last = int(i);
      else registerPhase(uint32_t(i));
    }
    if (last >= 0) registerPhase(uint32_t(last));

    if (plan_.ret.mode == PassMode::kIndirect) {
      // The hidden result pointer is rvalue, saved by the first push.
      note("ret: hidden result pointer");
      a_.mov(gp(plan_.piecesOf(plan_.ret)[0].reg), x86::qword_ptr(x86::rsp, int32_t(frame)));
    }
    if (plan_.countReg >= 0) {
      note("vector register count");
      if (plan_.countValue == 0) a_.xor_(gp(plan_.countReg).r32(), gp(plan_.countReg).r32());
      else a_.mov(gp(plan_.countReg).r32(), plan_.countValue);
    }

    Label fnLiteral;
    if (boundFn_) fnLiteral = a_.newLabel();
    if (tail) {
      note("tail call: nothing to do after it");
      if (boundFn_) a_.jmp(x86::qword_ptr(fnLiteral));
      else a_.jmp(fn_);
    } else {
      if (boundFn_) a_.call(x86::qword_ptr(fnLiteral));
      else a_.call(fn_);
      afterCall(frame);
    }
    if (boundFn_) embedAddress(a_, fnLiteral, boundFn_);
    return {};
  }

 private:
  // After the call: the result stored, the frame dropped, errno read, the return.
  void afterCall(uint32_t frame) {
    if (plan_.ret.mode == PassMode::kDirect) {
      if (frame) {
        a_.add(x86::rsp, frame);
        cfa(16);
      }
      a_.pop(x86::rcx);
      cfa(8);
      storeReturn(x86::rcx);
    } else {
      a_.add(x86::rsp, frame + 8);
      cfa(8);
    }
    if (plan_.errnoMode != ErrnoMode::kNone) {
      note("result: errno as the function left it");
      a_.mov(x86::eax, errnoMem());
    }
    a_.ret();
  }

  // Records that from here on the frame address is rsp + offset.
  void cfa(uint32_t offset) {
    if (steps_) steps_->push_back({uint32_t(a_.offset()), offset});
  }

  bool writesReg(const ValuePlan& v, uint32_t reg) const {
    const Piece* p = plan_.piecesOf(v);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      if (p[k].loc == PieceLoc::kGp && p[k].reg == reg) return true;
    }
    return false;
  }

  // Where argument i's value is: either directly in its slot, or behind the pointer in it
  // (loaded into `ptr`).
  x86::Gp valueBase(uint32_t i, const x86::Gp& ptr, int32_t& disp) {
    const ValuePlan& v = plan_.args[i];
    if (shape_ == CallShape::kSlots && v.inSlot) {
      disp = int32_t(i * 8);
      return base_;
    }
    a_.mov(ptr, x86::qword_ptr(base_, int32_t(i * 8)));
    disp = 0;
    return ptr;
  }

  void stackPhase(uint32_t i) {
    const ValuePlan& v = plan_.args[i];
    const Piece* p = plan_.piecesOf(v);
    bool any = v.mode == PassMode::kIndirect;
    for (uint32_t k = 0; k < v.pieceCount && !any; ++k) any = p[k].loc == PieceLoc::kStack;
    if (!any) return;

    note(Note::arg(i, "value address"));
    int32_t disp = 0;
    const x86::Gp src = valueBase(i, x86::rax, disp);
    if (v.mode == PassMode::kIndirect) {
      const int32_t copyAt = int32_t(plan_.stackBytes + v.copyOffset);
      note(Note::arg(i, "caller-made copy"));
      copy(x86::rsp, copyAt, src, disp, v.size);
      if (p[0].loc == PieceLoc::kStack) {
        note(Note::arg(i, "copy address"));
        a_.lea(x86::rdx, x86::ptr(x86::rsp, copyAt));
        a_.mov(x86::qword_ptr(x86::rsp, p[0].stackOffset), x86::rdx);
      }
      return;
    }
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      if (p[k].loc != PieceLoc::kStack) continue;
      note(Note::piece(plan_, i, k));
      if (p[k].ext != Ext::kNone) {
        loadGp(a_, x86::rdx, mem(src, disp + int32_t(p[k].offset), p[k].size), p[k].size, p[k].ext);
        storeGp(a_, x86::rsp, p[k].stackOffset, x86::rdx, p[k].width);
      } else {
        copy(x86::rsp, p[k].stackOffset, src, disp + int32_t(p[k].offset), p[k].size);
      }
    }
  }

  void copy(const x86::Gp& dst, int32_t dstDisp, const x86::Gp& src, int32_t srcDisp, uint32_t n) {
    if (n > kInlineCopyMax) {
      // fn and the args base were moved to r11/r10, so rsi, rdi and rcx are free.
      a_.lea(x86::rsi, x86::ptr(src, srcDisp));
      a_.lea(x86::rdi, x86::ptr(dst, dstDisp));
      a_.mov(x86::ecx, n);
      a_.rep().movs(x86::byte_ptr(x86::rdi), x86::byte_ptr(x86::rsi));
      return;
    }
    copyBytes(a_, dst, dstDisp, src, srcDisp, n, x86::rdx, x86::xmm0);
  }

  void registerPhase(uint32_t i) {
    const ValuePlan& v = plan_.args[i];
    const Piece* p = plan_.piecesOf(v);
    if (v.mode == PassMode::kIndirect) {
      if (p[0].loc == PieceLoc::kGp) {
        note(Note::arg(i, "copy address"));
        a_.lea(gp(p[0].reg), x86::ptr(x86::rsp, int32_t(plan_.stackBytes + v.copyOffset)));
      }
      return;
    }
    uint32_t regCount = 0, firstReg = 0;  // the pieces in registers
    for (uint32_t k = v.pieceCount; k-- > 0;) {
      if (p[k].loc != PieceLoc::kStack) ++regCount, firstReg = k;
    }
    if (regCount == 0) return;

    int32_t disp = 0;
    x86::Gp src;
    if (shape_ == CallShape::kSlots && v.inSlot) {
      disp = int32_t(i * 8);
      src = base_;
    } else if (regCount == 1 && p[firstReg].loc == PieceLoc::kGp && isPow2Size(p[firstReg].size)) {
      // One GP piece: load the value's address into the target register itself.
      src = gp(p[firstReg].reg);
      note(Note::arg(i, "value address"));
      a_.mov(src, x86::qword_ptr(base_, int32_t(i * 8)));
    } else {
      src = x86::rax;
      note(Note::arg(i, "value address"));
      a_.mov(src, x86::qword_ptr(base_, int32_t(i * 8)));
    }
    for (uint32_t k = firstReg; k < v.pieceCount; ++k) {
      const Piece& pc = p[k];
      if (pc.loc == PieceLoc::kStack) continue;
      const int32_t at = disp + int32_t(pc.offset);
      note(Note::piece(plan_, i, k));
      if (pc.loc == PieceLoc::kVec) {
        const x86::Xmm x = x86::xmm(pc.reg);
        if (pc.size == 4) a_.movss(x, x86::dword_ptr(src, at));
        else if (pc.size == 8) a_.movsd(x, x86::qword_ptr(src, at));
        else a_.movups(x, x86::xmmword_ptr(src, at));
        continue;
      }
      const x86::Gp dst = gp(pc.reg);
      if (isPow2Size(pc.size)) {
        loadGp(a_, dst, mem(src, at, pc.size), pc.size, pc.ext);
      } else if (v.size >= 8 && pc.offset + pc.size >= 8) {
        // The tail of a value of 8 bytes or more: load the 8 bytes ending at the piece's end
        // and shift out the bytes that belong to the previous piece.
        a_.mov(dst, x86::qword_ptr(src, at + int32_t(pc.size) - 8));
        a_.shr(dst, (8 - pc.size) * 8);
      } else {
        // A whole value of 3, 5, 6 or 7 bytes, its address in rax (which it may consume).
        loadOdd(dst, src, at, pc.size);
      }
    }
  }

  // Loads n ∈ {3,5,6,7} bytes at [p+at] into dst using p as the second register.
  void loadOdd(const x86::Gp& dst, const x86::Gp& p, int32_t at, uint32_t n) {
    switch (n) {
      case 3:
        a_.movzx(dst.r32(), x86::byte_ptr(p, at + 2));
        a_.shl(dst, 16);
        a_.movzx(p.r32(), x86::word_ptr(p, at));
        break;
      case 5:
      case 6:
        if (n == 5) a_.movzx(dst.r32(), x86::byte_ptr(p, at + 4));
        else a_.movzx(dst.r32(), x86::word_ptr(p, at + 4));
        a_.shl(dst, 32);
        a_.mov(p.r32(), x86::dword_ptr(p, at));
        break;
      default:  // 7: bytes 3..6 overlap byte 3 of the low load with equal bits
        a_.mov(dst.r32(), x86::dword_ptr(p, at + 3));
        a_.shl(dst, 24);
        a_.mov(p.r32(), x86::dword_ptr(p, at));
        break;
    }
    a_.or_(dst, p);
  }

  void storeReturn(const x86::Gp& out) {
    const ValuePlan& v = plan_.ret;
    // x87 values pop in register order: st0 first, then what was st1 (run() checked that there
    // are at most kMaxReturnPieces); the other pieces keep their order. (An insertion sort: stable,
    // and unlike std::stable_sort it takes no temporary buffer from the heap.)
    Piece pieces[kMaxReturnPieces];
    std::copy(plan_.piecesOf(v), plan_.piecesOf(v) + v.pieceCount, pieces);
    auto popsFirst = [](const Piece& x, const Piece& y) {
      return x.loc == PieceLoc::kX87 && y.loc == PieceLoc::kX87 && x.reg < y.reg;
    };
    for (uint32_t k = 1; k < v.pieceCount; ++k)
      for (uint32_t j = k; j > 0 && popsFirst(pieces[j], pieces[j - 1]); --j) std::swap(pieces[j], pieces[j - 1]);
    for (const Piece& pc : std::span(pieces, v.pieceCount)) {
      note(Note::ret(pc));
      switch (pc.loc) {
        case PieceLoc::kX87: a_.fstp(x86::tword_ptr(out, int32_t(pc.offset))); break;
        case PieceLoc::kVec:
          if (pc.size == 4) a_.movss(x86::dword_ptr(out, int32_t(pc.offset)), x86::xmm(pc.reg));
          else if (pc.size == 8) a_.movsd(x86::qword_ptr(out, int32_t(pc.offset)), x86::xmm(pc.reg));
          else a_.movups(x86::xmmword_ptr(out, int32_t(pc.offset)), x86::xmm(pc.reg));
          break;
        case PieceLoc::kGp: {
          const x86::Gp r = gp(pc.reg);
          if (pc.ext != Ext::kNone && pc.size < 8) {
            // ffi_call's rule: integral returns narrower than ffi_arg are widened to it.
            widen(r, pc.size, pc.ext);
            a_.mov(x86::qword_ptr(out, int32_t(pc.offset)), r);
          } else {
            storeGp(a_, out, int32_t(pc.offset), r, pc.size);
          }
          break;
        }
        case PieceLoc::kStack: break;
      }
    }
  }

  void widen(const x86::Gp& r, uint32_t size, Ext ext) {
    const bool s = ext == Ext::kSext;
    switch (size) {
      case 1: s ? a_.movsx(r, r.r8()) : a_.movzx(r.r32(), r.r8()); break;
      case 2: s ? a_.movsx(r, r.r16()) : a_.movzx(r.r32(), r.r16()); break;
      case 4: s ? a_.movsxd(r, r.r32()) : a_.mov(r.r32(), r.r32()); break;
      default: break;
    }
  }

  static bool isPow2Size(uint32_t n) { return n == 1 || n == 2 || n == 4 || n == 8; }

  // The calling thread's errno: fs is based at the thread pointer (ABI[elf-tls x86-64]: the
  // thread pointer is fs's base, and %fs:0 holds it), errno at a fixed offset from it (emit_p.h).
  x86::Mem errnoMem() const {
    x86::Mem m = x86::dword_ptr_abs(uint64_t(errnoOffset_));
    m.setSegment(x86::fs);
    return m;
  }

  x86::Assembler& a_;
  const CallPlan& plan_;
  CallShape shape_;
  const void* boundFn_;
  int64_t errnoOffset_;
  CfaSteps* steps_;
  x86::Gp fn_;
  x86::Gp base_;
  Notes note;
};

}  // namespace

Error emitX64Call(x86::Assembler& a, const CallPlan& plan, CallShape shape, const StubParams& params,
                  CfaSteps* steps) {
  if (plan.arch != Arch::kX64) return fail(Status::kBadAbi, "x86-64 emitter given a non-x86-64 plan");
  return CallEmitter(a, plan, shape, params, steps).run();
}

}  // namespace jitffi::internal
