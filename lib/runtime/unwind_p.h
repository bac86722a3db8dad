// SPDX-License-Identifier: MIT
// Unwind information for generated code: each call stub and closure entry gets an .eh_frame (one
// CIE, one FDE describing its stack-pointer steps) registered with the process's unwinder, so
// that C++ exceptions thrown by a callee or a closure handler, and backtraces, pass through it.
//
// The unwinder is libgcc_s.so.1, which libjitffi.so (through libstdc++) and the drop-in
// libffi.so.8 (directly: it links libstdc++ statically, libgcc_s dynamically) both depend on, so
// it is loaded before any code is made, and the C++ code of the process throws with it whenever
// it is loaded (later, with dlopen, or with RTLD_LOCAL as CPython loads extensions, which a
// lookup through the global scope would miss).
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>

#include "../emit/emit_p.h"

namespace jitffi::internal {

// How long a table lives: as long as the process (the code of an interface, which is never freed:
// the table, with the unwinder's record of it, in the process-lifetime arena, arena_p.h), or until
// unregisterCode (a bound stub's: from the heap).
enum class TableLife : uint8_t { kProcess, kUntilUnregistered };

// Registers [code, code+size) with the steps; returns a handle, for unregisterCode when `life` is
// kUntilUnregistered (null when out of memory).
void* registerCode(const void* code, size_t size, const CfaSteps& steps, TableLife life);
void unregisterCode(void* handle);
// The .eh_frame table registered under a handle: one CIE, one FDE (its addresses absolute), a
// zero terminator. Empty for a null handle.
std::span<const uint8_t> registeredTable(const void* handle) noexcept;

// Held around the unwinder's registry calls, so that fork() (fork.cpp) never happens while this
// library is inside one (the unwinder's own lock would stay locked in the child).
std::mutex& unwindLock() noexcept;

}  // namespace jitffi::internal
