/* SPDX-License-Identifier: MIT */
/* The interpreter's register file, shared by the generic C++ (interp.cpp, the runtime's closure
 * dispatcher, generated variadic closure entries) and every architecture's .S routines, which
 * include this header for the byte offsets. The slots are the same on every architecture; each
 * maps its own registers onto them (RegisterFileDesc, arch_p.h).
 *
 *   RegisterFile  argument-side slots: what an interpreted call loads before calling, and what a
 *                 closure entry saves as it comes in (GP: 8 bytes each; vector: 16 bytes each)
 *   ReturnRegs    return-side slots: what an interpreted call saves after the call, and what an
 *                 interpreted closure entry loads before returning (x87: PieceLoc::kX87 values,
 *                 10 bytes each, x86-64 only; x87Count of them)
 *   InterpFrame   one interpreted call: RegisterFile, the function, a word of the executor's,
 *                 ReturnRegs, then (at JITFFI_IF_SIZE) the outgoing stack image
 *   InterpCall    what the routine needs of the call's program besides the frame, the same for
 *                 every call by it (the program keeps it): the stack image's size (a multiple of
 *                 16), how many of the first GP and vector slots the call's values fill (the
 *                 routine may leave the registers of the slots past them as they are: slots no
 *                 piece fills hold nothing the callee reads), and the x87 return values to pop
 *   VarArgsFrame  what a variadic closure's handler gets as args[fixedCount] (and what the
 *                 interpreted closure entries hand the dispatcher): RegisterFile and the address
 *                 of the caller's stack arguments
 */
#ifndef JITFFI_INTERP_FRAME_P_H
#define JITFFI_INTERP_FRAME_P_H

#define JITFFI_GP_SLOTS 16
#define JITFFI_VEC_SLOTS 8
#define JITFFI_RET_GP_SLOTS 2
#define JITFFI_RET_VEC_SLOTS 4
#define JITFFI_RET_X87_SLOTS 2

/* RegisterFile */
#define JITFFI_REGS_GP 0
#define JITFFI_REGS_VEC 128
#define JITFFI_REGS_SIZE 256
/* ReturnRegs */
#define JITFFI_RET_GP 0
#define JITFFI_RET_VEC 16
#define JITFFI_RET_X87 80
#define JITFFI_RET_X87_COUNT 112
#define JITFFI_RET_SIZE 128
/* InterpFrame (the RegisterFile at 0; the stack image at JITFFI_IF_SIZE) */
#define JITFFI_IF_FN 256
#define JITFFI_IF_RET 272
#define JITFFI_IF_SIZE 400
/* InterpCall */
#define JITFFI_IC_STACK_BYTES 0
#define JITFFI_IC_GP_LOADS 8
#define JITFFI_IC_VEC_LOADS 12
#define JITFFI_IC_X87_COUNT 16
#define JITFFI_IC_SIZE 24
/* VarArgsFrame (the RegisterFile at 0) */
#define JITFFI_VA_STACK 256
#define JITFFI_VA_SIZE 272

#ifndef __ASSEMBLER__

#include <cstddef>
#include <cstdint>

namespace jitffi::internal {

struct RegisterFile {
  uint64_t gp[JITFFI_GP_SLOTS];
  uint8_t vec[JITFFI_VEC_SLOTS][16];
};

struct ReturnRegs {
  uint64_t gp[JITFFI_RET_GP_SLOTS];
  uint8_t vec[JITFFI_RET_VEC_SLOTS][16];
  uint8_t x87[JITFFI_RET_X87_SLOTS][16];  // st0, st1
  uint32_t x87Count;
  uint32_t pad[3];
};

struct InterpFrame {
  RegisterFile regs;
  void (*fn)();
  const void* program;  // the executor's own (the routine does not read it)
  ReturnRegs ret;
};

struct InterpCall {
  uint64_t stackBytes;
  uint32_t gpLoads;   // the GP slots [0, gpLoads) hold the call's values (the static chain's too)
  uint32_t vecLoads;  // the vector slots [0, vecLoads)
  uint32_t x87Count;  // x87 values returned (PieceLoc::kX87), popped into ret.x87
  uint32_t pad;
};

struct VarArgsFrame {
  RegisterFile regs;
  const uint8_t* stack;
  uint64_t pad;
};

static_assert(offsetof(RegisterFile, gp) == JITFFI_REGS_GP && offsetof(RegisterFile, vec) == JITFFI_REGS_VEC &&
              sizeof(RegisterFile) == JITFFI_REGS_SIZE);
static_assert(offsetof(ReturnRegs, gp) == JITFFI_RET_GP && offsetof(ReturnRegs, vec) == JITFFI_RET_VEC &&
              offsetof(ReturnRegs, x87) == JITFFI_RET_X87 && offsetof(ReturnRegs, x87Count) == JITFFI_RET_X87_COUNT &&
              sizeof(ReturnRegs) == JITFFI_RET_SIZE);
static_assert(offsetof(InterpFrame, regs) == 0 && offsetof(InterpFrame, fn) == JITFFI_IF_FN &&
              offsetof(InterpFrame, ret) == JITFFI_IF_RET && sizeof(InterpFrame) == JITFFI_IF_SIZE &&
              JITFFI_IF_SIZE % 16 == 0);
static_assert(offsetof(InterpCall, stackBytes) == JITFFI_IC_STACK_BYTES &&
              offsetof(InterpCall, gpLoads) == JITFFI_IC_GP_LOADS &&
              offsetof(InterpCall, vecLoads) == JITFFI_IC_VEC_LOADS &&
              offsetof(InterpCall, x87Count) == JITFFI_IC_X87_COUNT && sizeof(InterpCall) == JITFFI_IC_SIZE);
static_assert(offsetof(VarArgsFrame, regs) == 0 && offsetof(VarArgsFrame, stack) == JITFFI_VA_STACK &&
              sizeof(VarArgsFrame) == JITFFI_VA_SIZE);

}  // namespace jitffi::internal

#endif /* !__ASSEMBLER__ */

#endif /* JITFFI_INTERP_FRAME_P_H */
