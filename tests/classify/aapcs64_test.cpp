// SPDX-License-Identifier: MIT
// AAPCS64 (Linux) classifier tables: the rows of aapcs64_rows.h (each also checked against
// aarch64 gcc by tests/abi_oracle), the errors, and the plan's facts that the text leaves out.
#include <string>

#include "aapcs64_rows.h"
#include "plan_table.h"

namespace jitffi::test {
namespace {

// Every row of every table in kAapcs64Tables (the list the gcc oracle walks too).
class Aapcs64Plan : public ::testing::TestWithParam<TableRow> {};
TEST_P(Aapcs64Plan, Plan) { expectPlan(GetParam().row(), Abi::kAapcs64); }
INSTANTIATE_TEST_SUITE_P(Rows, Aapcs64Plan, ::testing::ValuesIn(tableRows(kAapcs64Tables)), tableRowName);

// ---------------------------------------------------------------------------------------------
// Errors: the variadic promotions and the limits of the eight-register ABIs (plan_table.h).
class Aapcs64Errors : public ::testing::TestWithParam<ErrorRow> {};
TEST_P(Aapcs64Errors, Status) { expectError(GetParam(), Abi::kAapcs64); }
INSTANTIATE_TEST_SUITE_P(Promotions, Aapcs64Errors, ::testing::ValuesIn(kPromotionErrorRows));
INSTANTIATE_TEST_SUITE_P(Rows, Aapcs64Errors, ::testing::ValuesIn(kEightRegisterErrorRows));

// libffi accepts &ffi_type_void as an argument type; libffi 3.4's aarch64 port passes nothing for
// it and gives it no register, in calls and in closures alike (observed under qemu-aarch64 with
// Debian's arm64 libffi: int f(int, double) called through a (void, int, double) cif gets its
// arguments in w0 and d0). The text form has no void arguments: a hand-built signature.
TEST(Aapcs64ByHand, VoidArgumentPassesNothing) {
  const Signature sig(Type::i32(), {Type::i32(), Type::void_(), Type::i32(), Type::void_(), Type::f64()});
  auto plan = classify(sig, Abi::kAapcs64);
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  EXPECT_EQ(formatPlan(*plan),
            "ret: direct x0=0+4:s\n"
            "a0: direct x0=0+4:s\n"
            "a1: ignore\n"
            "a2: direct x1=0+4:s\n"
            "a3: ignore\n"
            "a4: direct v0=0+8\n"
            "frame: stack=0 copy=0\n");
  // A variadic void is refused, as libffi's ffi_prep_cif_var refuses it (FFI_BAD_ARGTYPE).
  auto variadic = classify(Signature::makeVariadic(Type::i32(), {Type::i32(), Type::void_()}, 1), Abi::kAapcs64);
  ASSERT_FALSE(variadic.ok());
  EXPECT_EQ(variadic.error().status(), Status::kBadArgType);
}

// A union as CPython's ctypes describes it to libffi: a struct of the union's size whose members
// keep their struct offsets, so that all but the first reach past the size. A member there is
// still a member (5.8.5: "all of the Fundamental Data Types of the members ... are the same"):
// union { double d; int i; } is no HFA (aarch64 gcc passes it in x0, and so does libffi 3.4's
// aarch64 port, which inputs_test compares under qemu), union { double d; double e; } is one.
// (The gcc oracle cannot write such a layout in C: a hand-built signature.)
TEST(Aapcs64ByHand, ExplicitLayoutMembersPastTheSizeCount) {
  const Type mixed = Type::structWithLayout({Type::f64(), Type::i32()}, {8, 8});
  auto plan = classify(Signature(mixed, {Type::i32(), mixed}), Abi::kAapcs64);
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  EXPECT_EQ(formatPlan(*plan),
            "ret: direct x0=0+8\n"
            "a0: direct x0=0+4:s\n"
            "a1: direct x1=0+8\n"
            "frame: stack=0 copy=0\n");
  // The same nested in a struct of its own layout, and a union of doubles.
  const Type nested = Type::structOf({mixed});
  const Type doubles = Type::structWithLayout({Type::f64(), Type::f64()}, {8, 8});
  plan = classify(Signature(Type::void_(), {nested, doubles}), Abi::kAapcs64);
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  EXPECT_EQ(formatPlan(*plan),
            "ret: ignore\n"
            "a0: direct x0=0+8\n"
            "a1: direct v0=0+8\n"
            "frame: stack=0 copy=0\n");
}

// ---------------------------------------------------------------------------------------------
// The facts the plan text does not print (closure entries and stubs read them).
TEST(Aapcs64Frame, RegisterSets) {
  auto sig = Signature::parse("{i64,i64,i64}(i32, ..., f64)");
  ASSERT_TRUE(sig.ok());
  auto plan = classify(*sig, Abi::kAapcs64);
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  EXPECT_EQ(plan->arch, Arch::kA64);
  // ABI[aapcs64 2020Q2 6.1.1]: x0–x7 carry arguments; 6.1.2: v0–v7.
  EXPECT_EQ(plan->argGpMask, 0xFFu);
  EXPECT_EQ(plan->argVecMask, 0xFFu);
  // 6.1.1: x19–x29 preserved; 6.1.2: the low 64 bits of v8–v15.
  uint32_t x19to29 = 0;
  for (unsigned r = 19; r <= 29; ++r) x19to29 |= 1u << r;
  EXPECT_EQ(plan->calleeSavedGp, x19to29);
  EXPECT_EQ(plan->calleeSavedVec, 0xFF00u);
  EXPECT_EQ(plan->calleeSavedVecBytes, 8);
  // 6.5: nothing hands x8 back; no count register.
  EXPECT_EQ(plan->sretReturnReg, -1);
  EXPECT_EQ(plan->countReg, -1);
  EXPECT_TRUE(plan->variadic);
  EXPECT_EQ(plan->fixedCount, 1u);
}

TEST(Aapcs64Plan, RegisterNames) {
  EXPECT_EQ(registerName(Arch::kA64, PieceLoc::kGp, 0), "x0");
  EXPECT_EQ(registerName(Arch::kA64, PieceLoc::kGp, 30), "x30");
  EXPECT_EQ(registerName(Arch::kA64, PieceLoc::kVec, 31), "v31");
}

}  // namespace
}  // namespace jitffi::test
