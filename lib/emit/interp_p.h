// SPDX-License-Identifier: MIT
// The interpreted fallback: runs a CallPlan without generating code, for processes where no
// executable memory can be made (or when JITFFI_JIT=0 asks for it). Generic C++ fills a register
// file and a stack image from the plan; one hand-written assembly routine per architecture
// (x64/x64_interp.S) loads them, calls, and saves the return registers. The JIT and the fallback
// read the same plan and must agree on every test.
#pragma once

#include <cstddef>
#include <cstdint>

#include "emit_p.h"

namespace jitffi::internal {

struct InterpFrame {
  uint64_t gp[16];        // argument GP registers by hardware number (rax = gp[0]: the vector
                          // count; r10 = gp[10]: the static chain)
  uint8_t vec[8][16];     // xmm0–7
  void (*fn)();
  const void* stack;      // image of the outgoing stack area
  uint64_t stackBytes;    // its size, a multiple of 16
  uint64_t retRax;
  uint64_t retRdx;
  uint64_t pad;
  uint8_t retVec[2][16];  // xmm0, xmm1 after the call
  uint8_t retX87[2][16];  // st0, st1 after the call (80-bit values)
  uint32_t x87Count;      // how many x87 values the callee returns
};
static_assert(offsetof(InterpFrame, vec) == 128 && offsetof(InterpFrame, fn) == 256 &&
              offsetof(InterpFrame, stack) == 264 && offsetof(InterpFrame, stackBytes) == 272 &&
              offsetof(InterpFrame, retRax) == 280 && offsetof(InterpFrame, retRdx) == 288 &&
              offsetof(InterpFrame, retVec) == 304 && offsetof(InterpFrame, retX87) == 336 &&
              offsetof(InterpFrame, x87Count) == 368,
              "x64/x64_interp.S hard-codes these offsets");

// Performs one call described by `plan` (x86-64) with arguments in `shape`. rvalue follows the
// call-stub rules (see CallShape).
// staticChain goes to the static-chain register (r10: Go closures).
void interpretCall(const CallPlan& plan, CallShape shape, void (*fn)(), void* rvalue, const void* args,
                   uint64_t staticChain = 0);

// What the interpreted closure entry (x64/x64_interp_closure.S) loads into the return registers.
struct InterpClosureResult {
  uint64_t rax;
  uint64_t rdx;
  uint8_t vec[2][16];  // xmm0, xmm1
  uint8_t x87[2][16];  // st0, st1 (80-bit values)
  uint32_t x87Count;
  uint32_t pad[3];
};
static_assert(offsetof(InterpClosureResult, vec) == 16 && offsetof(InterpClosureResult, x87) == 48 &&
              offsetof(InterpClosureResult, x87Count) == 80 && sizeof(InterpClosureResult) == 96,
              "x64/x64_interp_closure.S hard-codes these offsets");
static_assert(sizeof(VarArgsFrame) == 272 && offsetof(VarArgsFrame, vec) == 128 &&
              offsetof(VarArgsFrame, stack) == 256,
              "x64/x64_interp_closure.S hard-codes these offsets");

// The bytes of an incoming argument `v` (of `plan`) as the caller passed it, found in the saved
// registers and stack of `in`: a pointer into the caller's stack, the by-reference address, or
// the value reassembled in `scratch` (at least max(v.size, 16) bytes).
const uint8_t* locateIncoming(const CallPlan& plan, const ValuePlan& v, const VarArgsFrame& in, uint8_t* scratch);

// Performs one closure call by the plan: builds the handler's arguments from the saved
// registers and stack, calls fun(ctx, ret, args, user) compiled for `handlerAbi`, and fills the
// return registers.
void interpretClosure(const CallPlan& plan, HandlerShape shape, Abi handlerAbi, const void* ctx, void* fun, void* user,
                      const VarArgsFrame& in, InterpClosureResult& out);

}  // namespace jitffi::internal
