// SPDX-License-Identifier: MIT
// The interpreted fallback's closure side: what an interpreted closure entry (the host's
// *_interp_closure.S, which saves the argument registers in a VarArgsFrame) runs to call the
// closure's handler, and how VarArgs finds an incoming value.
#pragma once

#include <cstdint>

#include "emit_p.h"
#include "interp_frame_p.h"

namespace jitffi::internal {

// What the interpreted closures precompute from a plan (the host architecture's), once per
// interface (the runtime keeps it with the CallInterface, built on the first interpreted closure
// call): for each handler shape a flat list of incoming moves — each argument's args entry made
// of the entry's saved registers and the caller's stack without classification: the address of
// the register slot holding the whole value (little-endian: its low bytes), of the caller's stack
// argument, of the caller's by-reference copy (loaded from its register or stack word), or of a
// buffer the value's pieces are copied into (typed 1-, 2-, 4- or 8-byte moves where aligned,
// memcpy otherwise, kept apart); for the slots shape, a scalar's own bytes; the VarArgsFrame of
// a variadic call — the sizes of the call's memory (args array, buffers, return buffer, one block
// on the C++ stack when small), and the return moves from the handler's result to the return
// registers: typed, widened as the piece's ext says (NaN-boxing a float included), the hidden
// result pointer where the ABI returns it; the general piece move (loadExtended, fillVec, x87
// values) otherwise. Opaque outside interp_closure.cpp.
struct InterpClosureProgram;

// The program of `plan`; null when out of memory. Freed with freeInterpClosureProgram.
InterpClosureProgram* buildInterpClosureProgram(const CallPlan& plan);
void freeInterpClosureProgram(InterpClosureProgram* program);

// Performs one closure call by `program`: builds the handler's arguments from the saved
// registers and stack of `in`, calls fun(ctx, ret, args, user) compiled for `handlerAbi`, and
// fills the return registers `out` needs (others keep what they held: the caller reads none).
void interpretClosure(const InterpClosureProgram& program, HandlerShape shape, Abi handlerAbi, const void* ctx,
                      void* fun, void* user, const VarArgsFrame& in, ReturnRegs& out);

// The bytes of an incoming argument `v` (of `plan`, the host architecture's) as the caller passed
// it, found in the saved registers and stack of `in`: a pointer into the caller's stack, the
// by-reference address, or the value reassembled in `scratch` (at least max(v.size, 16) bytes).
const uint8_t* locateIncoming(const CallPlan& plan, const ValuePlan& v, const VarArgsFrame& in, uint8_t* scratch);

}  // namespace jitffi::internal
