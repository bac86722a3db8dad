// SPDX-License-Identifier: MIT
// The interpreted fallback: runs a CallPlan without generating code, for processes where no
// executable memory can be made (or when JITFFI_JIT=0 asks for it), and for architectures asmjit
// cannot assemble for. Generic C++ fills the register file (interp_frame_p.h) and a stack image
// from the plan, through the architecture's RegisterFileDesc; the host architecture's .S routines
// (HostRoutines, arch_p.h) load them, call, and save the return registers. The JIT and the
// fallback read the same plan and must agree on every test.
#pragma once

#include <cstdint>

#include "emit_p.h"
#include "interp_frame_p.h"

namespace jitffi::internal {

// What the interpreted fallback precomputes from a plan (the host architecture's), once per
// interface (the runtime keeps it with the CallInterface): a flat list of moves — each piece of
// each argument from its bytes to its register slot or stack-image offset, already chosen to be
// one typed load and one 8-byte store where the plan allows, with the widening it needs; the
// copies of by-reference arguments; the stack image's bytes no argument writes (zeroed, so the
// image the routine copies is fully defined) — and the moves of the return pieces back to
// rvalue. A call then walks the lists: no classification, no per-call zeroing of the frame.
// Registers no piece fills hold whatever the frame's memory held (the callee does not read
// them). Opaque outside interp.cpp.
struct InterpProgram;

// The program of `plan`; null when out of memory. Freed with freeInterpProgram.
InterpProgram* buildInterpProgram(const CallPlan& plan);
void freeInterpProgram(InterpProgram* program);

// Performs one call by `program` with arguments in kShape. rvalue follows the call-stub rules
// (see CallShape). kErrno, for a plan with an errno mode: errno is set from *errnoInOut right
// before the call (kSetAndCapture) and stored there right after.
template <CallShape kShape, bool kErrno>
void interpretCall(const InterpProgram& program, void (*fn)(), void* rvalue, const void* args, int* errnoInOut);
// The same with arguments in avalues and staticChain in the architecture's static-chain register
// (Go closures), unless the plan reserves that register (CallPlan::platformRegReserved): then the
// callee gets it as the caller had it. (A call without one leaves that register as it is.)
void interpretCallWithChain(const InterpProgram& program, void (*fn)(), void* rvalue, void* const* avalues,
                            uint64_t staticChain);

}  // namespace jitffi::internal
