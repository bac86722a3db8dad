// The libffi-compatible C API: statuses, struct layout fill-in, ffi_call's rules.
#include <gtest/gtest.h>

#include <ffi.h>

#include "support/sysffi.h"

namespace {

extern "C" int addInts(int a, int b) { return a + b; }

TEST(CApi, PrepAndCall) {
  ffi_cif cif;
  ffi_type* args[] = {&ffi_type_sint, &ffi_type_sint};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint, args), FFI_OK);
  int a = 40, b = 2;
  void* av[] = {&a, &b};
  ffi_arg r = 0;
  ffi_call(&cif, FFI_FN(addInts), &r, av);
  EXPECT_EQ(int(r), 42);
}

}  // namespace
