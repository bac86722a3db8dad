// SPDX-License-Identifier: MIT
// jitffi — generated code made visible to debuggers and profilers. Every call stub and closure
// entry can be described, when it is made, as a function named after its signature and shape:
// "jitffi stub i32(f64, ptr)", "jitffi closure entry i32(f64, ptr)", … (docs/api.md lists the
// names). Both are off by default and cost nothing then; each setting applies to code made while
// it is on (code made earlier stays described, or not, as it was). And the memory the library
// keeps for its interfaces, for watching it grow.
#pragma once

#include <cstddef>

#include "jitffi/export.h"

namespace jitffi {

// gdb's JIT interface: each code block is registered with the debugger (an in-memory ELF
// object: its name, address range and unwind table), so backtraces and `disassemble` name it; it
// is unregistered when freed. Also on when the environment has JITFFI_DEBUG_JIT=1 at start-up.
// Returns the previous setting.
JITFFI_API bool setDebugRegistration(bool on) noexcept;

// Linux perf's JIT map: each code block made appends a line `START SIZE name` to
// /tmp/perf-PID.map (a fork child starts its own file with the lines of the code it inherited).
// Also on when the environment has JITFFI_PERF_MAP=1 at start-up. Returns the previous setting.
JITFFI_API bool setPerfMap(bool on) noexcept;

// The memory jitffi keeps for as long as the process runs, outside the C library's heap: its
// arena, which holds each interface (CallInterface), its cache entry and the unwind tables of
// its code. `used`: bytes handed out (alignment included); `mapped`: bytes of address space
// taken for it, made present as they fill. The rest is not counted here: heap blocks (malloc,
// which the C library reports, e.g. glibc's mallinfo2), executable memory for code and closures.
// For watching the library's growth; reading it takes no lock.
struct MemoryUse {
  size_t used;
  size_t mapped;
};
JITFFI_API MemoryUse memoryInUse() noexcept;

}  // namespace jitffi
