// SPDX-License-Identifier: MIT
// The interpreted fallback: the plan executed by generic code (design in interp_p.h).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "arch_p.h"
#include "interp_moves_p.h"
#include "interp_p.h"

namespace jitffi::internal {

namespace {

// The area on the C++ stack when it is small, on the heap otherwise (values may be up to 16 MiB).
constexpr size_t kLocalArea = 1024;

// ---- the program ------------------------------------------------------------------------------
// A call's memory, the "area": the InterpFrame, then the stack image (stackBytes), then the copies
// of by-reference arguments (copyBytes). Argument moves write at byte offsets into it; return
// moves read from it (the frame's ReturnRegs) and write at byte offsets into rvalue.

// A program is one list of moves, run in order, each jumping to the next one's code (threaded
// code): the argument moves (first the stack image's zeroed words, then the moves that call
// nothing, then the others), the call, the return moves, the end. The ops in their order, as
// X(enumerator, label): the enum and the executor's table of code addresses are made from it.
#define JITFFI_INTERP_OPS(X)                                                                       \
  /* Argument moves of the bytes at the argument's start: loaded as one integer, widened as     \
     named (kBox32: 4 bytes with ones above them), stored as 8 bytes at dst: a register slot,    \
     or an 8-byte stack word no other piece uses. kU64By4: 8 bytes aligned to 4 only (a struct   \
     of 32-bit members), two 4-byte loads. */                                                    \
  X(kU8, u8) X(kU16, u16) X(kU32, u32) X(kU64, u64) X(kS8, s8) X(kS16, s16) X(kS32, s32)         \
  X(kBox32, box32) X(kU64By4, u64By4)                                                            \
  /* The same of the bytes at src in the argument (kFastOps further on). */                      \
  X(kU8At, u8At) X(kU16At, u16At) X(kU32At, u32At) X(kU64At, u64At) X(kS8At, s8At)               \
  X(kS16At, s16At) X(kS32At, s32At) X(kBox32At, box32At) X(kU64By4At, u64By4At)                  \
  X(kRvalue, rvalueOp)  /* rvalue (the hidden result pointer) at dst */                          \
  X(kConst, constOp)    /* n at dst (8 bytes): the plan's count register */                      \
  X(kZero, zero)        /* 8 zero bytes at dst: stack-image bytes no argument writes */          \
  X(kPiece, piece)      /* any other piece (pieces[n]), stored as the plan says at dst */        \
  X(kIndirect, indirect) /* the argument's n bytes copied to the area at src, its address at dst */ \
  X(kCall, call)        /* the call: the host routine (errno around it) */                       \
  /* Return moves, from the area at src to rvalue at dst: that many bytes, aligned at both ends  \
     (kCopy8By4: 8 bytes aligned to 4 only, two 4-byte moves); an integral return widened to 8   \
     bytes (CallPlan::retWiden); n bytes. */                                                     \
  X(kCopy1, copy1) X(kCopy2, copy2) X(kCopy4, copy4) X(kCopy8, copy8) X(kCopy8By4, copy8By4)     \
  X(kS1, s1) X(kS2, s2) X(kS4, s4) X(kZ1, z1) X(kZ2, z2) X(kZ4, z4) X(kBytes, bytes)             \
  X(kEnd, end)                                                                                   \
  /* The call and then the program's only return move, and the end (kCallOps further on); the   \
     call and the end. */                                                                        \
  X(kCallCopy1, callCopy1) X(kCallCopy2, callCopy2) X(kCallCopy4, callCopy4)                     \
  X(kCallCopy8, callCopy8) X(kCallCopy8By4, callCopy8By4) X(kCallS1, callS1) X(kCallS2, callS2)  \
  X(kCallS4, callS4) X(kCallZ1, callZ1) X(kCallZ2, callZ2) X(kCallZ4, callZ4)                    \
  X(kCallBytes, callBytes) X(kCallEnd, callEnd)

enum class Op : uint8_t {
#define JITFFI_ENUMERATOR(op, label) op,
  JITFFI_INTERP_OPS(JITFFI_ENUMERATOR)
#undef JITFFI_ENUMERATOR
};
constexpr uint8_t kFastOps = uint8_t(Op::kU8At) - uint8_t(Op::kU8);
constexpr uint8_t kCallOps = uint8_t(Op::kCallCopy1) - uint8_t(Op::kCopy1);
static_assert(uint8_t(Op::kU64By4At) - uint8_t(Op::kU64By4) == kFastOps && uint8_t(Op::kU64By4) + 1 == kFastOps);
static_assert(uint8_t(Op::kCallBytes) - uint8_t(Op::kBytes) == kCallOps &&
              uint8_t(Op::kCallEnd) - uint8_t(Op::kEnd) == kCallOps &&
              uint8_t(Op::kEnd) + 1 == uint8_t(Op::kCallCopy1));

// A move: its op (as the byte offset of its code's address in the executor's table: no scaling
// when it runs) and its operands.
struct Move {
  uint16_t code;  // sizeof(void*) × Op
  bool inSlot;   // CallShape::kSlots: argument `arg` sits in its slot (ValuePlan::inSlot)
  uint32_t arg;  // 8 × the argument's index: its pointer's (or slot's) offset in args
  uint32_t src;  // argument moves: offset in the argument's bytes (kIndirect: the copy's offset in
                 // the area); return moves: offset in the area (in the frame's ReturnRegs)
  uint32_t dst;  // argument moves: offset in the area; return moves: offset in rvalue
  uint32_t n;
};
constexpr uint16_t codeOf(Op op) { return uint16_t(sizeof(void*) * uint8_t(op)); }
constexpr Op opOf(const Move& m) { return Op(m.code / sizeof(void*)); }

}  // namespace

struct InterpProgram {
  InterpCall call{};  // what the host routine reads
  std::vector<Move> moves;
  std::vector<Piece> pieces;  // the plan's, for kPiece moves
  uint32_t areaBytes = 0;
  // The static chain's slot (area offset); -1 when the plan reserves the register, which the
  // routine then leaves as the caller had it.
  int32_t chainDst = -1;
  ErrnoMode errnoMode = ErrnoMode::kNone;
  void (*invoke)(InterpFrame*, const InterpCall*) = nullptr;  // the host routine (HostRoutines::invoke)
};

namespace {

// The area offset a register or stack piece is written at.
uint32_t destinationOf(const Piece& p, const RegisterFileDesc& regs) {
  switch (p.loc) {
    case PieceLoc::kGp: return JITFFI_REGS_GP + 8 * uint32_t(regs.gpSlot[p.reg]);
    case PieceLoc::kVec: return JITFFI_REGS_VEC + 16 * uint32_t(regs.vecSlot[p.reg]);
    case PieceLoc::kStack: return JITFFI_IF_SIZE + uint32_t(p.stackOffset);
    case PieceLoc::kX87: break;
  }
  return 0;
}

// The routine's loads (InterpCall::gpLoads, vecLoads) extended to cover the register-file slot at
// area offset dst (an argument move's destination; the stack image is past the register file).
void coverSlot(InterpCall& call, uint32_t dst) {
  if (dst >= JITFFI_REGS_SIZE) return;
  if (dst < JITFFI_REGS_VEC) call.gpLoads = std::max(call.gpLoads, (dst - JITFFI_REGS_GP) / 8 + 1);
  else call.vecLoads = std::max(call.vecLoads, (dst - JITFFI_REGS_VEC) / 16 + 1);
}

// The stack-image bytes [begin, end) one piece writes as the plan says.
struct Range {
  uint32_t begin, end;
};
Range stackRange(const Piece& p, bool indirect) {
  const uint32_t n = indirect ? 8 : p.ext != Ext::kNone ? p.width : p.size;
  return {uint32_t(p.stackOffset), uint32_t(p.stackOffset) + n};
}

static_assert(uint8_t(Op::kU64) - uint8_t(Op::kU8) == 3 && uint8_t(Op::kS32) - uint8_t(Op::kS8) == 2);
static_assert(uint8_t(Op::kCopy8) - uint8_t(Op::kCopy1) == 3 && uint8_t(Op::kS4) - uint8_t(Op::kS1) == 2 &&
              uint8_t(Op::kZ4) - uint8_t(Op::kZ1) == 2);

// The one-load-one-store move of a piece whose source is aligned to `align`, if it has one: a
// register piece, or a stack piece with an 8-byte word to itself (`wordFree`), of 1, 2, 4 or 8
// aligned bytes.
bool fastOp(const Piece& p, uint32_t align, bool wordFree, Op& op) {
  if (p.loc == PieceLoc::kX87 || (p.loc == PieceLoc::kStack && !wordFree)) return false;
  if (p.ext != Ext::kNone && p.width != 8 && p.size < 8) return false;
  if (align < p.size) {
    if (p.size != 8 || align < 4) return false;
    op = Op::kU64By4;
    return true;
  }
  const int i = sizeIndex(p.size);
  if (i < 0) return false;
  if (i == 3) {  // 8 bytes: nothing to widen
    op = Op::kU64;
    return true;
  }
  switch (p.ext) {
    case Ext::kSext: op = nthOp(Op::kS8, i); return true;
    case Ext::kNanBox:
      if (p.size != 4) return false;
      op = Op::kBox32;
      return true;
    case Ext::kNone:
    case Ext::kZext: op = nthOp(Op::kU8, i); return true;
  }
  return false;
}

// The op of a return piece's move.
Op retOp(const CallPlan& plan, const Piece& p) {
  if (p.loc == PieceLoc::kGp && plan.retWiden != Ext::kNone && p.size < 8) {
    // ffi_call's rule: integral returns narrower than ffi_arg are widened to it, as C widens
    // their type (CallPlan::retWiden; not the register's extension). rvalue holds an ffi_arg.
    const int i = sizeIndex(p.size);
    return i >= 0 ? nthOp(plan.retWiden == Ext::kSext ? Op::kS1 : Op::kZ1, i) : Op::kBytes;
  }
  const uint32_t align = alignmentAt(plan.ret.align, p.offset);
  if (p.loc == PieceLoc::kX87) return Op::kBytes;
  if (align < p.size) return p.size == 8 && align >= 4 ? Op::kCopy8By4 : Op::kBytes;
  const int i = sizeIndex(p.size);
  return i >= 0 ? nthOp(Op::kCopy1, i) : Op::kBytes;
}
// The return move of a piece held at area offset src.
Move retMove(const CallPlan& plan, const Piece& p, uint32_t src) {
  return {codeOf(retOp(plan, p)), false, 0, src, p.offset, p.size};
}

void fillProgram(InterpProgram& prog, const CallPlan& plan) {
  const ArchDesc& arch = hostArch();
  const RegisterFileDesc& regs = arch.regs;
  prog.pieces = plan.pieces;
  prog.call.stackBytes = plan.stackBytes;
  prog.areaBytes = JITFFI_IF_SIZE + plan.stackBytes + plan.copyBytes;
  prog.errnoMode = plan.errnoMode;
  prog.invoke = hostRoutines().invoke;

  // Every stack range a piece writes, to find the 8-byte words a piece has to itself and the
  // bytes nothing writes.
  std::vector<Range> used;
  for (const ValuePlan& v : plan.args) {
    if (v.mode == PassMode::kIgnore) continue;
    const Piece* pieces = plan.piecesOf(v);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      if (pieces[k].loc == PieceLoc::kStack) used.push_back(stackRange(pieces[k], v.mode == PassMode::kIndirect));
    }
  }
  auto wordFree = [&](const Range& own) {
    const Range word{own.begin, own.begin + 8};
    if (own.begin % 8 != 0 || word.end > plan.stackBytes) return false;
    for (const Range& r : used) {
      const bool same = r.begin == own.begin && r.end == own.end;
      if (!same && r.begin < word.end && word.begin < r.end) return false;
    }
    return true;
  };

  std::vector<Move> moves;
  for (uint32_t i = 0; i < plan.args.size(); ++i) {
    const ValuePlan& v = plan.args[i];
    if (v.mode == PassMode::kIgnore) continue;
    const Piece* pieces = plan.piecesOf(v);
    if (v.mode == PassMode::kIndirect) {
      moves.push_back({codeOf(Op::kIndirect), v.inSlot, 8 * i, JITFFI_IF_SIZE + plan.stackBytes + v.copyOffset,
                       destinationOf(pieces[0], regs), v.size});
      continue;
    }
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      const Piece& p = pieces[k];
      Op op = Op::kPiece;
      const bool free = p.loc == PieceLoc::kStack && wordFree(stackRange(p, false));
      if (fastOp(p, alignmentAt(v.align, p.offset), free, op)) {
        if (p.offset != 0) op = Op(uint8_t(op) + kFastOps);
        // An 8-byte store: the word is the piece's alone.
        if (p.loc == PieceLoc::kStack) used.push_back({uint32_t(p.stackOffset), uint32_t(p.stackOffset) + 8});
      }
      moves.push_back({codeOf(op), v.inSlot, 8 * i, p.offset, destinationOf(p, regs), v.firstPiece + k});
    }
  }
  if (plan.ret.mode == PassMode::kIndirect) {
    moves.push_back({codeOf(Op::kRvalue), false, 0, 0, destinationOf(plan.piecesOf(plan.ret)[0], regs), 0});
  }
  if (plan.countReg >= 0) {
    moves.push_back({codeOf(Op::kConst), false, 0, 0, JITFFI_REGS_GP + 8 * uint32_t(regs.gpSlot[plan.countReg]),
                     plan.countValue});
  }
  if (!plan.platformRegReserved) prog.chainDst = JITFFI_REGS_GP + 8 * int32_t(regs.gpSlot[arch.staticChainReg]);

  // The stack image's words with a byte nothing writes are zeroed first.
  std::sort(used.begin(), used.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
  uint32_t covered = 0;  // [0, covered) is written
  auto zeroUpTo = [&](uint32_t end) {
    for (uint32_t w = covered / 8 * 8; w < end; w += 8) {
      prog.moves.push_back({codeOf(Op::kZero), false, 0, 0, JITFFI_IF_SIZE + w, 0});
    }
  };
  for (const Range& r : used) {
    if (r.begin > covered) zeroUpTo(r.begin);
    covered = std::max(covered, r.end);
  }
  if (covered < plan.stackBytes) zeroUpTo(plan.stackBytes);
  // The moves that call nothing, then the others (which write over zeroed words).
  auto calls = [](const Move& m) { return opOf(m) == Op::kPiece || opOf(m) == Op::kIndirect; };
  for (const Move& m : moves) {
    if (!calls(m)) prog.moves.push_back(m);
  }
  for (const Move& m : moves) {
    if (calls(m)) prog.moves.push_back(m);
  }
  for (const Move& m : moves) coverSlot(prog.call, m.dst);

  std::vector<Move> rets;
  if (plan.ret.mode == PassMode::kDirect) {
    const Piece* pieces = plan.piecesOf(plan.ret);
    for (uint32_t k = 0; k < plan.ret.pieceCount; ++k) {
      const Piece& p = pieces[k];
      switch (p.loc) {
        case PieceLoc::kGp:
          rets.push_back(retMove(plan, p, JITFFI_IF_RET + JITFFI_RET_GP + 8 * uint32_t(regs.retGpSlot[p.reg])));
          break;
        case PieceLoc::kVec:
          rets.push_back(retMove(plan, p, JITFFI_IF_RET + JITFFI_RET_VEC + 16 * uint32_t(regs.retVecSlot[p.reg])));
          break;
        case PieceLoc::kX87:
          ++prog.call.x87Count;
          rets.push_back(retMove(plan, p, JITFFI_IF_RET + JITFFI_RET_X87 + 16 * uint32_t(p.reg)));
          break;
        case PieceLoc::kStack: break;
      }
    }
  }
  // The call with the only return move (or none) in one op; else the call, the return moves.
  if (rets.size() <= 1) {
    Move m = rets.empty() ? Move{codeOf(Op::kEnd), false, 0, 0, 0, 0} : rets[0];
    m.code = codeOf(Op(uint8_t(opOf(m)) + kCallOps));
    prog.moves.push_back(m);
  } else {
    prog.moves.push_back({codeOf(Op::kCall), false, 0, 0, 0, 0});
    prog.moves.insert(prog.moves.end(), rets.begin(), rets.end());
  }
  prog.moves.push_back({codeOf(Op::kEnd), false, 0, 0, 0, 0});
}

// A piece no fast move serves, placed as the plan says at dst (its register slot or stack offset).
void placePiece(const Piece& p, const uint8_t* src, uint8_t* dst) {
  switch (p.loc) {
    case PieceLoc::kGp: storeAligned(dst, loadExtended(src, p.size, p.ext)); break;
    case PieceLoc::kVec: fillVec(dst, src, p); break;
    case PieceLoc::kStack:
      if (p.ext != Ext::kNone) {
        const uint64_t v = loadExtended(src, p.size, p.ext);
        std::memcpy(dst, &v, p.width);
      } else {
        std::memcpy(dst, src, p.size);
      }
      break;
    case PieceLoc::kX87: break;  // arguments never travel in x87 registers
  }
}

// Where argument m.arg's bytes are in the caller's argument block.
template <CallShape kShape>
const uint8_t* argumentOf(const void* args, const Move& m) {
  if constexpr (kShape == CallShape::kSlots) {
    const uint8_t* slot = static_cast<const uint8_t*>(args) + m.arg;
    if (m.inSlot) return slot;
    return reinterpret_cast<const uint8_t*>(uintptr_t(loadAligned<uint64_t>(slot)));
  } else {
    return reinterpret_cast<const uint8_t*>(uintptr_t(loadAligned<uint64_t>(static_cast<const uint8_t*>(args) + m.arg)));
  }
}

// What a call with a static chain (kChain) or an area on the heap (kHeap) passes besides, by
// reference (the usual call passes nothing more: its executor has the arguments of
// interpretCall's, which then only jumps to it).
struct Extra {
  uint64_t chain;     // for the static-chain register
  uint8_t* heapArea;  // areaBytes, 16-aligned
};

// One call by the program, in an area on the C++ stack or (kHeap) in extra's heapArea. kChain:
// extra's chain goes to the static-chain register. Each move jumps to the next one's code through
// a table of label addresses (GNU C's computed goto): no loop, no bounds check.
template <CallShape kShape, bool kErrno, bool kChain, bool kHeap, class... X>
  requires(sizeof...(X) == (kChain || kHeap ? 1 : 0))
__attribute__((noinline)) void execute(const InterpProgram& prog, void (*fn)(), void* rvalue, const void* args,
                                       int* errnoInOut, const X&... extra) {
  const Extra* x = nullptr;
  if constexpr (sizeof...(X) != 0) x = &(extra, ...);
  static const void* const kCode[] = {
#define JITFFI_LABEL(op, label) &&label,
      JITFFI_INTERP_OPS(JITFFI_LABEL)
#undef JITFFI_LABEL
  };
  alignas(16) uint8_t local[kHeap ? 16 : kLocalArea];
  uint8_t* area = kHeap ? x->heapArea : local;
  __asm__("" : "+r"(area));  // one register: gcc would address the stack array as sp + 1024 + dst - 1024
  auto* const r = static_cast<uint8_t*>(rvalue);
  const Move* m = prog.moves.data();
  auto start = [&] { return argumentOf<kShape>(args, *m); };  // an argument move's argument
  auto put = [&](uint64_t v) { storeAligned<uint64_t>(area + m->dst, v); };
  auto ret = [&] { return area + m->src; };  // a return move's bytes
  auto* f = reinterpret_cast<InterpFrame*>(area);
  f->fn = fn;
  // The call reads the program back from the frame: kept in memory, it takes no saved register.
  f->program = &prog;
  auto program = [&] {
    __asm__ volatile("" ::: "memory");
    return static_cast<const InterpProgram*>(f->program);
  };
  InterpCall chainCall;
  if constexpr (kChain) {
    chainCall = prog.call;
    if (prog.chainDst >= 0) {
      storeAligned<uint64_t>(area + prog.chainDst, x->chain);
      coverSlot(chainCall, uint32_t(prog.chainDst));
    }
  }
  auto call = [&] {
    const InterpProgram* p = program();
    // errno around the routine's call: nothing else runs between (the routine only moves).
    if (kErrno && p->errnoMode == ErrnoMode::kSetAndCapture) errno = *errnoInOut;
    p->invoke(f, kChain ? &chainCall : &p->call);
    if (kErrno) *errnoInOut = errno;
  };
#define JITFFI_GO goto* *reinterpret_cast<const void* const*>(reinterpret_cast<const uint8_t*>(kCode) + m->code)
#define JITFFI_NEXT \
  ++m;              \
  JITFFI_GO
  JITFFI_GO;
// A fast op's two moves: of the bytes p at the argument's start, and at src in it.
#define JITFFI_FAST(name, move)                \
  name : {                                     \
    const uint8_t* const p = start();          \
    move;                                      \
    JITFFI_NEXT;                               \
  }                                            \
  name##At : {                                 \
    const uint8_t* const p = start() + m->src; \
    move;                                      \
    JITFFI_NEXT;                               \
  }
  JITFFI_FAST(u8, put(loadAligned<uint8_t>(p)))
  JITFFI_FAST(u16, put(loadAligned<uint16_t>(p)))
  JITFFI_FAST(u32, put(loadAligned<uint32_t>(p)))
  JITFFI_FAST(u64, put(loadAligned<uint64_t>(p)))
  JITFFI_FAST(s8, put(uint64_t(int64_t(loadAligned<int8_t>(p)))))
  JITFFI_FAST(s16, put(uint64_t(int64_t(loadAligned<int16_t>(p)))))
  JITFFI_FAST(s32, put(uint64_t(int64_t(loadAligned<int32_t>(p)))))
  JITFFI_FAST(box32, put(loadAligned<uint32_t>(p) | ~uint64_t(0) << 32))
  JITFFI_FAST(u64By4, put(loadAligned<uint32_t>(p) | uint64_t(loadAligned<uint32_t>(p + 4)) << 32))  // little-endian
#undef JITFFI_FAST
rvalueOp: put(uint64_t(uintptr_t(rvalue))); JITFFI_NEXT;
constOp: put(m->n); JITFFI_NEXT;
zero: put(0); JITFFI_NEXT;
piece: placePiece(program()->pieces[m->n], start() + m->src, area + m->dst); JITFFI_NEXT;
indirect:  // m->src is the copy's place in the area, not an offset in the argument
  std::memcpy(area + m->src, start(), m->n);
  put(uint64_t(uintptr_t(area + m->src)));
  JITFFI_NEXT;
call:
  call();
  JITFFI_NEXT;
// A return op's two moves: one of the return moves, and the call with the only one.
#define JITFFI_RET(name, callName, move) \
  name : move;                           \
  JITFFI_NEXT;                           \
  callName : call();                     \
  move;                                  \
  goto end;
  JITFFI_RET(copy1, callCopy1, storeAligned(r + m->dst, loadAligned<uint8_t>(ret())))
  JITFFI_RET(copy2, callCopy2, storeAligned(r + m->dst, loadAligned<uint16_t>(ret())))
  JITFFI_RET(copy4, callCopy4, storeAligned(r + m->dst, loadAligned<uint32_t>(ret())))
  JITFFI_RET(copy8, callCopy8, storeAligned(r + m->dst, loadAligned<uint64_t>(ret())))
  JITFFI_RET(copy8By4, callCopy8By4,
             storeAligned(r + m->dst, loadAligned<uint32_t>(ret())); storeAligned(r + m->dst + 4, loadAligned<uint32_t>(ret() + 4)))
  JITFFI_RET(s1, callS1, storeAligned<int64_t>(r + m->dst, loadAligned<int8_t>(ret())))
  JITFFI_RET(s2, callS2, storeAligned<int64_t>(r + m->dst, loadAligned<int16_t>(ret())))
  JITFFI_RET(s4, callS4, storeAligned<int64_t>(r + m->dst, loadAligned<int32_t>(ret())))
  JITFFI_RET(z1, callZ1, storeAligned<uint64_t>(r + m->dst, loadAligned<uint8_t>(ret())))
  JITFFI_RET(z2, callZ2, storeAligned<uint64_t>(r + m->dst, loadAligned<uint16_t>(ret())))
  JITFFI_RET(z4, callZ4, storeAligned<uint64_t>(r + m->dst, loadAligned<uint32_t>(ret())))
  JITFFI_RET(bytes, callBytes, std::memcpy(r + m->dst, ret(), m->n))
#undef JITFFI_RET
#undef JITFFI_NEXT
#undef JITFFI_GO
callEnd:
  call();
end:
  return;
}

// A call whose area is larger than kLocalArea, in an area on the heap.
template <CallShape kShape, bool kErrno, bool kChain>
__attribute__((noinline)) void runOnHeap(const InterpProgram& prog, void (*fn)(), void* rvalue, const void* args,
                                         int* errnoInOut, uint64_t chain) {
  std::unique_ptr<uint8_t[]> area(new (std::nothrow) uint8_t[prog.areaBytes]);
  if (!area) return;  // out of memory: the call is not made
  execute<kShape, kErrno, kChain, true>(prog, fn, rvalue, args, errnoInOut, Extra{chain, area.get()});
}

}  // namespace


InterpProgram* buildInterpProgram(const CallPlan& plan) { return buildProgram<InterpProgram>(plan, &fillProgram); }

void freeInterpProgram(InterpProgram* program) { delete program; }

template <CallShape kShape, bool kErrno>
void interpretCall(const InterpProgram& program, void (*fn)(), void* rvalue, const void* args, int* errnoInOut) {
  if (__builtin_expect(program.areaBytes > kLocalArea, 0)) {
    return runOnHeap<kShape, kErrno, false>(program, fn, rvalue, args, errnoInOut, 0);
  }
  execute<kShape, kErrno, false, false>(program, fn, rvalue, args, errnoInOut);
}
template void interpretCall<CallShape::kAvalues, false>(const InterpProgram&, void (*)(), void*, const void*, int*);
template void interpretCall<CallShape::kSlots, false>(const InterpProgram&, void (*)(), void*, const void*, int*);
template void interpretCall<CallShape::kAvalues, true>(const InterpProgram&, void (*)(), void*, const void*, int*);
template void interpretCall<CallShape::kSlots, true>(const InterpProgram&, void (*)(), void*, const void*, int*);

void interpretCallWithChain(const InterpProgram& program, void (*fn)(), void* rvalue, void* const* avalues,
                            uint64_t staticChain) {
  if (program.areaBytes > kLocalArea) {
    return runOnHeap<CallShape::kAvalues, false, true>(program, fn, rvalue, avalues, nullptr, staticChain);
  }
  execute<CallShape::kAvalues, false, true, false>(program, fn, rvalue, avalues, nullptr, Extra{staticChain, nullptr});
}

}  // namespace jitffi::internal
