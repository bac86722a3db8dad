// SPDX-License-Identifier: MIT
// The per-architecture interface. Everything that knows an instruction set lives in one folder
// per architecture under lib/emit (x64/, a64/, rv64/), which provides an ArchDesc; the runtime
// and the listings ask "the architecture of this plan" (findArch(plan.arch)) for everything and
// hold no instruction-set facts themselves. The emitters, where asmjit can assemble for the
// architecture, are described apart (JitDesc, jit_p.h), in JIT builds only: nothing here needs
// asmjit.
//
// An architecture's folder is compiled on every host (golden listings for every architecture are
// checked everywhere: asmjit's library contains all its assemblers), except its host part, built
// only where it is the host's architecture. lib/CMakeLists.txt has one line per architecture
// (jitffi_architecture), which also registers it here.
#pragma once

#include <span>
#include <string>

#include "emit_p.h"
#include "interp_frame_p.h"

namespace jitffi::internal {

// How an architecture's registers sit in the interpreter's register file (interp_frame_p.h),
// indexed by hardware register number (Piece::reg); -1: the register has no slot. The
// architecture's .S routines load and store exactly these slots.
struct RegisterFileDesc {
  static constexpr int kRegs = 32;
  // RegisterFile: the argument registers, and what a call needs besides (x86-64: the %al vector
  // count, the static chain).
  int8_t gpSlot[kRegs];
  int8_t vecSlot[kRegs];
  // ReturnRegs: the return registers (x87 values, PieceLoc::kX87, are in the x87 slots by
  // their stack position).
  int8_t retGpSlot[kRegs];
  int8_t retVecSlot[kRegs];
};

// The DWARF call-frame facts of the architecture's generated code: what the CIE of each of its
// .eh_frame tables says (the FDEs then follow the code's CfaSteps).
struct UnwindDesc {
  uint8_t codeAlign;     // code alignment factor
  int8_t dataAlign;      // data alignment factor
  uint8_t returnColumn;  // DWARF register number of the return address
  uint8_t spReg;         // DWARF register number of the stack pointer
  uint8_t cfaOffset;     // at entry, CFA = sp + cfaOffset
  int8_t returnSavedAt;  // at entry, the return address is saved at CFA + returnSavedAt; 0 when
                         // it is in the returnColumn register itself
};

struct ArchDesc {
  Arch arch;
  // The architecture's ELF machine number (e_machine: EM_X86_64, EM_AARCH64, …): the ELF images
  // that describe generated code to debuggers (runtime/elf_image_p.h) carry it.
  uint16_t elfMachine;

  // The closure trampoline (FFI_TRAMPOLINE_SIZE bytes at the start of every closure object; the
  // host's is written by host::writeTrampoline, host_p.h) and the register in which it leaves
  // the closure's address.
  uint32_t trampolineSize;
  uint8_t trampolineReg;
  // The static-chain register (hardware number), which carries a Go closure's address.
  uint8_t staticChainReg;

  // The interpreter's view of the registers (the interpreted fallback and VarArgs read plans'
  // register pieces through it).
  RegisterFileDesc regs;
  // Unwind tables for generated code.
  UnwindDesc unwind;
};

// Where the entries of this architecture find a closure object of kind `ctx`.
inline ClosureLayout closureLayout(const ArchDesc& arch, ClosureCtx ctx) {
  return ctx == ClosureCtx::kGo ? goClosureLayout(arch.staticChainReg)
                                : closureObjectLayout(arch.trampolineReg, arch.trampolineSize);
}

// The architecture's descriptor, or null when the library was built without it.
const ArchDesc* findArch(Arch arch);
// The descriptor of the architecture this library runs on.
const ArchDesc& hostArch();

// ---- the host part -----------------------------------------------------------------------------
// What only the host architecture's folder provides (its *_host.cpp and .S files, built where it
// is the host): the routines of the interpreted fallback.

// One interpreted closure entry (a .S routine a trampoline can jump to) and what it serves: the
// kind of closure object, the handler's shape and the ABI the handler is compiled for. Each
// entry passes its own address to the runtime's dispatcher (jitffi_interp_closure), which finds
// its row.
struct InterpClosureEntry {
  void (*entry)();
  ClosureCtx ctx;
  HandlerShape shape;
  Abi handlerAbi;
};

struct HostRoutines {
  // Copies c->stackBytes bytes of stack image (at JITFFI_IF_SIZE in f) to the outgoing argument
  // area, loads f->regs (at least the slots c says the call's values are in), calls f->fn, stores
  // the return registers in f->ret (popping c->x87Count x87 values).
  void (*invoke)(InterpFrame* f, const InterpCall* c);
  // Calls `fun(ctx, ret, args, user)` compiled for `handlerAbi` (one of the interpreted closure
  // entries' handler ABIs).
  void (*callHandler)(Abi handlerAbi, void* fun, const void* ctx, void* ret, void* args, void* user);
  std::span<const InterpClosureEntry> closureEntries;
};
// The host's, defined by its folder (constant-initialized: usable from the first instruction of
// the process, closures called from static constructors included).
extern const HostRoutines kHostRoutines;
inline const HostRoutines& hostRoutines() { return kHostRoutines; }

}  // namespace jitffi::internal
