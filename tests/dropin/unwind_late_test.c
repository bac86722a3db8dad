/* SPDX-License-Identifier: MIT */
/* A C program makes a call stub and a closure entry before any C++ code is loaded, then dlopens
   a C++ library (unwind_late_lib.cpp) that throws through both and catches. The unwind tables of
   generated code must be registered with the unwinder the C++ code throws with, although none was
   loaded when the code was made (issue 10 §5).

   usage: unwind_late_test LIB           built linked to libffi (the drop-in, or libjitffi.so)
          unwind_late_test LIB LIBFFI    built with UNWIND_LATE_DLOPEN: libffi opened with
                                         dlopen(RTLD_LOCAL), as CPython loads ctypes' libffi
   The C++ library is opened with RTLD_LOCAL too. */
#include <dlfcn.h>
#include <ffi.h>
#include <stdio.h>

struct UnwindLateApi {
  void (*call)(ffi_cif *, void (*)(void), void *, void **);
  ffi_status (*prepClosureLoc)(ffi_closure *, ffi_cif *, void (*)(ffi_cif *, void *, void **, void *), void *,
                               void *);
};

static int twice(int x) { return 2 * x; }

static void twiceHandler(ffi_cif *cif, void *ret, void **args, void *user) {
  (void)cif;
  (void)user;
  *(ffi_arg *)ret = (ffi_arg)(2 * *(int *)args[0]);
}

int main(int argc, char **argv) {
#ifdef UNWIND_LATE_DLOPEN
  if (argc < 3) return 2;
  ffi_status (*prepCif)(ffi_cif *, ffi_abi, unsigned, ffi_type *, ffi_type **);
  void *(*closureAlloc)(size_t, void **);
  struct UnwindLateApi api;
  ffi_type *sint;
  {
    void *libffi = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
    if (!libffi) {
      printf("cannot load %s: %s\n", argv[2], dlerror());
      return 2;
    }
    *(void **)&prepCif = dlsym(libffi, "ffi_prep_cif");
    *(void **)&closureAlloc = dlsym(libffi, "ffi_closure_alloc");
    *(void **)&api.call = dlsym(libffi, "ffi_call");
    *(void **)&api.prepClosureLoc = dlsym(libffi, "ffi_prep_closure_loc");
    sint = dlsym(libffi, "ffi_type_sint32");
    if (!prepCif || !closureAlloc || !api.call || !api.prepClosureLoc || !sint) return 2;
  }
#else
  if (argc < 2) return 2;
  ffi_status (*prepCif)(ffi_cif *, ffi_abi, unsigned, ffi_type *, ffi_type **) = ffi_prep_cif;
  void *(*closureAlloc)(size_t, void **) = ffi_closure_alloc;
  struct UnwindLateApi api = {ffi_call, ffi_prep_closure_loc};
  ffi_type *sint = &ffi_type_sint;
#endif
  /* The stub and the closure entry, made and used before any C++ code is loaded. */
  static ffi_cif cif;
  ffi_type *args[] = {sint};
  if (prepCif(&cif, FFI_DEFAULT_ABI, 1, sint, args) != FFI_OK) return 2;
  int x = 21;
  void *av[] = {&x};
  ffi_arg r = 0;
  api.call(&cif, (void (*)(void))twice, &r, av);
  void *code;
  ffi_closure *closure = closureAlloc(sizeof(ffi_closure), &code);
  if (!closure || api.prepClosureLoc(closure, &cif, twiceHandler, NULL, code) != FFI_OK) return 2;
  if ((int)r != 42 || ((int (*)(int))code)(21) != 42) {
    printf("calls before loading C++ failed\n");
    return 1;
  }

  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    printf("cannot load %s: %s\n", argv[1], dlerror());
    return 2;
  }
  int (*run)(const struct UnwindLateApi *, ffi_cif *, ffi_closure *, void *);
  *(void **)&run = dlsym(lib, "unwind_late_run");
  if (!run) return 2;
  fflush(stdout);
  const int caught = run(&api, &cif, closure, code);
  printf("%d of 2 exceptions caught\n", caught);
  return caught == 2 ? 0 : 1;
}
