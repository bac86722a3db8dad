// SPDX-License-Identifier: MIT
// Unwind information for generated code: each call stub and closure entry gets an .eh_frame (one
// CIE, one FDE describing its stack-pointer steps) registered with the process's unwinder, so
// that C++ exceptions thrown by a callee or a closure handler, and backtraces, pass through it.
#pragma once

#include <cstddef>

#include "../emit/emit_p.h"

namespace jitffi::internal {

// Registers [code, code+size) with the steps; returns a handle for unregisterCode, or null when
// the process has no C++ unwinder loaded (no libgcc_s: nobody could throw through it).
void* registerCode(const void* code, size_t size, const CfaSteps& steps);
void unregisterCode(void* handle);

}  // namespace jitffi::internal
