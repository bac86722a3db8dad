// SPDX-License-Identifier: MIT
// Uses the installed C++ API and the C API headers through the CMake package.
#include <ffi.h>
#include <jitffi/call.h>

#include <cstdio>

extern "C" int twice(int x) { return 2 * x; }

int main() {
  auto ci = jitffi::CallInterface::get("i32(i32)");
  if (!ci) {
    std::printf("%s\n", ci.error().toString().c_str());
    return 1;
  }
  const int r = (*ci)->invoke<int>(jitffi::toFn(twice), 21);
  ffi_cif cif;
  ffi_type* args[] = {&ffi_type_sint};
  if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, args) != FFI_OK) return 1;
  return r == 42 ? 0 : 1;
}
