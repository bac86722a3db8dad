// SPDX-License-Identifier: MIT
// RISC-V 64 (Linux, LP64D) as the host: the routines of the interpreted fallback (rv64_interp.S,
// rv64_interp_closure.S) and how C++ calls a handler.
#include "../arch_p.h"
#include "rv64_p.h"
#include "rv64_trampoline_p.h"

namespace jitffi::internal {
extern "C" {
void jitffi_rv64_invoke(InterpFrame* f, const InterpCall* c);
void jitffi_rv64_closure_interp_cif();
void jitffi_rv64_closure_interp_avalues();
void jitffi_rv64_closure_interp_slots();
void jitffi_rv64_closure_interp_go();
}

namespace {

static_assert(kHostAbi == Abi::kRv64, "the RISC-V .S routines are written for LP64D (Linux)");

// The .S routines load and store exactly these slots of the register file: a0-a7 (x10-x17) in
// GP slots 0-7 and t2 (x7, the static chain) in slot 8, fa0-fa7 (f10-f17) in vector slots 0-7;
// the return registers a0, a1 and fa0, fa1. The interpreted closure entries find the closure in
// t1 (x6, the trampolines' register) or t2 (a Go closure's static chain).
constexpr bool registerFileIsWhatTheRoutinesUse() {
  const RegisterFileDesc& d = kRv64Registers;
  for (int r = 0; r < RegisterFileDesc::kRegs; ++r) {
    const int arg = r >= 10 && r <= 17 ? r - 10 : -1;
    const int ret = r >= 10 && r <= 11 ? r - 10 : -1;
    if (d.gpSlot[r] != (r == 7 ? 8 : arg) || d.vecSlot[r] != arg) return false;
    if (d.retGpSlot[r] != ret || d.retVecSlot[r] != ret) return false;
  }
  return true;
}
static_assert(registerFileIsWhatTheRoutinesUse());
static_assert(kRv64StaticChainReg == 7 && rv64::kTrampolineReg == 6);

void callHandler(Abi, void* fun, const void* ctx, void* ret, void* args, void* user) {
  using Handler = void (*)(const void*, void*, void*, void*);
  reinterpret_cast<Handler>(fun)(ctx, ret, args, user);
}

// Handlers of the host's convention for every kind of closure (RISC-V 64 Linux has one C
// convention).
constexpr InterpClosureEntry kClosureEntries[] = {
    {&jitffi_rv64_closure_interp_cif, ClosureCtx::kFfiCif, HandlerShape::kAvalues, Abi::kRv64},
    {&jitffi_rv64_closure_interp_avalues, ClosureCtx::kInterface, HandlerShape::kAvalues, Abi::kRv64},
    {&jitffi_rv64_closure_interp_slots, ClosureCtx::kInterface, HandlerShape::kSlots, Abi::kRv64},
    {&jitffi_rv64_closure_interp_go, ClosureCtx::kGo, HandlerShape::kAvalues, Abi::kRv64},
};

}  // namespace

constinit const HostRoutines kHostRoutines{&jitffi_rv64_invoke, &callHandler, kClosureEntries};

}  // namespace jitffi::internal
