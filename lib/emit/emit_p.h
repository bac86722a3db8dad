// SPDX-License-Identifier: MIT
// Emitters: machine code from a CallPlan, one folder per architecture (lib/emit/x64/, …), each
// behind the interface in arch_p.h. They read only the plan (never a Type) and make no ABI
// decision. This header holds what every architecture shares: the stub and handler shapes, the
// closure object, unwind steps, listings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "jitffi/plan.h"

namespace jitffi::internal {

// How a call stub receives the arguments. Every call stub has the C type
//   void stub(const void* ctx, void (*fn)(void), void* rvalue, <args>);
// ctx is free for the caller's use (the runtime passes its CallInterface; the interpreted
// fallback needs it), rvalue follows ffi_call's rules (integral returns narrower than 8 bytes
// are widened to 8; it must not be null when the return is not void).
enum class CallShape : uint8_t {
  kAvalues = 0,  // <args> is void** avalues: one pointer per argument (libffi's shape)
  kSlots = 1,    // <args> is const uint64_t* slots: one 8-byte slot per argument, holding the
                 // value (ValuePlan::inSlot) or a pointer to it
};

// errno stubs. A plan with an errno mode (CallPlan::errnoMode) gets stubs of the C type
//   int stub(const void* ctx, void (*fn)(void), void* rvalue, <args>, int errnoIn);
// (jitffi::ErrnoAvaluesStub, ErrnoSlotsStub).
// kSetAndCapture stores errnoIn into the calling thread's errno before the call; both modes
// return errno as the function left it. Nothing but moves runs between the function's return
// and the read (no call, so no C library function can set errno in between). The stub reaches
// errno through the thread pointer (x86-64: the fs segment; AArch64: tpidr_el0) plus a constant
// offset, StubParams::errnoOffset: the C library's errno is an initial-exec TLS variable (glibc
// and musl both: it lives in the static TLS block, or in the thread descriptor), so its offset
// from the thread pointer is fixed when the process starts and the same in every thread, while
// the thread pointer is each thread's own: one instruction reaches the caller's thread's errno,
// with no call to __errno_location and nothing saved around one. The value travels in a register
// both ways (the fifth argument in, the result out), so the stub keeps no pointer across the
// call either: the caller stores the result where it wants it.

// What a call stub needs besides its plan and shape.
struct StubParams {
  // The target baked into the stub (a bound call), or null: the stub calls its fn argument.
  const void* boundFn = nullptr;
  // For a plan with an errno mode: errno's offset from the thread pointer (the runtime's
  // hostErrnoOffset(); listings show a stand-in, kListingErrnoOffset).
  int64_t errnoOffset = 0;
};
// The errno offset listings show (an arbitrary small number: the real one is the process's).
inline constexpr int64_t kListingErrnoOffset = 0x40;

// Where generated code moves the stack pointer, for unwind tables: from code offset `at` on, the
// canonical frame address is the stack pointer + cfaOffset (at entry: the architecture's
// UnwindDesc::cfaOffset, e.g. rsp + 8 on x86-64, above the return address). Where the return
// address arrives in a register (AArch64: x30), a step also says when the code saves it and
// takes it back: returnSavedAt is its offset from the CFA from `at` on, 0 once it is back where
// it was at entry (UnwindDesc), kReturnUnmoved when the step does not move it.
struct CfaStep {
  static constexpr int32_t kReturnUnmoved = INT32_MIN;
  uint32_t at;
  uint32_t cfaOffset;
  int32_t returnSavedAt = kReturnUnmoved;
};
using CfaSteps = std::vector<CfaStep>;

// How a closure entry hands the arguments to its handler. Every handler has the C type
//   void handler(const void* ctx, void* ret, <args>, void* user_data);
// ret points to storage for the return value (for a hidden-pointer return: the caller's
// storage itself). Integral returns narrower than 8 bytes are read back from exactly their size
// (writing a whole widened ffi_arg, as libffi asks, also works).
enum class HandlerShape : uint8_t {
  kAvalues = 0,  // <args> is void** : one pointer per argument (libffi's closure shape)
  kSlots = 1,    // <args> is uint64_t* : the mirror of CallShape::kSlots
};

// Who a closure object's ctx field is: the CallInterface (jitffi's own closures) or an ffi_cif
// (libffi's closure API). Generated entries do not care; the interpreted entries need to know
// how to reach the plan. kGo: the object is libffi's Go closure (goClosureLayout).
enum class ClosureCtx : uint8_t { kInterface, kFfiCif, kGo };

// Where an entry finds its data: the address of a closure object arrives in `closureReg`; the
// handler, ctx and user_data are fields of that object (a negative userOffset passes the
// object's own address as user_data, as Go closures do).
struct ClosureLayout {
  uint8_t closureReg;
  int32_t ctxOffset;
  int32_t funOffset;
  int32_t userOffset;
};

// The closure objects, the same on every architecture but for the trampoline's size (pointers
// are 8 bytes on all of them):
// - libffi's ffi_closure (include/ffi.h): the architecture's trampoline (trampolineSize bytes:
//   FFI_TRAMPOLINE_SIZE), then cif (the ctx: an ffi_cif, or jitffi's CallInterface), fun and
//   user_data; the trampoline leaves the object's address in `reg`.
constexpr ClosureLayout closureObjectLayout(uint8_t reg, uint32_t trampolineSize) {
  const int32_t t = int32_t(trampolineSize);
  return {reg, t, t + 8, t + 16};
}
// - libffi's ffi_go_closure: a code pointer, cif, fun; its address arrives in the static-chain
//   register `reg` and is the handler's user_data.
constexpr ClosureLayout goClosureLayout(uint8_t reg) { return {reg, 8, 16, -1}; }

// Everything a closure entry needs besides the closure's plan. The handler may be compiled for
// another calling convention of the same architecture as the closure's (x86-64: a SysV handler
// for a Win64 closure, or the other way round): `handler` is the plan of the handler call itself
// (handlerCallPlan), so the entry passes (ctx, ret, args, user_data) where that plan says, gives
// the handler the stack area it asks for (Win64's home area), and saves and restores exactly the
// registers the closure's ABI preserves and the handler's does not (CallPlan::calleeSaved*).
struct ClosureEntrySpec {
  HandlerShape shape;
  ClosureLayout layout;
  const CallPlan& handler;
};

// What a closure entry does with a value: one passed whole in one stack piece is handed to the
// handler where the caller put it; another passed directly is reassembled in a buffer of the
// entry's frame, unless the slots shape keeps it in its slot.
inline bool passedWholeOnStack(const CallPlan& plan, const ValuePlan& v) {
  const Piece* p = plan.piecesOf(v);
  return v.mode == PassMode::kDirect && v.pieceCount == 1 && p[0].loc == PieceLoc::kStack && p[0].offset == 0;
}
inline bool needsEntryBuffer(const CallPlan& plan, const ValuePlan& v, HandlerShape shape) {
  if (v.mode != PassMode::kDirect) return false;
  if (shape == HandlerShape::kSlots && v.inSlot) return false;  // the slot is the storage
  return !passedWholeOnStack(plan, v);
}

// The plan of a handler call, `void handler(ptr ctx, ptr ret, ptr args, ptr user_data)`, under
// `handlerAbi`, for entries of `plan`: kBadAbi when that ABI is not of the plan's architecture.
Result<CallPlan> handlerCallPlan(const CallPlan& plan, Abi handlerAbi);

// The annotated assembly of a call stub or closure entry (asmjit's listing; each move says which
// argument piece it carries), for a plan of any architecture that has an emitter, on any host:
// the emitter is chosen by plan.arch and nothing is executed.
Result<std::string> listCallStub(const CallPlan& plan, CallShape shape, const void* boundFn);
// The listing with the given parameters (the tool lists host plans with the process's errno
// offset).
Result<std::string> listCallStub(const CallPlan& plan, CallShape shape, const StubParams& params);
Result<std::string> listClosureEntry(const CallPlan& plan, HandlerShape shape, Abi handlerAbi);

}  // namespace jitffi::internal
