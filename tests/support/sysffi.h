/* SPDX-License-Identifier: MIT */
// The system libffi, loaded next to jitffi as an independent oracle (tests) and as the
// comparison (benchmarks); another libffi given by path (`jitffi bench --libffi PATH`) the same
// way.
//
// The process also contains jitffi's ffi_* symbols, so libffi is opened by absolute path with
// RTLD_LOCAL | RTLD_DEEPBIND: its references to its own symbols bind to itself. Sanitizer
// runtimes refuse RTLD_DEEPBIND, so sanitizer builds open it without (libffi's internal
// references to its exported symbols may then bind to jitffi's); tests that need the oracle
// check SysFfi::faithful().
#pragma once

#include <ffi.h>

#include <string>

namespace jitffi::test {

struct SysFfi {
  ffi_status (*prep_cif)(ffi_cif*, ffi_abi, unsigned, ffi_type*, ffi_type**);
  ffi_status (*prep_cif_var)(ffi_cif*, ffi_abi, unsigned, unsigned, ffi_type*, ffi_type**);
  void (*call)(ffi_cif*, void (*)(void), void*, void**);
  ffi_status (*get_struct_offsets)(ffi_abi, ffi_type*, size_t*);
  void* (*closure_alloc)(size_t, void**);
  void (*closure_free)(void*);
  ffi_status (*prep_closure_loc)(ffi_closure*, ffi_cif*,
                                 void (*)(ffi_cif*, void*, void**, void*), void*, void*);
  // libffi 3.5's versions and 3.7's call plans: null where this libffi lacks them.
  const char* (*get_version)();
  unsigned long (*get_version_number)();
  ffi_call_plan* (*call_plan_alloc)(ffi_cif*);
  void (*call_plan_invoke)(ffi_call_plan*, void (*)(void), void*, void**);
  void (*call_plan_free)(ffi_call_plan*);

  // The system library's own predefined type objects, by libffi type code (FFI_TYPE_*), plus
  // the three complex types; null where this libffi lacks one.
  ffi_type* scalar[FFI_TYPE_LAST + 1];
  ffi_type* complexFloat;
  ffi_type* complexDouble;
  ffi_type* complexLongDouble;

  // Maps one of jitffi's predefined ffi_type objects to the system's equivalent (structs are
  // returned unchanged: libffi reads struct elements by type code).
  ffi_type* map(ffi_type* ours) const;

  // The loaded library, or null when libffi.so.8 is not installed.
  static const SysFfi* get();
  // The libffi at `path` (opened as the system's is, so another copy of libffi sits next to it),
  // or null with the reason in `error` (not loadable, or no ffi_prep_cif and ffi_call). Opening
  // the system library's own path gives the same library again.
  static const SysFfi* load(const std::string& path, std::string& error);
  // True when libffi binds to its own symbols (not a sanitizer build).
  static bool faithful();
  // Whether the system libffi (Debian 12's 3.4.4) has the complex types on this architecture: not
  // its riscv port, which aborts on FFI_TYPE_COMPLEX (libffi 3.8's riscv header has them).
#if defined(__riscv)
  static constexpr bool kHasComplex = false;
#else
  static constexpr bool kHasComplex = true;
#endif
};

}  // namespace jitffi::test
