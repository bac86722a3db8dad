// SPDX-License-Identifier: MIT
// The interpreted fallback: the plan executed by generic code (design in interp_p.h).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <new>

#include "arch_p.h"
#include "interp_p.h"

namespace jitffi::internal {

namespace {

// Plans reach the interpreter only on the host architecture (the runtime checks).
const RegisterFileDesc& hostRegisters() { return hostArch().regs; }

// The `size` bytes at src widened to 8 as `ext` says: sign- or zero-extended, or (kNanBox) with
// ones above them. The plan's ext is the contract of the register or slot: on RISC-V an unsigned
// int is kSext (its psABI sign-extends 32-bit values whatever their type) and a float in an FP
// register kNanBox; the executor does what it says and knows no architecture.
uint64_t loadExtended(const uint8_t* src, uint32_t size, Ext ext) {
  uint64_t v = 0;
  std::memcpy(&v, src, size < 8 ? size : 8);
  if (size < 8 && ext != Ext::kNone) {
    const unsigned shift = 64 - size * 8;
    switch (ext) {
      case Ext::kSext: v = uint64_t(int64_t(v << shift) >> shift); break;
      case Ext::kZext: v = (v << shift) >> shift; break;
      case Ext::kNanBox: v |= ~uint64_t(0) << (size * 8); break;
      case Ext::kNone: break;
    }
  }
  return v;
}

// Fills a vector register slot with the `size` bytes at src, NaN-boxed to the piece's width when
// the plan says so (ABI[riscv-psabi 1.0 "Hardware Floating-Point Calling Convention"]: a float
// in a 64-bit FP register is "1-extended (NaN-boxed) to FLEN bits"); the rest of the slot stays
// zero.
void fillVec(uint8_t* slot, const uint8_t* src, const Piece& p) {
  const uint32_t n = p.size < 16 ? p.size : 16;
  std::memcpy(slot, src, n);
  if (p.ext == Ext::kNanBox && p.width > n) std::memset(slot + n, 0xff, p.width - n);
}

// Where argument i's bytes are in the caller's argument block.
const uint8_t* argumentBytes(const ValuePlan& v, CallShape shape, const void* args, size_t i) {
  if (shape == CallShape::kSlots) {
    const uint64_t* slots = static_cast<const uint64_t*>(args);
    if (v.inSlot) return reinterpret_cast<const uint8_t*>(&slots[i]);
    return reinterpret_cast<const uint8_t*>(uintptr_t(slots[i]));
  }
  return static_cast<const uint8_t* const*>(args)[i];
}

// A zeroed buffer on the C++ stack when small, on the heap otherwise (values may be up to
// 16 MiB).
class Scratch {
 public:
  explicit Scratch(size_t n) {
    if (n > sizeof local_) {
      heap_.reset(new (std::nothrow) uint8_t[n]);
      ptr_ = heap_.get();
    }
    if (ptr_) std::memset(ptr_, 0, n);
  }
  uint8_t* get() { return ptr_; }

 private:
  alignas(16) uint8_t local_[512];
  std::unique_ptr<uint8_t[]> heap_;
  uint8_t* ptr_ = local_;
};

}  // namespace

void interpretCall(const CallPlan& plan, CallShape shape, void (*fn)(), void* rvalue, const void* args,
                   uint64_t staticChain, int* errnoInOut) {
  const ArchDesc& arch = hostArch();
  const RegisterFileDesc& regs = arch.regs;
  InterpFrame f;
  std::memset(&f, 0, sizeof f);
  // A plan that reserves the platform register (AArch64 x18 under Apple's and Windows'
  // conventions, which is also the static chain) has the routine leave it as the caller had it.
  f.keepChainReg = plan.platformRegReserved;
  if (!plan.platformRegReserved) f.regs.gp[regs.gpSlot[arch.staticChainReg]] = staticChain;
  Scratch stack(plan.stackBytes);
  Scratch copies(plan.copyBytes);
  uint8_t* const out = stack.get();
  if (!out || !copies.get()) return;  // out of memory: the call is not made

  // Places `size` bytes (widened per ext to `width`) where a piece says.
  auto place = [&](const Piece& p, const uint8_t* src) {
    switch (p.loc) {
      case PieceLoc::kGp: f.regs.gp[regs.gpSlot[p.reg]] = loadExtended(src, p.size, p.ext); break;
      case PieceLoc::kVec: fillVec(f.regs.vec[regs.vecSlot[p.reg]], src, p); break;
      case PieceLoc::kStack:
        if (p.ext != Ext::kNone) {
          const uint64_t v = loadExtended(src, p.size, p.ext);
          std::memcpy(out + p.stackOffset, &v, p.width);
        } else {
          std::memcpy(out + p.stackOffset, src, p.size);
        }
        break;
      case PieceLoc::kX87: break;  // arguments never travel in x87 registers
    }
  };

  for (size_t i = 0; i < plan.args.size(); ++i) {
    const ValuePlan& v = plan.args[i];
    if (v.mode == PassMode::kIgnore) continue;
    const uint8_t* src = argumentBytes(v, shape, args, i);
    const Piece* pieces = plan.piecesOf(v);
    if (v.mode == PassMode::kIndirect) {
      uint8_t* copy = copies.get() + v.copyOffset;
      std::memcpy(copy, src, v.size);
      const uint64_t address = uint64_t(uintptr_t(copy));
      Piece p = pieces[0];
      p.size = 8;
      place(p, reinterpret_cast<const uint8_t*>(&address));
      continue;
    }
    for (uint32_t k = 0; k < v.pieceCount; ++k) place(pieces[k], src + pieces[k].offset);
  }
  if (plan.ret.mode == PassMode::kIndirect) {
    f.regs.gp[regs.gpSlot[plan.piecesOf(plan.ret)[0].reg]] = uint64_t(uintptr_t(rvalue));
  }
  if (plan.countReg >= 0) f.regs.gp[regs.gpSlot[plan.countReg]] = plan.countValue;
  if (plan.ret.mode == PassMode::kDirect) {
    for (uint32_t k = 0; k < plan.ret.pieceCount; ++k) {
      if (plan.piecesOf(plan.ret)[k].loc == PieceLoc::kX87) ++f.ret.x87Count;
    }
  }
  f.fn = fn;
  f.stack = out;
  f.stackBytes = plan.stackBytes;

  // errno around the routine's call: nothing else runs between (the routine only moves).
  if (plan.errnoMode == ErrnoMode::kSetAndCapture) errno = *errnoInOut;
  hostRoutines().invoke(&f);
  if (plan.errnoMode != ErrnoMode::kNone) *errnoInOut = errno;

  if (plan.ret.mode != PassMode::kDirect) return;
  auto* r = static_cast<uint8_t*>(rvalue);
  const Piece* pieces = plan.piecesOf(plan.ret);
  for (uint32_t k = 0; k < plan.ret.pieceCount; ++k) {
    const Piece& p = pieces[k];
    switch (p.loc) {
      case PieceLoc::kGp: {
        const uint64_t raw = f.ret.gp[regs.retGpSlot[p.reg]];
        if (plan.retWiden != Ext::kNone && p.size < 8) {
          // ffi_call's rule: integral returns narrower than ffi_arg are widened to it, as C
          // widens their type (CallPlan::retWiden; not the register's extension).
          const uint64_t v = loadExtended(reinterpret_cast<const uint8_t*>(&raw), p.size, plan.retWiden);
          std::memcpy(r + p.offset, &v, 8);
        } else {
          std::memcpy(r + p.offset, &raw, p.size);
        }
        break;
      }
      case PieceLoc::kVec: std::memcpy(r + p.offset, f.ret.vec[regs.retVecSlot[p.reg]], p.size); break;
      case PieceLoc::kX87: std::memcpy(r + p.offset, f.ret.x87[p.reg], p.size); break;
      case PieceLoc::kStack: break;
    }
  }
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
  if (v.mode == PassMode::kDirect && v.pieceCount == 1 && p[0].loc == PieceLoc::kStack && p[0].offset == 0) {
    return in.stack + p[0].stackOffset;
  }
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

void interpretClosure(const CallPlan& plan, HandlerShape shape, Abi handlerAbi, const void* ctx, void* fun, void* user,
                      const VarArgsFrame& in, ReturnRegs& out) {
  const RegisterFileDesc& regs = hostRegisters();
  const size_t n = plan.args.size();
  // Per argument: an 8-byte entry in the args array and a 16-aligned buffer for a value that
  // arrived in registers; then the return buffer.
  size_t bytes = 8 * (n + 1);
  for (const ValuePlan& v : plan.args) bytes += (std::max<size_t>(v.size, 16) + 15) / 16 * 16;
  bytes += std::max<size_t>(plan.ret.size, 16) + 32;
  Scratch scratch(bytes);
  uint8_t* mem = scratch.get();
  if (!mem) return;
  auto* args = reinterpret_cast<uint64_t*>(mem);
  uint8_t* buf = mem + (8 * (n + 1) + 15) / 16 * 16;
  for (size_t i = 0; i < n; ++i) {
    const ValuePlan& v = plan.args[i];
    const uint8_t* value = locateIncoming(plan, v, in, buf);
    if (shape == HandlerShape::kSlots && v.inSlot) {
      std::memcpy(&args[i], value, v.size);
    } else {
      args[i] = uint64_t(uintptr_t(value));
    }
    buf += (std::max<size_t>(v.size, 16) + 15) / 16 * 16;
  }
  if (plan.variadic) args[n] = uint64_t(uintptr_t(&in));  // the variadic-argument frame
  uint8_t* ret = buf;
  if (plan.ret.mode == PassMode::kIndirect) {
    ret = reinterpret_cast<uint8_t*>(uintptr_t(in.regs.gp[regs.gpSlot[plan.piecesOf(plan.ret)[0].reg]]));
  }
  hostRoutines().callHandler(handlerAbi, fun, ctx, ret, args, user);

  std::memset(&out, 0, sizeof out);
  if (plan.ret.mode == PassMode::kIndirect) {
    if (plan.sretReturnReg >= 0) out.gp[regs.retGpSlot[plan.sretReturnReg]] = uint64_t(uintptr_t(ret));
    return;
  }
  if (plan.ret.mode != PassMode::kDirect) return;
  const Piece* p = plan.piecesOf(plan.ret);
  for (uint32_t k = 0; k < plan.ret.pieceCount; ++k) {
    const Piece& pc = p[k];
    switch (pc.loc) {
      case PieceLoc::kGp:
        // Narrow integers widen from exactly their size, as the JIT entry does.
        out.gp[regs.retGpSlot[pc.reg]] = pc.ext != Ext::kNone ? loadExtended(ret + pc.offset, pc.size, pc.ext)
                                                              : loadExtended(ret + pc.offset, 8, Ext::kNone);
        break;
      case PieceLoc::kVec: fillVec(out.vec[regs.retVecSlot[pc.reg]], ret + pc.offset, pc); break;
      case PieceLoc::kX87:
        std::memcpy(out.x87[pc.reg], ret + pc.offset, pc.size);
        ++out.x87Count;
        break;
      case PieceLoc::kStack: break;
    }
  }
}

}  // namespace jitffi::internal
