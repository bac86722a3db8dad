// SPDX-License-Identifier: MIT
// The per-architecture interface. Everything that knows an instruction set lives in one folder
// per architecture under lib/emit (x64/ now), which provides an ArchDesc; the runtime and the
// listings ask "the architecture of this plan" (findArch(plan.arch)) for everything and hold no
// instruction-set facts themselves.
//
// An architecture's folder is compiled on every host (golden listings for every architecture are
// checked everywhere: asmjit's library contains all its assemblers), except its host part, built
// only where it is the host's architecture. lib/CMakeLists.txt has one line per architecture
// (jitffi_architecture), which also registers it here.
#pragma once

#include <asmjit/core.h>

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
  // The architecture as asmjit names it (the listing's CodeHolder is initialized for it).
  asmjit::Arch asmjitArch;
  // The architecture's ELF machine number (e_machine: EM_X86_64, EM_AARCH64, …): the ELF images
  // that describe generated code to debuggers (runtime/elf_image_p.h) carry it.
  uint16_t elfMachine;
  // How its listings print numbers (in the architecture's custom: x86-64 in hex, AArch64 with
  // signed decimal offsets).
  asmjit::FormatFlags listingFormat;

  // Emitters; null where asmjit cannot assemble for the architecture (the interpreted fallback
  // then serves it). Each writes into `code`, which is initialized for this architecture, and
  // reports its stack-pointer steps when `steps` is given.
  // A call stub for `plan` in any shape; with `params.boundFn` non-null the target is baked in.
  Error (*emitCall)(asmjit::CodeHolder& code, const CallPlan& plan, CallShape shape, const StubParams& params,
                    CfaSteps* steps);
  // The shared closure entry for `plan`, a handler shape and a handler convention.
  Error (*emitClosureEntry)(asmjit::CodeHolder& code, const CallPlan& plan, const ClosureEntrySpec& spec,
                            CfaSteps* steps);

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

// One listing comment, put into words only when a listing is being made (Notes, below): a fixed
// text, "a<arg>: <text>", "a<arg>: bytes <offset>+<size>" or "ret: bytes <offset>+<size>".
// Making one is a few stores: emitters describe every instruction whether or not anyone listens.
class Note {
 public:
  constexpr Note() = default;
  constexpr Note(const char* text) : text_(text) {}  // (implicit: a literal is a note)
  // "a<arg>: <text>".
  static constexpr Note arg(uint32_t arg, const char* text) { return Note(text, int64_t(arg), false, 0, 0); }
  // "a<arg>: bytes <offset>+<size>" for piece k of argument `arg`.
  static Note piece(const CallPlan& plan, uint32_t arg, uint32_t k) {
    const Piece& p = plan.piecesOf(plan.args[arg])[k];
    return Note(nullptr, int64_t(arg), true, p.offset, p.size);
  }
  // "ret: bytes <offset>+<size>" for a piece of the return value.
  static constexpr Note ret(const Piece& p) { return Note(nullptr, -1, true, p.offset, p.size); }
  explicit operator bool() const { return text_ != nullptr || bytes_; }
  // Appends the words (nothing for an empty note).
  void appendTo(std::string& out) const;

 private:
  constexpr Note(const char* text, int64_t arg, bool bytes, uint32_t offset, uint32_t size)
      : text_(text), arg_(arg), bytes_(bytes), offset_(offset), size_(size) {}
  const char* text_ = nullptr;
  int64_t arg_ = -1;  // the argument, or -1 (with bytes_: the return value)
  bool bytes_ = false;
  uint32_t offset_ = 0, size_ = 0;
};

// Annotates the next instruction for listings (`jitffi disasm`, golden tests): "a2: bytes 8+8".
// Costs a test when no logger is attached.
class Notes {
 public:
  explicit Notes(asmjit::BaseEmitter& a) : a_(a) {}
  // The note, then `more` after a comma when both are given.
  void operator()(Note note, Note more = {}) {
    if (!a_.logger()) return;
    text_.clear();
    note.appendTo(text_);
    if (note && more) text_ += ", ";
    more.appendTo(text_);
    a_.setInlineComment(text_.c_str());
  }

 private:
  asmjit::BaseEmitter& a_;
  std::string text_;
};

// The checks every closure-entry emitter makes, whatever the architecture: no x87 argument
// piece, vector pieces of 4, 8 or 16 bytes, no by-reference value in the slots shape where the
// value would fit its slot, a slot in `regs` for every argument register of a variadic plan, and
// a handler call of four pointers in general registers other than the closure register. `who`
// starts the error message ("x86-64 closure entry").
Error checkClosureEntry(const CallPlan& plan, const ClosureEntrySpec& spec, const RegisterFileDesc& regs,
                        const char* who);

// Embeds the address `p` (8 bytes, aligned) at `label`: a bound stub's target.
inline void embedAddress(asmjit::BaseEmitter& a, const asmjit::Label& label, const void* p) {
  a.align(asmjit::AlignMode::kData, 8);
  a.bind(label);
  a.embedUInt64(uint64_t(reinterpret_cast<uintptr_t>(p)));
}

// The ArchDesc entries for emitters written against one of asmjit's assemblers.
template <class Assembler, Error (*kEmit)(Assembler&, const CallPlan&, CallShape, const StubParams&, CfaSteps*)>
Error emitCallWith(asmjit::CodeHolder& code, const CallPlan& plan, CallShape shape, const StubParams& params,
                   CfaSteps* steps) {
  Assembler a(&code);
  return kEmit(a, plan, shape, params, steps);
}
template <class Assembler, Error (*kEmit)(Assembler&, const CallPlan&, const ClosureEntrySpec&, CfaSteps*)>
Error emitClosureEntryWith(asmjit::CodeHolder& code, const CallPlan& plan, const ClosureEntrySpec& spec,
                           CfaSteps* steps) {
  Assembler a(&code);
  return kEmit(a, plan, spec, steps);
}

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
  // Loads f->regs and the stack image, calls f->fn, stores the return registers in f->ret
  // (popping f->ret.x87Count x87 values).
  void (*invoke)(InterpFrame* f);
  // Calls `fun(ctx, ret, args, user)` compiled for `handlerAbi` (one of the interpreted closure
  // entries' handler ABIs).
  void (*callHandler)(Abi handlerAbi, void* fun, const void* ctx, void* ret, void* args, void* user);
  std::span<const InterpClosureEntry> closureEntries;
};
const HostRoutines& hostRoutines();

}  // namespace jitffi::internal
