// SPDX-License-Identifier: MIT
// The C++ half of unwind_late_test: loaded with dlopen after the C program made its stubs and
// closures; throws through them and catches.
#include <ffi.h>

#include <cstdio>
#include <stdexcept>

namespace {

struct Thrown : std::runtime_error {
  using std::runtime_error::runtime_error;
};

int thrower(int x) {
  if (x > 0) throw Thrown("from the callee");
  return x;
}

void throwingHandler(ffi_cif*, void* ret, void** args, void*) {
  if (*static_cast<int*>(args[0]) > 0) throw Thrown("from the closure handler");
  *static_cast<ffi_arg*>(ret) = 0;
}

}  // namespace

// The libffi functions come from the program (it may have loaded libffi privately); `cif` is an
// int(int) cif the program prepared and called already, `closure` a closure of it it prepared and
// called already: no new code is made here.
struct UnwindLateApi {
  void (*call)(ffi_cif*, void (*)(void), void*, void**);
  ffi_status (*prepClosureLoc)(ffi_closure*, ffi_cif*, void (*)(ffi_cif*, void*, void**, void*), void*, void*);
};

extern "C" __attribute__((visibility("default"))) int unwind_late_run(const UnwindLateApi* api, ffi_cif* cif,
                                                                      ffi_closure* closure, void* code) {
  int caught = 0;
  try {
    int x = 1;
    void* av[] = {&x};
    ffi_arg r;
    api->call(cif, reinterpret_cast<void (*)(void)>(&thrower), &r, av);
    std::puts("no exception through the call stub");
  } catch (const Thrown& t) {
    std::printf("caught: %s\n", t.what());
    ++caught;
  }
  // Re-preparing an existing closure with another handler makes no code (the entry is cached).
  if (api->prepClosureLoc(closure, cif, throwingHandler, nullptr, code) != FFI_OK) return 0;
  try {
    reinterpret_cast<int (*)(int)>(code)(1);
    std::puts("no exception through the closure entry");
  } catch (const Thrown& t) {
    std::printf("caught: %s\n", t.what());
    ++caught;
  }
  return caught;
}
