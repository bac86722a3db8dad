// Emitters: machine code from a CallPlan. They read only the plan (never a Type) and make no ABI
// decision. They emit through asmjit's Assembler.
#pragma once

#include <asmjit/x86.h>

#include <string>

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

// Emits a call stub for `plan` (whose arch must be x86-64) into `a`. With `boundFn` non-null the
// target is baked into the code and the stub's fn argument is ignored.
Error emitX64Call(asmjit::x86::Assembler& a, const CallPlan& plan, CallShape shape,
                  const void* boundFn);

// The annotated assembly of a call stub (asmjit's listing; each move says which argument piece
// it carries). Works for x86-64 plans on any host.
Result<std::string> listCallStub(const CallPlan& plan, CallShape shape, const void* boundFn);

namespace x64emit {
// Exact-size moves shared by the x86-64 call and closure emitters.
asmjit::x86::Mem mem(const asmjit::x86::Gp& base, int32_t disp, uint32_t size);
// Loads `size` (1, 2, 4 or 8) bytes into dst, widening per `ext` (a 4-byte load without sign
// extension zero-extends, as every 32-bit x86-64 write does).
void loadGp(asmjit::x86::Assembler& a, const asmjit::x86::Gp& dst, const asmjit::x86::Mem& src,
            uint32_t size, Ext ext);
// Stores the low `size` bytes (1–8) of src exactly; may clobber src for sizes 3, 5, 6, 7.
void storeGp(asmjit::x86::Assembler& a, const asmjit::x86::Gp& base, int32_t disp,
             const asmjit::x86::Gp& src, uint32_t size);
// Copies n bytes from [src+srcDisp] to [dst+dstDisp] without touching bytes outside either
// range, using tmp (and xtmp for 16-byte chunks).
void copyBytes(asmjit::x86::Assembler& a, const asmjit::x86::Gp& dst, int32_t dstDisp,
               const asmjit::x86::Gp& src, int32_t srcDisp, uint32_t n, const asmjit::x86::Gp& tmp,
               const asmjit::x86::Xmm& xtmp);
}  // namespace x64emit

}  // namespace jitffi::internal
