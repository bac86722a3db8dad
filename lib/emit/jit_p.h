// SPDX-License-Identifier: MIT
// The emitters' side of an architecture, in JIT builds only (lib/CMakeLists.txt, JITFFI_JIT):
// what an architecture whose folder has emitters provides besides its ArchDesc (arch_p.h), and
// what its emitters share. Everything that needs asmjit is reached through this header.
#pragma once

#include <asmjit/core.h>

#include <string>

#include "arch_p.h"
#include "encoding_memo_p.h"

namespace jitffi::internal {

// An architecture's emitters, one per folder that has them (`<folder>Jit`, in <folder>_jit.cpp).
// Each emitter writes into `code`, which is initialized for this architecture, and reports its
// stack-pointer steps when `steps` is given.
struct JitDesc {
  Arch arch;
  // The architecture as asmjit names it (the listing's CodeHolder is initialized for it).
  asmjit::Arch asmjitArch;
  // How its listings print numbers (in the architecture's custom: x86-64 in hex, AArch64 with
  // signed decimal offsets).
  asmjit::FormatFlags listingFormat;
  // A call stub for `plan` in any shape; with `params.boundFn` non-null the target is baked in.
  Error (*emitCall)(asmjit::CodeHolder& code, const CallPlan& plan, CallShape shape, const StubParams& params,
                    CfaSteps* steps);
  // The shared closure entry for `plan`, a handler shape and a handler convention.
  Error (*emitClosureEntry)(asmjit::CodeHolder& code, const CallPlan& plan, const ClosureEntrySpec& spec,
                            CfaSteps* steps);
};

// The emitters of an architecture, or null when it has none (asmjit cannot assemble for it).
const JitDesc* findJit(Arch arch);

// Keeps the first error asmjit reports while an emitter runs (stubs, entries and listings alike).
struct RecordingErrorHandler : asmjit::ErrorHandler {
  asmjit::Error first = asmjit::kErrorOk;
  std::string message;
  void handleError(asmjit::Error err, const char* msg, asmjit::BaseEmitter*) override {
    if (first == asmjit::kErrorOk) {
      first = err;
      message = msg ? msg : "error";
    }
  }
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

// The calling thread's assembler of one type, with its memo of encodings (encoding_memo_p.h),
// attached to `code`: attached anew when it last served another holder (or none: a holder's
// reset or destruction detaches it), otherwise left attached and placed where the text
// section's data ends, which is where a newly attached one starts. Making and attaching an
// assembler per block cost about 400 instructions of a cache miss; the runtime's holder is kept
// from block to block (runtime/jit_compile.cpp).
template <class Assembler>
Assembler& threadAssembler(asmjit::CodeHolder& code) {
  thread_local MemoAssembler<Assembler> a;
  if (a.code() != &code) {
    if (a.code()) a.code()->detach(&a);
    code.attach(&a);  // (on failure a.code() stays null, which emitCallWith and emitClosureEntryWith check)
  } else {
    a.setOffset(a.currentSection()->bufferSize());
  }
  return a;
}

// The ArchDesc entries for emitters written against one of asmjit's assemblers.
template <class Assembler, Error (*kEmit)(Assembler&, const CallPlan&, CallShape, const StubParams&, CfaSteps*)>
Error emitCallWith(asmjit::CodeHolder& code, const CallPlan& plan, CallShape shape, const StubParams& params,
                   CfaSteps* steps) {
  Assembler& a = threadAssembler<Assembler>(code);
  if (a.code() == nullptr) return fail(Status::kOutOfMemory, "assembler has no code holder");
  return kEmit(a, plan, shape, params, steps);
}
template <class Assembler, Error (*kEmit)(Assembler&, const CallPlan&, const ClosureEntrySpec&, CfaSteps*)>
Error emitClosureEntryWith(asmjit::CodeHolder& code, const CallPlan& plan, const ClosureEntrySpec& spec,
                           CfaSteps* steps) {
  Assembler& a = threadAssembler<Assembler>(code);
  if (a.code() == nullptr) return fail(Status::kOutOfMemory, "assembler has no code holder");
  return kEmit(a, plan, spec, steps);
}

}  // namespace jitffi::internal
