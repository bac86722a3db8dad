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

// ---- the program ------------------------------------------------------------------------------
// A call's memory, the "area": the InterpFrame, then the stack image (stackBytes), then the copies
// of by-reference arguments (copyBytes). Argument moves write at byte offsets into it; return
// moves read from it (the frame's ReturnRegs) and write at byte offsets into rvalue.

enum class ArgOp : uint8_t {
  // The piece's bytes loaded as one integer, widened as named (kBox32: 4 bytes with ones above
  // them), stored as 8 bytes at dst: a register slot, or an 8-byte stack word no other piece uses.
  kU8, kU16, kU32, kU64, kS8, kS16, kS32, kBox32,
  kU64By4,    // 8 bytes aligned to 4 only (a struct of 32-bit members): two 4-byte loads
  kPiece,     // any other piece (pieces[n]), stored as the plan says at dst
  kIndirect,  // the argument's n bytes copied to the area at src, that copy's address at dst
  kRvalue,    // rvalue (the hidden result pointer) at dst
  kConst,     // n at dst (8 bytes): the plan's count register
  kZero,      // 8 zero bytes at dst: stack-image bytes no argument writes
};

enum class RetOp : uint8_t {
  kCopy1, kCopy2, kCopy4, kCopy8,     // that many bytes, aligned at both ends
  kCopy8By4,                          // 8 bytes aligned to 4 only: two 4-byte moves
  kS1, kS2, kS4, kZ1, kZ2, kZ4,       // an integral return widened to 8 bytes (CallPlan::retWiden)
  kBytes,                             // n bytes
};

struct ArgMove {
  ArgOp op;
  bool inSlot;   // CallShape::kSlots: argument `arg` sits in its slot (ValuePlan::inSlot)
  uint32_t arg;  // 8 × the argument's index: its pointer's (or slot's) offset in args
  uint32_t src;  // offset in the argument's bytes (kIndirect: the copy's offset in the area)
  uint32_t dst;  // offset in the area
  uint32_t n;
};

struct RetMove {
  RetOp op;
  uint32_t src;  // offset in the area (in the frame's ReturnRegs)
  uint32_t dst;  // offset in rvalue
  uint32_t n;
};

}  // namespace

struct InterpProgram {
  // The moves that make no call (first: the stack image's zeroed words), then the others (kPiece,
  // kIndirect; kBytes); apart, so the usual moves run in a loop that calls nothing.
  std::vector<ArgMove> args, argsCalling;
  std::vector<RetMove> ret, retCalling;
  std::vector<Piece> pieces;  // the plan's, for kPiece moves
  uint32_t stackBytes = 0;
  uint32_t areaBytes = 0;
  uint32_t x87Count = 0;
  // The static chain's slot (area offset); -1 when the plan reserves the register, which the
  // routine then leaves as the caller had it (keepChainReg).
  int32_t chainDst = -1;
  bool keepChainReg = false;
  ErrnoMode errnoMode = ErrnoMode::kNone;
  void (*invoke)(InterpFrame*) = nullptr;  // the host routine (HostRoutines::invoke)
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

// The stack-image bytes [begin, end) one piece writes as the plan says.
struct Range {
  uint32_t begin, end;
};
Range stackRange(const Piece& p, bool indirect) {
  const uint32_t n = indirect ? 8 : p.ext != Ext::kNone ? p.width : p.size;
  return {uint32_t(p.stackOffset), uint32_t(p.stackOffset) + n};
}

static_assert(uint8_t(ArgOp::kU64) - uint8_t(ArgOp::kU8) == 3 && uint8_t(ArgOp::kS32) - uint8_t(ArgOp::kS8) == 2);
static_assert(uint8_t(RetOp::kCopy8) - uint8_t(RetOp::kCopy1) == 3 && uint8_t(RetOp::kS4) - uint8_t(RetOp::kS1) == 2 &&
              uint8_t(RetOp::kZ4) - uint8_t(RetOp::kZ1) == 2);

// The one-load-one-store move of a piece whose source is aligned to `align`, if it has one: a
// register piece, or a stack piece with an 8-byte word to itself (`wordFree`), of 1, 2, 4 or 8
// aligned bytes.
bool fastOp(const Piece& p, uint32_t align, bool wordFree, ArgOp& op) {
  if (p.loc == PieceLoc::kX87 || (p.loc == PieceLoc::kStack && !wordFree)) return false;
  if (p.ext != Ext::kNone && p.width != 8 && p.size < 8) return false;
  if (align < p.size) {
    if (p.size != 8 || align < 4) return false;
    op = ArgOp::kU64By4;
    return true;
  }
  const int i = sizeIndex(p.size);
  if (i < 0) return false;
  if (i == 3) {  // 8 bytes: nothing to widen
    op = ArgOp::kU64;
    return true;
  }
  switch (p.ext) {
    case Ext::kSext: op = nthOp(ArgOp::kS8, i); return true;
    case Ext::kNanBox:
      if (p.size != 4) return false;
      op = ArgOp::kBox32;
      return true;
    case Ext::kNone:
    case Ext::kZext: op = nthOp(ArgOp::kU8, i); return true;
  }
  return false;
}

// The return move of a piece held at area offset src.
RetMove retMove(const CallPlan& plan, const Piece& p, uint32_t src) {
  RetMove m{RetOp::kBytes, src, p.offset, p.size};
  if (p.loc == PieceLoc::kGp && plan.retWiden != Ext::kNone && p.size < 8) {
    // ffi_call's rule: integral returns narrower than ffi_arg are widened to it, as C widens
    // their type (CallPlan::retWiden; not the register's extension). rvalue holds an ffi_arg.
    const int i = sizeIndex(p.size);
    if (i >= 0) m.op = nthOp(plan.retWiden == Ext::kSext ? RetOp::kS1 : RetOp::kZ1, i);
    return m;
  }
  const uint32_t align = alignmentAt(plan.ret.align, p.offset);
  if (p.loc == PieceLoc::kX87) return m;
  if (align < p.size) {
    if (p.size == 8 && align >= 4) m.op = RetOp::kCopy8By4;
    return m;
  }
  const int i = sizeIndex(p.size);
  if (i >= 0) m.op = nthOp(RetOp::kCopy1, i);
  return m;
}

void fillProgram(InterpProgram& prog, const CallPlan& plan) {
  const ArchDesc& arch = hostArch();
  const RegisterFileDesc& regs = arch.regs;
  prog.pieces = plan.pieces;
  prog.stackBytes = plan.stackBytes;
  prog.areaBytes = JITFFI_IF_SIZE + plan.stackBytes + plan.copyBytes;
  prog.keepChainReg = plan.platformRegReserved;
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

  std::vector<ArgMove> moves;
  for (uint32_t i = 0; i < plan.args.size(); ++i) {
    const ValuePlan& v = plan.args[i];
    if (v.mode == PassMode::kIgnore) continue;
    const Piece* pieces = plan.piecesOf(v);
    if (v.mode == PassMode::kIndirect) {
      moves.push_back({ArgOp::kIndirect, v.inSlot, 8 * i, JITFFI_IF_SIZE + plan.stackBytes + v.copyOffset,
                       destinationOf(pieces[0], regs), v.size});
      continue;
    }
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      const Piece& p = pieces[k];
      ArgMove m{ArgOp::kPiece, v.inSlot, 8 * i, p.offset, destinationOf(p, regs), v.firstPiece + k};
      const bool free = p.loc == PieceLoc::kStack && wordFree(stackRange(p, false));
      if (fastOp(p, alignmentAt(v.align, p.offset), free, m.op)) {
        // An 8-byte store: the word is the piece's alone.
        if (p.loc == PieceLoc::kStack) used.push_back({uint32_t(p.stackOffset), uint32_t(p.stackOffset) + 8});
      }
      moves.push_back(m);
    }
  }
  if (plan.ret.mode == PassMode::kIndirect) {
    moves.push_back({ArgOp::kRvalue, false, 0, 0, destinationOf(plan.piecesOf(plan.ret)[0], regs), 0});
  }
  if (plan.countReg >= 0) {
    moves.push_back({ArgOp::kConst, false, 0, 0, JITFFI_REGS_GP + 8 * uint32_t(regs.gpSlot[plan.countReg]),
                     plan.countValue});
  }
  if (!plan.platformRegReserved) prog.chainDst = JITFFI_REGS_GP + 8 * int32_t(regs.gpSlot[arch.staticChainReg]);

  // The stack image's words with a byte nothing writes are zeroed first.
  std::sort(used.begin(), used.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
  uint32_t covered = 0;  // [0, covered) is written
  auto zeroUpTo = [&](uint32_t end) {
    for (uint32_t w = covered / 8 * 8; w < end; w += 8) {
      prog.args.push_back({ArgOp::kZero, false, 0, 0, JITFFI_IF_SIZE + w, 0});
    }
  };
  for (const Range& r : used) {
    if (r.begin > covered) zeroUpTo(r.begin);
    covered = std::max(covered, r.end);
  }
  if (covered < plan.stackBytes) zeroUpTo(plan.stackBytes);
  for (const ArgMove& m : moves) {
    (m.op == ArgOp::kPiece || m.op == ArgOp::kIndirect ? prog.argsCalling : prog.args).push_back(m);
  }

  auto addRet = [&](const RetMove& m) { (m.op == RetOp::kBytes ? prog.retCalling : prog.ret).push_back(m); };
  if (plan.ret.mode == PassMode::kDirect) {
    const Piece* pieces = plan.piecesOf(plan.ret);
    for (uint32_t k = 0; k < plan.ret.pieceCount; ++k) {
      const Piece& p = pieces[k];
      switch (p.loc) {
        case PieceLoc::kGp:
          addRet(retMove(plan, p, JITFFI_IF_RET + JITFFI_RET_GP + 8 * uint32_t(regs.retGpSlot[p.reg])));
          break;
        case PieceLoc::kVec:
          addRet(retMove(plan, p, JITFFI_IF_RET + JITFFI_RET_VEC + 16 * uint32_t(regs.retVecSlot[p.reg])));
          break;
        case PieceLoc::kX87:
          ++prog.x87Count;
          addRet(retMove(plan, p, JITFFI_IF_RET + JITFFI_RET_X87 + 16 * uint32_t(p.reg)));
          break;
        case PieceLoc::kStack: break;
      }
    }
  }
}

// A piece no fast move serves, placed as the plan says at dst (its register slot or stack offset).
void placePiece(const Piece& p, const uint8_t* src, uint8_t* dst) {
  switch (p.loc) {
    case PieceLoc::kGp: storeAt(dst, loadExtended(src, p.size, p.ext)); break;
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
const uint8_t* argumentOf(const void* args, const ArgMove& m) {
  if constexpr (kShape == CallShape::kSlots) {
    const uint8_t* slot = static_cast<const uint8_t*>(args) + m.arg;
    if (m.inSlot) return slot;
    return reinterpret_cast<const uint8_t*>(uintptr_t(loadAt<uint64_t>(slot)));
  } else {
    return reinterpret_cast<const uint8_t*>(uintptr_t(loadAt<uint64_t>(static_cast<const uint8_t*>(args) + m.arg)));
  }
}

// The moves of prog.argsCalling (out of line: they call memcpy).
template <CallShape kShape>
__attribute__((noinline)) void callingMoves(const InterpProgram& prog, uint8_t* area, const void* args) {
  for (const ArgMove& m : prog.argsCalling) {
    uint8_t* const d = area + m.dst;
    if (m.op == ArgOp::kPiece) {
      placePiece(prog.pieces[m.n], argumentOf<kShape>(args, m) + m.src, d);
    } else {  // kIndirect: m.src is the copy's place in the area, not an offset in the argument
      std::memcpy(area + m.src, argumentOf<kShape>(args, m), m.n);
      storeAt<uint64_t>(d, uint64_t(uintptr_t(area + m.src)));
    }
  }
}

// The moves of prog.retCalling (kBytes).
__attribute__((noinline)) void callingReturnMoves(const InterpProgram& prog, const uint8_t* area, uint8_t* r) {
  for (const RetMove& m : prog.retCalling) std::memcpy(r + m.dst, area + m.src, m.n);
}

// One call by the program in `area` (areaBytes, 16-aligned).
template <CallShape kShape, bool kErrno>
[[gnu::always_inline]] inline void run(const InterpProgram& prog, uint8_t* area, void (*fn)(), void* rvalue,
                                       const void* args, uint64_t chain, int* errnoInOut) {
  auto* f = reinterpret_cast<InterpFrame*>(area);
  f->fn = fn;
  f->stack = area + JITFFI_IF_SIZE;
  f->stackBytes = prog.stackBytes;
  f->keepChainReg = prog.keepChainReg;
  f->ret.x87Count = prog.x87Count;
  if (prog.chainDst >= 0) storeAt<uint64_t>(area + prog.chainDst, chain);
  for (const ArgMove& m : prog.args) {
    uint8_t* const d = area + m.dst;
    auto src = [&] { return argumentOf<kShape>(args, m) + m.src; };
    switch (m.op) {
      case ArgOp::kU8: storeAt<uint64_t>(d, loadAt<uint8_t>(src())); break;
      case ArgOp::kU16: storeAt<uint64_t>(d, loadAt<uint16_t>(src())); break;
      case ArgOp::kU32: storeAt<uint64_t>(d, loadAt<uint32_t>(src())); break;
      case ArgOp::kU64: storeAt<uint64_t>(d, loadAt<uint64_t>(src())); break;
      case ArgOp::kS8: storeAt<int64_t>(d, loadAt<int8_t>(src())); break;
      case ArgOp::kS16: storeAt<int64_t>(d, loadAt<int16_t>(src())); break;
      case ArgOp::kS32: storeAt<int64_t>(d, loadAt<int32_t>(src())); break;
      case ArgOp::kBox32: storeAt<uint64_t>(d, loadAt<uint32_t>(src()) | ~uint64_t(0) << 32); break;
      case ArgOp::kU64By4: {
        const uint8_t* p = src();  // little-endian
        storeAt<uint64_t>(d, loadAt<uint32_t>(p) | uint64_t(loadAt<uint32_t>(p + 4)) << 32);
        break;
      }
      case ArgOp::kRvalue: storeAt<uint64_t>(d, uint64_t(uintptr_t(rvalue))); break;
      case ArgOp::kConst: storeAt<uint64_t>(d, m.n); break;
      case ArgOp::kZero: storeAt<uint64_t>(d, 0); break;
      default: __builtin_unreachable();  // kPiece, kIndirect: in argsCalling
    }
  }
  if (__builtin_expect(!prog.argsCalling.empty(), 0)) callingMoves<kShape>(prog, area, args);

  // errno around the routine's call: nothing else runs between (the routine only moves).
  if (kErrno && prog.errnoMode == ErrnoMode::kSetAndCapture) errno = *errnoInOut;
  prog.invoke(f);
  if (kErrno) *errnoInOut = errno;

  auto* r = static_cast<uint8_t*>(rvalue);
  for (const RetMove& m : prog.ret) {
    const uint8_t* s = area + m.src;
    uint8_t* d = r + m.dst;
    switch (m.op) {
      case RetOp::kCopy1: storeAt(d, loadAt<uint8_t>(s)); break;
      case RetOp::kCopy2: storeAt(d, loadAt<uint16_t>(s)); break;
      case RetOp::kCopy4: storeAt(d, loadAt<uint32_t>(s)); break;
      case RetOp::kCopy8: storeAt(d, loadAt<uint64_t>(s)); break;
      case RetOp::kCopy8By4:
        storeAt(d, loadAt<uint32_t>(s));
        storeAt(d + 4, loadAt<uint32_t>(s + 4));
        break;
      case RetOp::kS1: storeAt<int64_t>(d, loadAt<int8_t>(s)); break;
      case RetOp::kS2: storeAt<int64_t>(d, loadAt<int16_t>(s)); break;
      case RetOp::kS4: storeAt<int64_t>(d, loadAt<int32_t>(s)); break;
      case RetOp::kZ1: storeAt<uint64_t>(d, loadAt<uint8_t>(s)); break;
      case RetOp::kZ2: storeAt<uint64_t>(d, loadAt<uint16_t>(s)); break;
      case RetOp::kZ4: storeAt<uint64_t>(d, loadAt<uint32_t>(s)); break;
      default: __builtin_unreachable();  // kBytes: in retCalling
    }
  }
  if (__builtin_expect(!prog.retCalling.empty(), 0)) callingReturnMoves(prog, area, r);
}

// The area on the C++ stack when it is small, on the heap otherwise (values may be up to 16 MiB).
constexpr size_t kLocalArea = 1024;

template <CallShape kShape, bool kErrno>
__attribute__((noinline)) void runOnHeap(const InterpProgram& prog, void (*fn)(), void* rvalue, const void* args,
                                         uint64_t chain, int* errnoInOut) {
  std::unique_ptr<uint8_t[]> area(new (std::nothrow) uint8_t[prog.areaBytes]);
  if (!area) return;  // out of memory: the call is not made
  run<kShape, kErrno>(prog, area.get(), fn, rvalue, args, chain, errnoInOut);
}

}  // namespace


InterpProgram* buildInterpProgram(const CallPlan& plan) { return buildProgram<InterpProgram>(plan, &fillProgram); }

void freeInterpProgram(InterpProgram* program) { delete program; }

template <CallShape kShape, bool kErrno>
void interpretCall(const InterpProgram& program, void (*fn)(), void* rvalue, const void* args, uint64_t staticChain,
                   int* errnoInOut) {
  if (__builtin_expect(program.areaBytes > kLocalArea, 0)) {
    return runOnHeap<kShape, kErrno>(program, fn, rvalue, args, staticChain, errnoInOut);
  }
  alignas(16) uint8_t area[kLocalArea];
  run<kShape, kErrno>(program, area, fn, rvalue, args, staticChain, errnoInOut);
}
template void interpretCall<CallShape::kAvalues, false>(const InterpProgram&, void (*)(), void*, const void*, uint64_t,
                                                        int*);
template void interpretCall<CallShape::kSlots, false>(const InterpProgram&, void (*)(), void*, const void*, uint64_t,
                                                      int*);
template void interpretCall<CallShape::kAvalues, true>(const InterpProgram&, void (*)(), void*, const void*, uint64_t,
                                                       int*);
template void interpretCall<CallShape::kSlots, true>(const InterpProgram&, void (*)(), void*, const void*, uint64_t,
                                                     int*);

}  // namespace jitffi::internal
