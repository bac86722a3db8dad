// SPDX-License-Identifier: MIT
// Emitters: machine code from a CallPlan. They read only the plan (never a Type) and make no ABI
// decision. They emit through asmjit's Assembler.
#pragma once

#include <asmjit/x86.h>

#include <cstddef>
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

// Where generated code moves the stack pointer, for unwind tables: from code offset `at` on, the
// canonical frame address is rsp + cfaOffset (at entry: rsp + 8, the return address).
struct CfaStep {
  uint32_t at;
  uint32_t cfaOffset;
};
using CfaSteps = std::vector<CfaStep>;

// Emits a call stub for `plan` (whose arch must be x86-64) into `a`. With `boundFn` non-null the
// target is baked into the code and the stub's fn argument is ignored. `steps`, when given,
// receives the stub's stack-pointer changes.
Error emitX64Call(asmjit::x86::Assembler& a, const CallPlan& plan, CallShape shape,
                  const void* boundFn, CfaSteps* steps = nullptr);

// How a closure entry hands the arguments to its handler. Every handler has the C type
//   void handler(const void* ctx, void* ret, <args>, void* user_data);
// ret points to storage for the return value (for a hidden-pointer return: the caller's
// storage itself). Integral returns narrower than 8 bytes are read back from exactly their size
// (writing a whole widened ffi_arg, as libffi asks, also works).
enum class HandlerShape : uint8_t {
  kAvalues = 0,  // <args> is void** : one pointer per argument (libffi's closure shape)
  kSlots = 1,    // <args> is uint64_t* : the mirror of CallShape::kSlots
};

// The calling convention the handler itself is compiled for. The entry saves and restores only
// the registers the closure's ABI wants preserved and the handler's convention does not (a Win64
// closure with a SysV handler: rsi, rdi, xmm6–xmm15; with a Win64 handler: none), and gives a
// Win64 handler its 32-byte home area.
enum class HandlerCc : uint8_t {
  kSysV = 0,   // the x86-64 System V convention (the host's, on Linux)
  kWin64 = 1,  // Microsoft x64 (gcc's ms_abi; the host's on Windows)
};

// Where an entry finds its data and how it calls its handler: the trampoline leaves the address
// of a closure object in `closureReg`; the handler, ctx and user_data are fields of that object (a
// negative userOffset passes the object's own address as user_data, as Go closures do).
struct ClosureLayout {
  uint8_t closureReg = 10;  // r10
  int32_t ctxOffset = 32;   // ffi_closure: cif
  int32_t funOffset = 40;   // ffi_closure: fun
  int32_t userOffset = 48;  // ffi_closure: user_data
  HandlerCc handlerCc = HandlerCc::kSysV;
};

// What a variadic closure's handler gets as args[fixedCount]: every argument register as the
// caller left it, and the address of the caller's stack arguments. The variadic-argument
// cursor (VarArgs) reads the variadic arguments from it by re-running the classifier.
struct VarArgsFrame {
  uint64_t gp[16];     // by hardware register number (only argument registers are filled)
  uint8_t vec[8][16];  // vector argument registers
  const uint8_t* stack;
  uint64_t pad;
};

// Emits a closure entry for `plan` (x86-64, arguments in `plan`'s ABI; the handler is called
// in layout.handlerCc's convention).
Error emitX64ClosureEntry(asmjit::x86::Assembler& a, const CallPlan& plan, HandlerShape shape,
                          const ClosureLayout& layout, CfaSteps* steps = nullptr);

// The annotated assembly of a call stub (asmjit's listing; each move says which argument piece
// it carries). Works for x86-64 plans on any host.
Result<std::string> listCallStub(const CallPlan& plan, CallShape shape, const void* boundFn);
Result<std::string> listClosureEntry(const CallPlan& plan, HandlerShape shape, const ClosureLayout& layout);

namespace x64emit {
// Annotates the next instruction for listings (`jitffi disasm`, golden tests): "a2: bytes 8+8".
// Costs nothing when no logger is attached.
class Notes {
 public:
  explicit Notes(asmjit::x86::Assembler& a) : a_(a) {}
  void operator()(std::string text) {
    if (!a_.logger()) return;
    text_ = std::move(text);
    a_.setInlineComment(text_.c_str());
  }
  // "a<arg>: bytes <offset>+<size>" for piece k of argument `arg`.
  static std::string piece(const CallPlan& plan, uint32_t arg, uint32_t k) {
    const Piece& p = plan.piecesOf(plan.args[arg])[k];
    return "a" + std::to_string(arg) + ": bytes " + std::to_string(p.offset) + "+" + std::to_string(p.size);
  }

 private:
  asmjit::x86::Assembler& a_;
  std::string text_;
};

// Exact-size moves shared by the x86-64 call and closure emitters.
asmjit::x86::Mem mem(const asmjit::x86::Gp& base, int32_t disp, uint32_t size);
// Loads `size` (1, 2, 4 or 8) bytes into dst, widening per `ext` (a 4-byte load without sign
// extension zero-extends, as every 32-bit x86-64 write does).
void loadGp(asmjit::x86::Assembler& a, const asmjit::x86::Gp& dst, const asmjit::x86::Mem& src,
            uint32_t size, Ext ext);
// Stores the low `size` bytes (1–8) of src exactly; may clobber src for sizes 3, 5, 6, 7.
void storeGp(asmjit::x86::Assembler& a, const asmjit::x86::Gp& base, int32_t disp,
             const asmjit::x86::Gp& src, uint32_t size);
// Copies n bytes from [src+srcDisp] to [dst+dstDisp] in exact, non-overlapping chunks (never
// touching bytes outside either range), using tmp (and xtmp, when valid, for 16-byte chunks).
void copyBytes(asmjit::x86::Assembler& a, const asmjit::x86::Gp& dst, int32_t dstDisp,
               const asmjit::x86::Gp& src, int32_t srcDisp, uint32_t n, const asmjit::x86::Gp& tmp,
               const asmjit::x86::Xmm& xtmp);
}  // namespace x64emit

}  // namespace jitffi::internal
