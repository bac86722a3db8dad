/* SPDX-License-Identifier: MIT */
/* Programs that write their own code into ffi_closure_alloc memory (GHC, gobject-introspection,
   Ruby-ffi) and programs that call the closure pointer itself (node-gtk).
   argv[1] says what to expect: "dual" (two views of the same bytes) or "same" (one address,
   JITFFI_CLOSURE_SAME_ADDRESS=1 where the system allows writable+executable pages). */
#include <ffi.h>
#include <stdio.h>
#include <string.h>

static void twice(ffi_cif *cif, void *ret, void **args, void *user) {
  (void)cif;
  (void)user;
  *(ffi_arg *)ret = (ffi_arg)(*(int *)args[0] * 2);
}

int main(int argc, char **argv) {
  const int expectSame = argc > 1 && strcmp(argv[1], "same") == 0;
  int failures = 0;
  void *code;
  ffi_closure *cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
  if (!cl) return 2;
  if (((void *)cl == code) != expectSame) {
    printf("closure %p code %p: expected %s addresses\n", (void *)cl, code, expectSame ? "the same" : "two");
    ++failures;
  }
  /* Own code through the writable address, run through the code address (after making the
     instruction cache see it, as such programs do where that is needed). */
#if defined(__x86_64__)
  static const unsigned char ret42[] = {0xb8, 42, 0, 0, 0, 0xc3}; /* mov eax, 42; ret */
#elif defined(__aarch64__)
  static const unsigned char ret42[] = {0x40, 0x05, 0x80, 0x52, 0xc0, 0x03, 0x5f, 0xd6}; /* mov w0, 42; ret */
#elif defined(__riscv)
  static const unsigned char ret42[] = {0x13, 0x05, 0xa0, 0x02, 0x67, 0x80, 0x00, 0x00}; /* li a0, 42; ret */
#else
#error "legacy_closure_test.c: no code for this architecture"
#endif
  memcpy(cl, ret42, sizeof ret42);
  __builtin___clear_cache((char *)code, (char *)code + sizeof ret42);
  if (((int (*)(void))code)() != 42) {
    printf("own code did not run\n");
    ++failures;
  }
  /* A real closure in the same memory. */
  ffi_cif cif;
  ffi_type *at[] = {&ffi_type_sint};
  if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, at) != FFI_OK ||
      ffi_prep_closure_loc(cl, &cif, twice, NULL, code) != FFI_OK) {
    return 2;
  }
  if (((int (*)(int))code)(21) != 42) ++failures;
  if (expectSame && ((int (*)(int))(void *)cl)(21) != 42) ++failures;
  ffi_closure_free(cl);
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
