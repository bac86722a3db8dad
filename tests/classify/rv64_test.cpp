// SPDX-License-Identifier: MIT
// RISC-V 64 (LP64D) classifier tables: the rows of rv64_rows.h (each also checked against riscv64
// gcc by tests/abi_oracle), the errors, and the plan's facts that the text leaves out.

#include "plan_table.h"
#include "rv64_rows.h"

namespace jitffi::test {
namespace {

// Every row of every table in kRv64Tables (the list the gcc oracle walks too).
class Rv64Plan : public ::testing::TestWithParam<TableRow> {};
TEST_P(Rv64Plan, Plan) { expectPlan(GetParam().row(), Abi::kRv64); }
INSTANTIATE_TEST_SUITE_P(Rows, Rv64Plan, ::testing::ValuesIn(tableRows(kRv64Tables)), tableRowName);

// ---------------------------------------------------------------------------------------------
// Errors: the variadic promotions and the limits of the eight-register ABIs (plan_table.h).
class Rv64Errors : public ::testing::TestWithParam<ErrorRow> {};
TEST_P(Rv64Errors, Status) { expectError(GetParam(), Abi::kRv64); }
INSTANTIATE_TEST_SUITE_P(Promotions, Rv64Errors, ::testing::ValuesIn(kPromotionErrorRows));
INSTANTIATE_TEST_SUITE_P(Rows, Rv64Errors, ::testing::ValuesIn(kEightRegisterErrorRows));

// libffi accepts &ffi_type_void as an argument type: it passes nothing and takes no register (a
// hand-built signature: the text form has no void arguments).
TEST(Rv64ByHand, VoidArgumentPassesNothing) {
  const Signature sig(Type::i32(), {Type::i32(), Type::void_(), Type::f32()});
  auto plan = classify(sig, Abi::kRv64);
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  EXPECT_EQ(formatPlan(*plan),
            "ret: direct a0=0+4:s\n"
            "a0: direct a0=0+4:s\n"
            "a1: ignore\n"
            "a2: direct fa0=0+4:n\n"
            "frame: stack=0 copy=0\n");
}

// A union as CPython's ctypes describes it to libffi: a struct of the union's size whose members
// keep their struct offsets, so that all but the first reach past the size. Flattening it would
// hand the callee bytes the value does not have: it goes by the integer convention (the gcc
// oracle cannot write such a layout in C: a hand-built signature).
TEST(Rv64ByHand, ExplicitLayoutMembersPastTheSizeAreNotFlattened) {
  const Type mixed = Type::structWithLayout({Type::f64(), Type::i32()}, {8, 8});
  const Type doubles = Type::structWithLayout({Type::f64(), Type::f64()}, {8, 8});
  auto plan = classify(Signature(mixed, {mixed, doubles}), Abi::kRv64);
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  EXPECT_EQ(formatPlan(*plan),
            "ret: direct a0=0+8\n"
            "a0: direct a0=0+8\n"
            "a1: direct a1=0+8\n"
            "frame: stack=0 copy=0\n");
}

// Explicit layouts of padding only (ffi_type structs with a size and no elements) hold no field:
// flattening passes over them, however many (an array of 2^20) and however shared (each level
// {S, S}: 2^20 paths through 21 nodes), and finds the float past 8 MiB of padding — each node is
// walked once, so this is immediate.
TEST(Rv64ByHand, FieldlessPaddingIsWalkedOnce) {
  const Type pad = Type::structWithLayout({}, {8, 8});
  Type shared = pad;
  for (int level = 0; level < 20; ++level) shared = Type::structOf({shared, shared});
  for (const Type& padding : {Type::arrayOf(pad, 1u << 20), shared}) {
    const Type t = Type::structOf({padding, Type::f32()});
    ASSERT_EQ(t.layout(Abi::kRv64).size, (8u << 20) + 8);
    auto plan = classify(Signature(Type::void_(), {t}), Abi::kRv64);
    ASSERT_TRUE(plan.ok()) << plan.error().toString();
    EXPECT_EQ(formatPlan(*plan),
              "ret: ignore\n"
              "a0: direct fa0=8388608+4:n\n"
              "frame: stack=0 copy=0\n");
  }
}

// ---------------------------------------------------------------------------------------------
// The facts the plan text does not print (closure entries and stubs read them).
TEST(Rv64Frame, RegisterSets) {
  auto sig = Signature::parse("{i64,i64,i64}(i32, ..., f64)", Abi::kRv64);
  ASSERT_TRUE(sig.ok());
  auto plan = classify(*sig, Abi::kRv64);
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  EXPECT_EQ(plan->arch, Arch::kRv64);
  // "Integer Register Convention": a0–a7 are x10–x17; "Floating-Point Register Convention":
  // fa0–fa7 are f10–f17.
  EXPECT_EQ(plan->argGpMask, 0xFFu << 10);
  EXPECT_EQ(plan->argVecMask, 0xFFu << 10);
  // s0, s1 (x8, x9), s2–s11 (x18–x27); fs0, fs1, fs2–fs11 likewise, all 64 bits of them.
  uint32_t saved = (1u << 8) | (1u << 9);
  for (unsigned r = 18; r <= 27; ++r) saved |= 1u << r;
  EXPECT_EQ(plan->calleeSavedGp, saved);
  EXPECT_EQ(plan->calleeSavedVec, saved);
  EXPECT_EQ(plan->calleeSavedVecBytes, 8);
  // Nothing hands a0 back; no count register.
  EXPECT_EQ(plan->sretReturnReg, -1);
  EXPECT_EQ(plan->countReg, -1);
  EXPECT_TRUE(plan->variadic);
  EXPECT_EQ(plan->fixedCount, 1u);
}

TEST(Rv64Plan, RegisterNames) {
  EXPECT_EQ(registerName(Arch::kRv64, PieceLoc::kGp, 10), "a0");
  EXPECT_EQ(registerName(Arch::kRv64, PieceLoc::kGp, 17), "a7");
  EXPECT_EQ(registerName(Arch::kRv64, PieceLoc::kGp, 7), "t2");
  EXPECT_EQ(registerName(Arch::kRv64, PieceLoc::kGp, 27), "s11");
  EXPECT_EQ(registerName(Arch::kRv64, PieceLoc::kVec, 10), "fa0");
  EXPECT_EQ(registerName(Arch::kRv64, PieceLoc::kVec, 31), "ft11");
}

TEST(Rv64Plan, NamesOfTheAbiAndTheArchitecture) {
  EXPECT_EQ(abiName(Abi::kRv64), "rv64");
  EXPECT_EQ(abiFromName("rv64"), Abi::kRv64);
  EXPECT_EQ(abiFromName("lp64d"), Abi::kRv64);
  EXPECT_EQ(abiFromName("riscv64"), Abi::kRv64);
  EXPECT_EQ(archOf(Abi::kRv64), Arch::kRv64);
  EXPECT_EQ(archName(Arch::kRv64), "riscv64");
  EXPECT_EQ(archFromName("rv64"), Arch::kRv64);
  EXPECT_EQ(archFromName("riscv64"), Arch::kRv64);
  // long double is binary128: 16 bytes, 16-aligned.
  EXPECT_EQ(Type::longDouble().layout(Abi::kRv64).size, 16u);
  EXPECT_EQ(Type::longDouble().layout(Abi::kRv64).align, 16u);
}

}  // namespace
}  // namespace jitffi::test
