// SPDX-License-Identifier: MIT
// The interpreted fallback's closure side: the incoming moves of a plan, made once, and the
// closure call that walks them (design in interp_closure_p.h).
#include "interp_closure_p.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "arch_p.h"
#include "interp_moves_p.h"

namespace jitffi::internal {

namespace {

// Plans reach the interpreter only on the host architecture (the runtime checks).
const RegisterFileDesc& hostRegisters() { return hostArch().regs; }

// ---- the program ------------------------------------------------------------------------------
// A closure call's memory, the "area": the handler's args array (8 bytes per argument, and one
// for a variadic call's VarArgsFrame), then a 16-aligned buffer per argument reassembled from
// its pieces, then the return buffer. Incoming moves read the entry's VarArgsFrame (the saved
// registers: "frame") or the caller's stack arguments ("stack") and write at byte offsets in the
// area; return moves read the handler's result and write at byte offsets in the ReturnRegs.

enum class InOp : uint8_t {
  // The kinds each run by a loop of its own (the usual moves: no dispatch per move), in this order:
  kFrameAddr,  // the address frame + src, as 8 bytes at area + dst
  kStackAddr,  // stack + src
  kAreaAddr,   // area + src
  kFrame8,     // 8 bytes from frame + src to area + dst, aligned
  kStack8,     // the same from stack + src
  // The others, by one out-of-line loop: narrower typed moves, memcpy.
  kFrame1, kFrame2, kFrame4,  // that many bytes, aligned at both ends
  kStack1, kStack2, kStack4,
  kFrameBytes, kStackBytes,  // n bytes, any alignment
};
constexpr int kLoopKinds = int(InOp::kStack8) + 1;

// The area on the C++ stack when it is small, on the heap otherwise (many arguments).
constexpr size_t kLocalArea = 512;

enum class OutOp : uint8_t {
  kCopy8,                         // 8 bytes, aligned at both ends: a loop of its own, first
  kCopy1, kCopy2, kCopy4,         // that many bytes, aligned at both ends
  kS1, kS2, kS4, kZ1, kZ2, kZ4,   // a narrow integer widened to 8 bytes as its piece's ext says
  kBox4,                          // a float NaN-boxed to 8 bytes (Ext::kNanBox, width 8)
  kResultAddr,                    // the hidden result pointer itself (CallPlan::sretReturnReg)
  kPiece,                         // any other piece (pieces[n]): loadExtended, fillVec, x87; last
};

struct InMove {
  uint32_t src;
  uint32_t dst;
  uint32_t n;
  InOp op;
};

struct OutMove {
  uint32_t src;  // offset in the handler's result
  uint32_t dst;  // offset in the ReturnRegs
  uint32_t n;
  OutOp op;
};

// The shapes' move lists are indexed by HandlerShape.
constexpr int kShapes = 2;
static_assert(int(HandlerShape::kAvalues) == 0 && int(HandlerShape::kSlots) == 1);

}  // namespace

struct InterpClosureProgram {
  // Per handler shape, the incoming moves sorted by op: ends[k] is where those of loop kind k
  // end (they begin where kind k-1's end), as a byte offset in `moves`; the others follow (then
  // `usual` is false: the call takes the path that also makes them).
  struct Incoming {
    std::vector<InMove> moves;
    uint32_t ends[kLoopKinds] = {};
    bool usual = true;
  } in[kShapes];
  // The return moves sorted by op: the kCopy8 ones first, the kPiece ones last; byte offsets in
  // `out` of where the kCopy8 ones end and where the kPiece ones begin.
  std::vector<OutMove> out;
  uint32_t copy8End = 0;
  uint32_t piecesBegin = 0;
  std::vector<Piece> pieces;   // the plan's, for kPiece return moves
  uint32_t areaBytes = 0;
  uint32_t retBuffer = 0;      // the return buffer's area offset
  int32_t resultFrom = -1;     // a by-reference return: the frame offset of its hidden pointer
  uint32_t x87Count = 0;
};

namespace {

// The move of `size` aligned bytes (1, 2, 4 or 8: sizeIndex i) from the frame or the stack.
InOp sizedOp(bool onStack, int i) {
  if (i == 3) return onStack ? InOp::kStack8 : InOp::kFrame8;
  return nthOp(onStack ? InOp::kStack1 : InOp::kFrame1, i);
}
// The same for a return piece's bytes.
OutOp copyOp(int i) { return i == 3 ? OutOp::kCopy8 : nthOp(OutOp::kCopy1, i); }
static_assert(uint8_t(InOp::kFrame4) - uint8_t(InOp::kFrame1) == 2 && uint8_t(InOp::kStack4) - uint8_t(InOp::kStack1) == 2);
static_assert(uint8_t(OutOp::kCopy4) - uint8_t(OutOp::kCopy1) == 2 && uint8_t(OutOp::kS4) - uint8_t(OutOp::kS1) == 2 &&
              uint8_t(OutOp::kZ4) - uint8_t(OutOp::kZ1) == 2);

// The frame offset (in the VarArgsFrame) of a register piece's slot.
uint32_t frameSlot(const Piece& p, const RegisterFileDesc& regs) {
  return p.loc == PieceLoc::kGp ? JITFFI_REGS_GP + 8 * uint32_t(regs.gpSlot[p.reg])
                                : JITFFI_REGS_VEC + 16 * uint32_t(regs.vecSlot[p.reg]);
}

// The move of a piece's bytes from where it came in to area + dst, which is aligned to dstAlign:
// a typed move when both ends are aligned for it, memcpy otherwise. Register slots are 8-aligned,
// and the caller's stack arguments start 16-aligned.
InMove pieceMove(const Piece& p, const RegisterFileDesc& regs, uint32_t dst, uint32_t dstAlign) {
  const bool onStack = p.loc == PieceLoc::kStack;
  // A register piece is the slot's low bytes (8 of a GP slot, 16 of a vector slot at most).
  const uint32_t size = onStack ? p.size : std::min<uint32_t>(p.size, p.loc == PieceLoc::kGp ? 8 : 16);
  const uint32_t src = onStack ? uint32_t(p.stackOffset) : frameSlot(p, regs);
  const int i = sizeIndex(size);
  if (i >= 0 && dstAlign >= size && alignmentAt(onStack ? 16 : 8, src) >= size) {
    return {src, dst, size, sizedOp(onStack, i)};
  }
  return {src, dst, size, onStack ? InOp::kStackBytes : InOp::kFrameBytes};
}

// Whether the value is all of one register piece, which the handler can read in the register
// slot itself (its low bytes, little-endian).
bool wholeInRegister(const CallPlan& plan, const ValuePlan& v) {
  const Piece* p = plan.piecesOf(v);
  return v.mode == PassMode::kDirect && v.pieceCount == 1 && p[0].loc != PieceLoc::kStack && p[0].offset == 0 &&
         p[0].size == v.size && v.size <= (p[0].loc == PieceLoc::kGp ? 8u : 16u);
}

// The incoming moves of an argument for a handler of `shape`: what its args entry (area offset
// `entry`) gets, and the pieces copied to make it; `buffer` is the argument's 16-aligned buffer.
void argumentMoves(std::vector<InMove>& moves, const CallPlan& plan, const ValuePlan& v, HandlerShape shape,
                   uint32_t entry, uint32_t buffer) {
  const RegisterFileDesc& regs = hostRegisters();
  const Piece* p = plan.piecesOf(v);
  if (v.mode == PassMode::kIndirect) {  // the caller's copy: its address is what the handler gets
    const Piece address{p[0].loc, p[0].reg, Ext::kNone, 0, 0, 8, p[0].stackOffset};
    moves.push_back(pieceMove(address, regs, entry, 8));
    return;
  }
  if (shape == HandlerShape::kSlots && v.inSlot) {  // the value's bytes in its slot
    if (v.pieceCount == 1 && p[0].loc != PieceLoc::kStack && p[0].offset == 0) {
      // The whole register slot: the bytes above the value are the register's, as a JIT entry
      // leaves them (the handler reads the value's own).
      moves.push_back({frameSlot(p[0], regs), entry, 8, InOp::kFrame8});
      return;
    }
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      moves.push_back(pieceMove(p[k], regs, entry + p[k].offset, alignmentAt(8, p[k].offset)));
    }
    return;
  }
  if (passedWholeOnStack(plan, v)) {
    moves.push_back({uint32_t(p[0].stackOffset), entry, 0, InOp::kStackAddr});
    return;
  }
  if (wholeInRegister(plan, v)) {
    moves.push_back({frameSlot(p[0], regs), entry, 0, InOp::kFrameAddr});
    return;
  }
  for (uint32_t k = 0; k < v.pieceCount; ++k) {
    moves.push_back(pieceMove(p[k], regs, buffer + p[k].offset, alignmentAt(16, p[k].offset)));
  }
  moves.push_back({buffer, entry, 0, InOp::kAreaAddr});
}

// The return move of a piece of the handler's result (in the return buffer: 16-aligned, a
// multiple of 16 bytes, at least the value's size), to ReturnRegs offset dst.
OutMove returnMove(const Piece& p, uint32_t index, uint32_t dst) {
  OutMove m{p.offset, dst, index, OutOp::kPiece};
  const uint32_t align = alignmentAt(16, p.offset);
  const int i = sizeIndex(p.size);
  switch (p.loc) {
    case PieceLoc::kGp:
      if (p.ext == Ext::kSext || p.ext == Ext::kZext) {
        // Narrow integers widen from exactly their size, as the JIT entries do.
        if (i >= 0 && i < 3 && align >= p.size) m.op = nthOp(p.ext == Ext::kSext ? OutOp::kS1 : OutOp::kZ1, i);
      } else if (p.ext == Ext::kNone && align >= 8) {
        // 8 bytes of the buffer, which holds them; the caller reads none above a narrower piece's.
        m.op = OutOp::kCopy8;
      }
      break;
    case PieceLoc::kVec:
      if (p.ext == Ext::kNanBox) {
        if (p.size == 4 && p.width == 8 && align >= 4) m.op = OutOp::kBox4;
      } else if (i >= 0 && align >= p.size) {
        m.op = copyOp(i);
      }
      break;
    case PieceLoc::kX87:
    case PieceLoc::kStack: break;
  }
  return m;
}

void fillProgram(InterpClosureProgram& prog, const CallPlan& plan) {
  const RegisterFileDesc& regs = hostRegisters();
  prog.pieces = plan.pieces;
  const uint32_t n = uint32_t(plan.args.size());
  uint32_t at = (8 * (n + 1) + 15) / 16 * 16;  // after the args array
  std::vector<uint32_t> buffers(n);
  for (uint32_t i = 0; i < n; ++i) {
    const ValuePlan& v = plan.args[i];
    buffers[i] = at;
    // Only values reassembled from pieces use theirs (the avalues shape's are the most).
    if (needsEntryBuffer(plan, v, HandlerShape::kAvalues) && !wholeInRegister(plan, v)) at += (v.size + 15) / 16 * 16;
  }
  prog.retBuffer = at;
  at += (std::max<uint32_t>(plan.ret.size, 16) + 15) / 16 * 16;
  prog.areaBytes = at;

  for (int s = 0; s < kShapes; ++s) {
    InterpClosureProgram::Incoming& in = prog.in[s];
    for (uint32_t i = 0; i < n; ++i) {
      if (plan.args[i].mode == PassMode::kIgnore) {
        // An empty value passes nothing, but the handler still gets an address (as from the JIT's
        // entries and libffi): its buffer's, inside the area, which a C++ empty type's byte may be
        // read from.
        in.moves.push_back({buffers[i], 8 * i, 0, InOp::kAreaAddr});
        continue;
      }
      argumentMoves(in.moves, plan, plan.args[i], HandlerShape(s), 8 * i, buffers[i]);
    }
    if (plan.variadic) in.moves.push_back({0, 8 * n, 0, InOp::kFrameAddr});  // the VarArgsFrame
    std::stable_sort(in.moves.begin(), in.moves.end(), [](const InMove& a, const InMove& b) { return a.op < b.op; });
    for (int k = 0; k < kLoopKinds; ++k) {
      in.ends[k] = uint32_t(std::upper_bound(in.moves.begin(), in.moves.end(), InOp(k),
                                             [](InOp op, const InMove& m) { return op < m.op; }) -
                            in.moves.begin()) *
                   sizeof(InMove);
    }
    in.usual = in.ends[kLoopKinds - 1] == in.moves.size() * sizeof(InMove) && prog.areaBytes <= kLocalArea;
  }

  const Piece* pieces = plan.piecesOf(plan.ret);
  if (plan.ret.mode == PassMode::kIndirect) {
    prog.resultFrom = int32_t(frameSlot(pieces[0], regs));
    if (plan.sretReturnReg >= 0) {
      prog.out.push_back({0, JITFFI_RET_GP + 8 * uint32_t(regs.retGpSlot[plan.sretReturnReg]), 0, OutOp::kResultAddr});
    }
  }
  // (An indirect return's kResultAddr is counted below too: with no kPiece move after it, the
  // return runs no piece move.)
  for (uint32_t k = 0; plan.ret.mode == PassMode::kDirect && k < plan.ret.pieceCount; ++k) {
    const Piece& p = pieces[k];
    uint32_t dst = 0;
    switch (p.loc) {
      case PieceLoc::kGp: dst = JITFFI_RET_GP + 8 * uint32_t(regs.retGpSlot[p.reg]); break;
      case PieceLoc::kVec: dst = JITFFI_RET_VEC + 16 * uint32_t(regs.retVecSlot[p.reg]); break;
      case PieceLoc::kX87:
        ++prog.x87Count;
        dst = JITFFI_RET_X87 + 16 * uint32_t(p.reg);
        break;
      case PieceLoc::kStack: continue;
    }
    prog.out.push_back(returnMove(p, plan.ret.firstPiece + k, dst));
  }
  std::stable_sort(prog.out.begin(), prog.out.end(), [](const OutMove& a, const OutMove& b) { return a.op < b.op; });
  for (const OutMove& m : prog.out) {
    prog.copy8End += m.op == OutOp::kCopy8 ? sizeof(OutMove) : 0;
    prog.piecesBegin += m.op != OutOp::kPiece ? sizeof(OutMove) : 0;
  }
}

// The incoming moves of no loop kind (out of line: rare, and some call memcpy).
__attribute__((noinline)) void otherInMoves(const InMove* m, const InMove* end, uint8_t* area, const uint8_t* frame,
                                            const uint8_t* stack) {
  for (; m != end; ++m) {
    uint8_t* const d = area + m->dst;
    const uint8_t* const f = frame + m->src;
    const uint8_t* const s = stack + m->src;
    switch (m->op) {
      case InOp::kFrame1: storeAligned(d, loadAligned<uint8_t>(f)); break;
      case InOp::kFrame2: storeAligned(d, loadAligned<uint16_t>(f)); break;
      case InOp::kFrame4: storeAligned(d, loadAligned<uint32_t>(f)); break;
      case InOp::kStack1: storeAligned(d, loadAligned<uint8_t>(s)); break;
      case InOp::kStack2: storeAligned(d, loadAligned<uint16_t>(s)); break;
      case InOp::kStack4: storeAligned(d, loadAligned<uint32_t>(s)); break;
      case InOp::kFrameBytes: std::memcpy(d, f, m->n); break;
      case InOp::kStackBytes: std::memcpy(d, s, m->n); break;
      default: __builtin_unreachable();  // the loop kinds: run before
    }
  }
}

// The kPiece return moves (out of line: they call memcpy).
__attribute__((noinline)) void pieceOutMoves(const InterpClosureProgram& prog, const uint8_t* result, uint8_t* out) {
  for (size_t k = prog.piecesBegin / sizeof(OutMove); k < prog.out.size(); ++k) {
    const OutMove& m = prog.out[k];
    const Piece& p = prog.pieces[m.n];
    const uint8_t* s = result + m.src;
    switch (p.loc) {
      case PieceLoc::kGp: storeAligned(out + m.dst, loadExtended(s, p.size, p.ext)); break;
      case PieceLoc::kVec: fillVec(out + m.dst, s, p); break;
      case PieceLoc::kX87: std::memcpy(out + m.dst, s, p.size); break;
      case PieceLoc::kStack: break;
    }
  }
}

// One closure call by the program in `area` (areaBytes, 16-aligned). kUsual: the shape's moves
// are usual (Incoming::usual), so nothing is called before the handler (the values the handler
// call needs then stay in the registers they came in).
template <bool kUsual>
[[gnu::always_inline]] inline void run(const InterpClosureProgram& prog, uint8_t* area, HandlerShape shape,
                                       Abi handlerAbi, const void* ctx, void* fun, void* user,
                                       const VarArgsFrame& in, ReturnRegs& out) {
  asm("" : "+r"(area));  // an address in a register (not re-derived from the stack pointer per move)
  const auto* frame = reinterpret_cast<const uint8_t*>(&in);
  const uint8_t* stack = in.stack;
  const InterpClosureProgram::Incoming& moves = prog.in[int(shape)];
  // Where each loop ends, read before the moves' stores (which the compiler cannot tell apart
  // from the program).
  const auto* const first = reinterpret_cast<const uint8_t*>(moves.moves.data());
  const InMove* const end = moves.moves.data() + moves.moves.size();
  const InMove* ends[kLoopKinds];
  for (int k = 0; k < kLoopKinds; ++k) ends[k] = reinterpret_cast<const InMove*>(first + moves.ends[k]);
  const InMove* m = moves.moves.data();
  auto put = [&](const InMove* mv, const uint8_t* address) {
    storeAligned<uint64_t>(area + mv->dst, uint64_t(uintptr_t(address)));
  };
  for (; m != ends[int(InOp::kFrameAddr)]; ++m) put(m, frame + m->src);
  for (; m != ends[int(InOp::kStackAddr)]; ++m) put(m, stack + m->src);
  for (; m != ends[int(InOp::kAreaAddr)]; ++m) put(m, area + m->src);
  for (; m != ends[int(InOp::kFrame8)]; ++m) storeAligned(area + m->dst, loadAligned<uint64_t>(frame + m->src));
  for (; m != ends[int(InOp::kStack8)]; ++m) storeAligned(area + m->dst, loadAligned<uint64_t>(stack + m->src));
  if (!kUsual) otherInMoves(m, end, area, frame, stack);

  uint8_t* result = prog.resultFrom >= 0 ? reinterpret_cast<uint8_t*>(uintptr_t(loadAligned<uint64_t>(frame + prog.resultFrom)))
                                         : area + prog.retBuffer;
  if (handlerAbi == kHostAbi) {  // the host's own convention: an ordinary call
    reinterpret_cast<void (*)(const void*, void*, void*, void*)>(fun)(ctx, result, area, user);
  } else {
    hostRoutines().callHandler(handlerAbi, fun, ctx, result, area, user);
  }

  auto* o = reinterpret_cast<uint8_t*>(&out);
  out.x87Count = prog.x87Count;
  const auto* const outFirst = reinterpret_cast<const uint8_t*>(prog.out.data());
  const auto* const copy8End = reinterpret_cast<const OutMove*>(outFirst + prog.copy8End);
  const auto* const piecesBegin = reinterpret_cast<const OutMove*>(outFirst + prog.piecesBegin);
  const OutMove* r = prog.out.data();
  for (; r != copy8End; ++r) storeAligned(o + r->dst, loadAligned<uint64_t>(result + r->src));
  for (; r != piecesBegin; ++r) {
    const uint8_t* s = result + r->src;
    uint8_t* const d = o + r->dst;
    switch (r->op) {
      case OutOp::kCopy1: storeAligned(d, loadAligned<uint8_t>(s)); break;
      case OutOp::kCopy2: storeAligned(d, loadAligned<uint16_t>(s)); break;
      case OutOp::kCopy4: storeAligned(d, loadAligned<uint32_t>(s)); break;
      case OutOp::kS1: storeAligned<int64_t>(d, loadAligned<int8_t>(s)); break;
      case OutOp::kS2: storeAligned<int64_t>(d, loadAligned<int16_t>(s)); break;
      case OutOp::kS4: storeAligned<int64_t>(d, loadAligned<int32_t>(s)); break;
      case OutOp::kZ1: storeAligned<uint64_t>(d, loadAligned<uint8_t>(s)); break;
      case OutOp::kZ2: storeAligned<uint64_t>(d, loadAligned<uint16_t>(s)); break;
      case OutOp::kZ4: storeAligned<uint64_t>(d, loadAligned<uint32_t>(s)); break;
      case OutOp::kBox4: storeAligned<uint64_t>(d, loadAligned<uint32_t>(s) | ~uint64_t(0) << 32); break;
      case OutOp::kResultAddr: storeAligned<uint64_t>(d, uint64_t(uintptr_t(result))); break;
      case OutOp::kCopy8:  // the loop before
      case OutOp::kPiece: __builtin_unreachable();  // out of line, after
    }
  }
  if (__builtin_expect(piecesBegin != prog.out.data() + prog.out.size(), 0)) pieceOutMoves(prog, result, o);
}

// A call whose moves are not usual: moves of other kinds, or an area too large for the C++
// stack (many arguments), on the heap then.
__attribute__((noinline)) void runUnusual(const InterpClosureProgram& prog, HandlerShape shape, Abi handlerAbi,
                                          const void* ctx, void* fun, void* user, const VarArgsFrame& in,
                                          ReturnRegs& out) {
  if (prog.areaBytes <= kLocalArea) {
    alignas(16) uint8_t area[kLocalArea];
    return run<false>(prog, area, shape, handlerAbi, ctx, fun, user, in, out);
  }
  std::unique_ptr<uint8_t[]> area(new (std::nothrow) uint8_t[prog.areaBytes]);
  if (!area) {  // out of memory: the handler is not called
    std::memset(&out, 0, sizeof out);
    return;
  }
  run<false>(prog, area.get(), shape, handlerAbi, ctx, fun, user, in, out);
}

}  // namespace

InterpClosureProgram* buildInterpClosureProgram(const CallPlan& plan) { return buildProgram<InterpClosureProgram>(plan, &fillProgram); }

void freeInterpClosureProgram(InterpClosureProgram* program) { delete program; }

void interpretClosure(const InterpClosureProgram& program, HandlerShape shape, Abi handlerAbi, const void* ctx,
                      void* fun, void* user, const VarArgsFrame& in, ReturnRegs& out) {
  if (__builtin_expect(!program.in[int(shape)].usual, 0)) {
    return runUnusual(program, shape, handlerAbi, ctx, fun, user, in, out);
  }
  alignas(16) uint8_t area[kLocalArea];
  run<true>(program, area, shape, handlerAbi, ctx, fun, user, in, out);
}

const uint8_t* locateIncoming(const CallPlan& plan, const ValuePlan& v, const VarArgsFrame& in, uint8_t* scratch) {
  const RegisterFileDesc& regs = hostRegisters();
  const Piece* p = plan.piecesOf(v);
  if (v.mode == PassMode::kIndirect) {
    const uint8_t* address;
    if (p[0].loc == PieceLoc::kGp) address = reinterpret_cast<const uint8_t*>(uintptr_t(in.regs.gp[regs.gpSlot[p[0].reg]]));
    else std::memcpy(&address, in.stack + p[0].stackOffset, sizeof address);
    return address;
  }
  if (passedWholeOnStack(plan, v)) return in.stack + p[0].stackOffset;
  for (uint32_t k = 0; k < v.pieceCount; ++k) {
    const Piece& pc = p[k];
    switch (pc.loc) {
      case PieceLoc::kGp:
        std::memcpy(scratch + pc.offset, &in.regs.gp[regs.gpSlot[pc.reg]], pc.size < 8 ? pc.size : 8);
        break;
      case PieceLoc::kVec:
        std::memcpy(scratch + pc.offset, in.regs.vec[regs.vecSlot[pc.reg]], pc.size < 16 ? pc.size : 16);
        break;
      case PieceLoc::kStack: std::memcpy(scratch + pc.offset, in.stack + pc.stackOffset, pc.size); break;
      case PieceLoc::kX87: break;
    }
  }
  return scratch;
}

}  // namespace jitffi::internal
