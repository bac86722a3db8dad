// SPDX-License-Identifier: MIT
// x86-64 as the host (a SysV host: Linux, the BSDs): the routines of the interpreted fallback
// (x64_interp.S, x64_interp_closure.S) and how C++ calls a handler of each x86-64 convention.
#include "../arch_p.h"

namespace jitffi::internal {
extern "C" {
void jitffi_x64_invoke(InterpFrame* f, const InterpCall* c);
void jitffi_x64_closure_interp_cif();
void jitffi_x64_closure_interp_avalues();
void jitffi_x64_closure_interp_slots();
void jitffi_x64_closure_interp_go();
void jitffi_x64_closure_interp_avalues_w64h();
void jitffi_x64_closure_interp_slots_w64h();
}

namespace {

static_assert(kHostAbi == Abi::kSysV64, "the x86-64 .S routines are written for a SysV host");

// One function per convention: GCC 12 merges two tail calls that differ only in the callee's
// calling convention (if/else in one function gave the ms_abi branch the SysV call).
void callSysVHandler(void* fun, const void* ctx, void* ret, void* args, void* user) {
  using Handler = void (*)(const void*, void*, void*, void*);
  reinterpret_cast<Handler>(fun)(ctx, ret, args, user);
}

void callWin64Handler(void* fun, const void* ctx, void* ret, void* args, void* user) {
  using Handler = void(__attribute__((ms_abi))*)(const void*, void*, void*, void*);
  reinterpret_cast<Handler>(fun)(ctx, ret, args, user);
}

void callHandler(Abi handlerAbi, void* fun, const void* ctx, void* ret, void* args, void* user) {
  const bool win64 = handlerAbi == Abi::kWin64 || handlerAbi == Abi::kGnuWin64;
  (win64 ? callWin64Handler : callSysVHandler)(fun, ctx, ret, args, user);
}

// Handlers of the host's convention for every kind of closure; Win64 (ms_abi) handlers for
// jitffi's own closures (RawClosure's Win64 handler types, Closure<F> made for Win64).
constexpr InterpClosureEntry kClosureEntries[] = {
    {&jitffi_x64_closure_interp_cif, ClosureCtx::kFfiCif, HandlerShape::kAvalues, Abi::kSysV64},
    {&jitffi_x64_closure_interp_avalues, ClosureCtx::kInterface, HandlerShape::kAvalues, Abi::kSysV64},
    {&jitffi_x64_closure_interp_slots, ClosureCtx::kInterface, HandlerShape::kSlots, Abi::kSysV64},
    {&jitffi_x64_closure_interp_go, ClosureCtx::kGo, HandlerShape::kAvalues, Abi::kSysV64},
    {&jitffi_x64_closure_interp_avalues_w64h, ClosureCtx::kInterface, HandlerShape::kAvalues, Abi::kWin64},
    {&jitffi_x64_closure_interp_slots_w64h, ClosureCtx::kInterface, HandlerShape::kSlots, Abi::kWin64},
};

}  // namespace

constinit const HostRoutines kHostRoutines{&jitffi_x64_invoke, &callHandler, kClosureEntries};

}  // namespace jitffi::internal
