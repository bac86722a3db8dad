// SPDX-License-Identifier: MIT
// The AArch64 call-stub emitter (serves AAPCS64 plans).
//
// The stub is called with the host convention (AAPCS64):
//   x0 = ctx (unused), x1 = fn, x2 = rvalue, x3 = avalues or slots, w4 = errnoIn (errno stubs,
//   emit_p.h).
// It does, with no loop (but for copies of large values) and no type dispatch:
//   bti c                          ; reached by blr
//   stp x2, x30, [sp, -16]!        ; keep rvalue and the return address (ABI[aapcs64 2020Q2
//                                  ; 6.2.2.2]: sp stays 16-aligned at the call)
//   sub sp, sp, stack+copies       ; outgoing argument area, then caller-made copies
//   mrs x9, tpidr_el0 ; str w4, [x9, errno]   ; errno stubs that set it (before x4 carries an
//                                  ; argument)
//   phase 1: stack pieces and copies (the argument registers are still free; scratch x9–x15,
//            v16, v17 — ABI[aapcs64 2020Q2 6.1.1, 6.1.2]: temporaries no argument uses)
//   phase 2: register pieces (the argument that overwrites the args base x3 goes last)
//   blr fn
//   add sp, sp, stack+copies ; ldp x2, x30, [sp], 16
//   store the return pieces to rvalue (integers narrower than 8 bytes widened to 8)
//   mrs x9, tpidr_el0 ; ldr w0, [x9, errno]   ; errno stubs: their result
//   ret
// A stub that stores no result, passes nothing on the stack and reads no errno keeps no frame:
// it tail-calls the target (br x16: a branch a `bti c` accepts) with the caller's return address.
// Loads and stores go through a64emit::Moves, which pairs neighbours into ldp/stp; the
// arguments are therefore moved two at a time (both pointers, then both values).
#include <string>
#include <vector>

#include "a64_p.h"

namespace jitffi::internal {

using namespace asmjit;
using namespace a64emit;

namespace {

// Registers the stub uses for itself: x9–x15 scratch, x16 the target, x17 far addresses,
// v16/v17 copies. No plan may put an argument there.
constexpr uint32_t kStubGp = 0x3FE00u;  // x9–x17
constexpr unsigned kFirstStubVec = 16;

const Gp kPtr[2] = {a64::x9, a64::x10};      // phase 1: value addresses
const Gp kVal[2] = {a64::x11, a64::x12};     // phase 1: values, copy temporaries
const Gp kLoop[3] = {a64::x13, a64::x14, a64::x15};
const Vec kVtmp[2] = {a64::v16, a64::v17};
const Gp kOddTmp = a64::x15;                 // the high part of a 3-, 5-, 6- or 7-byte load
const Gp kScratchPtr[6] = {a64::x9, a64::x10, a64::x11, a64::x12, a64::x13, a64::x14};  // phase 2

class CallEmitter {
 public:
  CallEmitter(Assembler& a, const CallPlan& plan, CallShape shape, const StubParams& params, CfaSteps* steps)
      : a_(a), plan_(plan), shape_(shape), boundFn_(params.boundFn), errnoOffset_(params.errnoOffset), steps_(steps),
        note_(a), m_(a, note_, a64::x17) {}

  Error run() {
    JITFFI_TRY(check());
    const uint64_t area = uint64_t(plan_.stackBytes) + plan_.copyBytes;
    const bool frame = plan_.ret.mode == PassMode::kDirect || area != 0 || plan_.errnoMode != ErrnoMode::kNone;
    note_("bti c");
    btiC(a_);
    uint32_t cfa = 0;
    if (frame) {
      note_("keep rvalue and the return address");
      a_.stp(a64::x2, a64::x30, a64::ptr_pre(a64::sp, -16));
      cfa = 16;
      if (steps_) steps_->push_back({uint32_t(a_.offset()), cfa, -8});
      moveSp(m_, -int64_t(area), cfa, steps_);
    }
    if (plan_.errnoMode == ErrnoMode::kSetAndCapture) {
      threadPointer();
      m_.store(a64::w4, a64::x9, errnoOffset_, "errno = errnoIn");
    }
    if (plan_.ret.mode == PassMode::kIndirect) {
      // ABI[aapcs64 2020Q2 6.5]: the result's address in the indirect result register (x8).
      note_("ret: hidden result pointer");
      a_.mov(a64::x(plan_.piecesOf(plan_.ret)[0].reg), a64::x2);
    }
    // The target: in x1 unless an argument goes there, or in x16 for a tail call (BTI: `bti c`
    // accepts br only through x16 and x17).
    fn_ = a64::x1;
    if (!boundFn_ && ((targets_ & (1u << 1)) || !frame)) {
      note_("the target");
      a_.mov(a64::x16, a64::x1);
      fn_ = a64::x16;
    }

    stackPhase();
    registerPhase();

    Label fnLiteral;
    if (boundFn_) {
      fnLiteral = a_.newLabel();
      m_.a();
      note_("the target");
      a_.ldr(a64::x16, a64::ptr(fnLiteral));
      fn_ = a64::x16;
    }
    m_.flush();
    if (!frame) {
      a_.br(fn_);
    } else {
      a_.blr(fn_);
      moveSp(m_, int64_t(area), cfa, steps_);
      a_.ldp(a64::x2, a64::x30, a64::ptr_post(a64::sp, 16));
      cfa = 0;
      if (steps_) steps_->push_back({uint32_t(a_.offset()), cfa, 0});
      storeReturn();
      if (plan_.errnoMode != ErrnoMode::kNone) {
        threadPointer();
        m_.load(a64::w0, a64::x9, errnoOffset_, "result: errno as the function left it");
      }
      m_.flush();
      a_.ret(a64::x30);
    }
    if (boundFn_) embedAddress(a_, fnLiteral, boundFn_);
    return {};
  }

 private:
  Error check() {
    auto bad = [](const std::string& why) { return fail(Status::kUnsupported, "AArch64 emitter: " + why); };
    for (size_t i = 0; i < plan_.args.size(); ++i) {
      const ValuePlan& v = plan_.args[i];
      const Piece* p = plan_.piecesOf(v);
      for (uint32_t k = 0; k < v.pieceCount; ++k) {
        switch (p[k].loc) {
          case PieceLoc::kGp:
            if (p[k].reg >= 29 || p[k].size == 0 || p[k].size > 8 || ((1u << p[k].reg) & kStubGp)) {
              return bad("an unexpected general-register piece");
            }
            targets_ |= 1u << p[k].reg;
            break;
          case PieceLoc::kVec:
            if ((p[k].size != 4 && p[k].size != 8 && p[k].size != 16) || p[k].reg >= kFirstStubVec) {
              return bad("an unexpected vector piece");
            }
            break;
          case PieceLoc::kX87: return bad("an x87 piece");
          case PieceLoc::kStack:
            if (p[k].size == 0) return bad("an empty stack piece");
            break;
        }
      }
    }
    if (plan_.ret.mode == PassMode::kIndirect) {
      const Piece& p = plan_.piecesOf(plan_.ret)[0];
      if (p.loc != PieceLoc::kGp || p.reg >= 29 || ((1u << p.reg) & (targets_ | kStubGp | 0xF))) {
        return bad("a hidden result pointer outside a free register");
      }
    } else if (plan_.ret.mode == PassMode::kDirect) {
      // The return pieces are stored through x2 (rvalue).
      const Piece* p = plan_.piecesOf(plan_.ret);
      for (uint32_t k = 0; k < plan_.ret.pieceCount; ++k) {
        if ((p[k].loc == PieceLoc::kGp && (p[k].reg == 2 || p[k].reg >= 29 || p[k].size > 8)) ||
            (p[k].loc == PieceLoc::kVec && p[k].size != 4 && p[k].size != 8 && p[k].size != 16) ||
            p[k].loc == PieceLoc::kX87 || p[k].loc == PieceLoc::kStack) {
          return bad("an unexpected return piece");
        }
      }
    }
    if (plan_.countReg >= 0) return bad("a register count at the call");
    return {};
  }

  // x9 = the thread pointer, errno at a fixed offset from it (emit_p.h; ABI[elf-tls aarch64]:
  // tpidr_el0 holds the thread pointer, variant I: the TLS blocks above it).
  void threadPointer() {
    m_.note("the thread pointer");
    a_.mrs(a64::x9, Imm(a64::Predicate::SysReg::kTPIDR_EL0));
  }

  // Where argument i's value is: in its slot, or behind the pointer in its avalues entry (or
  // non-inline slot), loaded into `ptr` (through m_, so that two such loads pair).
  Gp valueBase(uint32_t i, const Gp& ptr, int64_t& disp) {
    if (shape_ == CallShape::kSlots && plan_.args[i].inSlot) {
      disp = int64_t(i) * 8;
      return a64::x3;
    }
    m_.load(ptr, a64::x3, int64_t(i) * 8, Note::arg(i, "value address"));
    disp = 0;
    return ptr;
  }

  bool hasStackWork(const ValuePlan& v) const {
    if (v.mode == PassMode::kIndirect) return true;
    const Piece* p = plan_.piecesOf(v);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      if (p[k].loc == PieceLoc::kStack) return true;
    }
    return false;
  }

  // An argument passed whole in one stack piece of 1, 2, 4 or 8 bytes (a scalar): moved through
  // one register, two arguments at a time.
  const Piece* scalarStackPiece(const ValuePlan& v) const {
    const Piece* p = plan_.piecesOf(v);
    if (v.mode != PassMode::kDirect || v.pieceCount != 1 || p[0].loc != PieceLoc::kStack) return nullptr;
    const uint32_t n = p[0].size;
    return (n == 1 || n == 2 || n == 4 || n == 8) ? p : nullptr;
  }

  // Phase 1: everything that goes to the stack: scalars two at a time, the rest one by one.
  void stackPhase() {
    std::vector<uint32_t> scalars;
    for (uint32_t i = 0; i < plan_.args.size(); ++i) {
      const ValuePlan& v = plan_.args[i];
      if (!hasStackWork(v)) continue;
      if (scalarStackPiece(v)) {
        scalars.push_back(i);
        if (scalars.size() == 2) {
          stackScalars(scalars);
          scalars.clear();
        }
      } else {
        stackValue(i);
      }
    }
    if (!scalars.empty()) stackScalars(scalars);
  }

  void stackScalars(const std::vector<uint32_t>& args) {
    Gp src[2];
    int64_t disp[2];
    for (size_t k = 0; k < args.size(); ++k) src[k] = valueBase(args[k], kPtr[k], disp[k]);
    for (size_t k = 0; k < args.size(); ++k) {
      const Piece& p = *scalarStackPiece(plan_.args[args[k]]);
      m_.loadGp(kVal[k], src[k], disp[k] + p.offset, p.size, p.ext, kOddTmp, Note::piece(plan_, args[k], 0));
    }
    for (size_t k = 0; k < args.size(); ++k) {
      const Piece& p = *scalarStackPiece(plan_.args[args[k]]);
      m_.storeGp(kVal[k], a64::sp, p.stackOffset, p.ext != Ext::kNone ? p.width : p.size);
    }
  }

  void stackValue(uint32_t i) {
    const ValuePlan& v = plan_.args[i];
    const Piece* p = plan_.piecesOf(v);
    int64_t disp = 0;
    const Gp src = valueBase(i, kPtr[0], disp);
    if (v.mode == PassMode::kIndirect) {
      // ABI[aapcs64 2020Q2 6.4.2 B.4]: the caller's copy, in the copy area above the outgoing
      // arguments; its address travels in p[0] (a register: phase 2).
      const int64_t copyAt = int64_t(plan_.stackBytes) + v.copyOffset;
      m_.copy(a64::sp, copyAt, src, disp, v.size, kVal, kVtmp, kLoop, Note::arg(i, "caller-made copy"));
      if (p[0].loc == PieceLoc::kStack) {
        m_.note(Note::arg(i, "copy address"));
        m_.addImm(kVal[0], a64::sp, copyAt);
        m_.store(kVal[0], a64::sp, p[0].stackOffset);
      }
      return;
    }
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      if (p[k].loc != PieceLoc::kStack) continue;
      if (p[k].ext != Ext::kNone) {
        m_.loadGp(kVal[0], src, disp + p[k].offset, p[k].size, p[k].ext, kOddTmp, Note::piece(plan_, i, k));
        m_.storeGp(kVal[0], a64::sp, p[k].stackOffset, p[k].width);
      } else {
        m_.copy(a64::sp, p[k].stackOffset, src, disp + p[k].offset, p[k].size, kVal, kVtmp, kLoop,
                Note::piece(plan_, i, k));
      }
    }
  }

  bool hasRegisterWork(const ValuePlan& v) const {
    const Piece* p = plan_.piecesOf(v);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      if (p[k].loc != PieceLoc::kStack) return true;
    }
    return false;
  }

  bool writesBase(const ValuePlan& v) const {
    const Piece* p = plan_.piecesOf(v);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      if (p[k].loc == PieceLoc::kGp && p[k].reg == 3) return true;
    }
    return false;
  }

  // Phase 2: the register pieces, two arguments at a time (neighbours, whose value addresses
  // pair). The argument that writes x3, the args base, goes last, with a neighbour if one is
  // left: every other read of the base comes before.
  void registerPhase() {
    std::vector<uint32_t> order;
    int last = -1;
    for (uint32_t i = 0; i < plan_.args.size(); ++i) {
      if (!hasRegisterWork(plan_.args[i])) continue;
      if (writesBase(plan_.args[i])) last = int(i);
      else order.push_back(i);
    }
    std::vector<uint32_t> lastGroup;
    if (last >= 0) {
      for (size_t k = 0; k < order.size(); ++k) {
        if (order[k] + 1 == uint32_t(last) || order[k] == uint32_t(last) + 1) {
          lastGroup.push_back(order[k]);
          order.erase(order.begin() + ptrdiff_t(k));
          break;
        }
      }
      lastGroup.push_back(uint32_t(last));
    }
    for (size_t k = 0; k < order.size();) {
      const bool pair = k + 1 < order.size() && order[k + 1] == order[k] + 1;
      registerGroup(pair ? std::vector<uint32_t>{order[k], order[k + 1]} : std::vector<uint32_t>{order[k]});
      k += pair ? 2 : 1;
    }
    if (!lastGroup.empty()) registerGroup(lastGroup);
  }

  // The register pieces of argument i (in piece order).
  std::vector<uint32_t> registerPieces(const ValuePlan& v) const {
    std::vector<uint32_t> r;
    const Piece* p = plan_.piecesOf(v);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      if (p[k].loc != PieceLoc::kStack) r.push_back(k);
    }
    return r;
  }

  // Moves one or two arguments: first the addresses of both values, then the values (the one
  // that writes x3, if any, second).
  void registerGroup(const std::vector<uint32_t>& args) {
    Gp src[2];
    int64_t disp[2] = {0, 0};
    bool readsBase = false;  // a value read from its slot, after the addresses
    for (uint32_t i : args) readsBase |= shape_ == CallShape::kSlots && plan_.args[i].inSlot;
    for (size_t k = 0; k < args.size(); ++k) {
      const ValuePlan& v = plan_.args[args[k]];
      if (v.mode == PassMode::kIndirect) continue;
      const std::vector<uint32_t> regs = registerPieces(v);
      const Piece& first = plan_.piecesOf(v)[regs[0]];
      // A value in one general register: its address goes to that register itself (unless that
      // is the base, still to be read).
      const bool own = regs.size() == 1 && first.loc == PieceLoc::kGp && !(first.reg == 3 && readsBase);
      const Gp ptr = own ? a64::x(first.reg) : kScratchPtr[nextScratch_++ % 6];
      src[k] = valueBase(args[k], ptr, disp[k]);
    }
    for (size_t k = 0; k < args.size(); ++k) {
      const uint32_t i = args[k];
      const ValuePlan& v = plan_.args[i];
      const Piece* p = plan_.piecesOf(v);
      if (v.mode == PassMode::kIndirect) {
        m_.note(Note::arg(i, "copy address"));
        m_.addImm(a64::x(p[0].reg), a64::sp, int64_t(plan_.stackBytes) + v.copyOffset);
        continue;
      }
      for (uint32_t k2 : registerPieces(v)) {
        const Piece& pc = p[k2];
        const int64_t at = disp[k] + pc.offset;
        const Note note = Note::piece(plan_, i, k2);
        if (pc.loc == PieceLoc::kVec) {
          m_.load(reg(PieceLoc::kVec, pc.reg, pc.size), src[k], at, note);
        } else if (isPow2(pc.size) || v.size < 8 || pc.offset + pc.size < 8) {
          m_.loadGp(a64::x(pc.reg), src[k], at, pc.size, pc.ext, kOddTmp, note);
        } else {
          // The tail of a value of 8 bytes or more: the 8 bytes ending at the piece's end,
          // shifted down past the bytes of the previous piece.
          m_.load(a64::x(pc.reg), src[k], at + pc.size - 8, note);
          m_.a().lsr(a64::x(pc.reg), a64::x(pc.reg), (8 - pc.size) * 8);
        }
      }
    }
  }

  static bool isPow2(uint32_t n) { return n == 1 || n == 2 || n == 4 || n == 8; }

  // Stores the return pieces to rvalue (x2). ffi_call's rule: integral returns narrower than
  // ffi_arg are widened to it (ABI[aapcs64 2020Q2 6.5]: the callee leaves the bits above a
  // narrow result unspecified, so the widening is the stub's).
  void storeReturn() {
    const ValuePlan& v = plan_.ret;
    if (v.mode != PassMode::kDirect) return;
    const Piece* p = plan_.piecesOf(v);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      const Piece& pc = p[k];
      const Note note = Note::ret(pc);
      if (pc.loc == PieceLoc::kVec) {
        m_.store(reg(PieceLoc::kVec, pc.reg, pc.size), a64::x2, pc.offset, note);
        continue;
      }
      const Gp x = a64::x(pc.reg), w = a64::w(pc.reg);
      if (pc.ext != Ext::kNone && pc.size < 8) {
        Assembler& a = m_.a();
        note_(note);
        const bool s = pc.ext == Ext::kSext;
        switch (pc.size) {
          case 1: s ? a.sxtb(x, w) : a.uxtb(w, w); break;
          case 2: s ? a.sxth(x, w) : a.uxth(w, w); break;
          default: s ? a.sxtw(x, w) : a.mov(w, w); break;
        }
        m_.store(x, a64::x2, pc.offset);
      } else {
        m_.storeGp(x, a64::x2, pc.offset, pc.size, note);
      }
    }
  }

  Assembler& a_;
  const CallPlan& plan_;
  CallShape shape_;
  const void* boundFn_;
  int64_t errnoOffset_;
  CfaSteps* steps_;
  Notes note_;
  Moves m_;
  Gp fn_;
  uint32_t targets_ = 0;  // GP registers written by argument pieces
  unsigned nextScratch_ = 0;
};

}  // namespace

Error emitA64Call(Assembler& a, const CallPlan& plan, CallShape shape, const StubParams& params, CfaSteps* steps) {
  if (plan.arch != Arch::kA64) return fail(Status::kBadAbi, "AArch64 emitter given a non-AArch64 plan");
  return CallEmitter(a, plan, shape, params, steps).run();
}

}  // namespace jitffi::internal
