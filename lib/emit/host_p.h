// SPDX-License-Identifier: MIT
// The host architecture's compile-time facts, for the runtime's hot paths (writing a closure
// trampoline, finishing written code, mapping ffi_abi values). Each architecture's folder
// provides them in <folder>/<folder>_host.h; lib/CMakeLists.txt names the host's
// (JITFFI_HOST_ARCH_HEADER). In namespace jitffi::internal::host:
//   kCoherentInstructionFetch          written code needs no instruction-cache maintenance
//   kTrampolineSize, writeTrampoline   the closure trampoline (FFI_TRAMPOLINE_SIZE bytes)
//   kStaticTrampolineBlock, kStaticTrampolineStride
//                                      the static trampolines' blocks (<folder>_static_tramp.S,
//                                      the symbol jitffi_static_trampolines)
//   kFirstFfiAbi, kAbiOfFfi[]          the valid ffi_abi values, from the first, as jitffi ABIs
#pragma once

#include <iterator>

#include "jitffi/abi.h"
#include "jitffi_archs_p.h"

#include JITFFI_HOST_ARCH_HEADER
