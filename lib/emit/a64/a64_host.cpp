// SPDX-License-Identifier: MIT
// AArch64 (Linux, AAPCS64) as the host: the routines of the interpreted fallback (a64_interp.S,
// a64_interp_closure.S) and how C++ calls a handler.
#include "../arch_p.h"
#include "a64_regs_p.h"
#include "a64_trampoline_p.h"

namespace jitffi::internal {
extern "C" {
void jitffi_a64_invoke(InterpFrame* f, const InterpCall* c);
void jitffi_a64_closure_interp_cif();
void jitffi_a64_closure_interp_avalues();
void jitffi_a64_closure_interp_slots();
void jitffi_a64_closure_interp_go();
}

namespace {

static_assert(kHostAbi == Abi::kAapcs64, "the AArch64 .S routines are written for AAPCS64 (Linux)");

// The .S routines load and store exactly these slots of the register file: x0-x8 in GP slots 0-8
// and x18 (the static chain) in slot 9, v0-v7 in vector slots 0-7; the return registers x0, x1
// and v0-v3. The interpreted closure entries find the closure in x17 (the trampoline's register)
// or x18 (a Go closure's static chain).
constexpr bool registerFileIsWhatTheRoutinesUse() {
  const RegisterFileDesc& d = kA64Registers;
  for (int r = 0; r < RegisterFileDesc::kRegs; ++r) {
    const int gp = r <= 8 ? r : r == 18 ? 9 : -1;
    const int vec = r < 8 ? r : -1;
    if (d.gpSlot[r] != gp || d.vecSlot[r] != vec) return false;
    if (d.retGpSlot[r] != (r < 2 ? r : -1) || d.retVecSlot[r] != (r < 4 ? r : -1)) return false;
  }
  return true;
}
static_assert(registerFileIsWhatTheRoutinesUse());
static_assert(kA64StaticChainReg == 18 && a64::kTrampolineReg == 17);

void callHandler(Abi, void* fun, const void* ctx, void* ret, void* args, void* user) {
  using Handler = void (*)(const void*, void*, void*, void*);
  reinterpret_cast<Handler>(fun)(ctx, ret, args, user);
}

// Handlers of the host's convention for every kind of closure (AArch64 Linux has one C
// convention; Windows on Arm's handlers come with issue 14).
constexpr InterpClosureEntry kClosureEntries[] = {
    {&jitffi_a64_closure_interp_cif, ClosureCtx::kFfiCif, HandlerShape::kAvalues, Abi::kAapcs64},
    {&jitffi_a64_closure_interp_avalues, ClosureCtx::kInterface, HandlerShape::kAvalues, Abi::kAapcs64},
    {&jitffi_a64_closure_interp_slots, ClosureCtx::kInterface, HandlerShape::kSlots, Abi::kAapcs64},
    {&jitffi_a64_closure_interp_go, ClosureCtx::kGo, HandlerShape::kAvalues, Abi::kAapcs64},
};

}  // namespace

constinit const HostRoutines kHostRoutines{&jitffi_a64_invoke, &callHandler, kClosureEntries};

}  // namespace jitffi::internal
