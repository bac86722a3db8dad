// SPDX-License-Identifier: MIT
// Uses the installed C++ API and the C API headers through the CMake package: a call through a
// run-time interface, the same call through libffi's API, and a closure; each answer checked
// against the direct call.
#include <ffi.h>
#include <jitffi/call.h>
#include <jitffi/closure.h>

#include <cstdio>

extern "C" int twice(int x) { return 2 * x; }

int main() {
  auto ci = jitffi::CallInterface::get("i32(i32)");
  if (!ci) {
    std::printf("%s\n", ci.error().toString().c_str());
    return 1;
  }
  const auto r = (*ci)->invoke<int>(jitffi::toFn(twice), 21);  // checked: a Result
  auto typed = jitffi::CallInterface::of<int(int)>();            // typed: checked when compiled
  ffi_cif cif;
  ffi_type* args[] = {&ffi_type_sint};
  if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, args) != FFI_OK) return 1;
  int x = 50;
  void* av[] = {&x};
  ffi_arg c = 0;
  ffi_call(&cif, FFI_FN(twice), &c, av);
  auto closure = jitffi::Closure<int(int)>::make([](int v) { return twice(v) + 1; });
  if (!closure) return 1;
  const int k = closure->get()(7);
  if (!r || *r != twice(21) || !typed || (*typed)(twice, 21) != twice(21) || int(c) != twice(50) ||
      k != twice(7) + 1) {
    std::printf("wrong answers\n");
    return 1;
  }
  return 0;
}
