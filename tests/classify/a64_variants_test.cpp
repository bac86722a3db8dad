// SPDX-License-Identifier: MIT
// The Apple and Windows arm64 classifier tables (apple_arm64_rows.h, win_arm64_rows.h, each row
// checked against clang 14's assembly), and the facts of their plans that the text leaves out.
#include <string>
#include <vector>

#include "apple_arm64_rows.h"
#include "plan_table.h"
#include "win_arm64_rows.h"

namespace jitffi::test {
namespace {

struct TableRow {
  Abi abi;
  const PlanTable* table;
  size_t index;
  const PlanRow& row() const { return table->rows[index]; }
};

void PrintTo(const TableRow& r, std::ostream* os) { *os << abiName(r.abi) << " " << r.row().sig; }

std::vector<TableRow> allRows() {
  std::vector<TableRow> rows;
  for (const PlanTable& t : kAppleArm64Tables) {
    for (size_t i = 0; i < t.rows.size(); ++i) rows.push_back({Abi::kApple64, &t, i});
  }
  for (const PlanTable& t : kWinArm64Tables) {
    for (size_t i = 0; i < t.rows.size(); ++i) rows.push_back({Abi::kWinArm64, &t, i});
  }
  return rows;
}

class A64VariantPlan : public ::testing::TestWithParam<TableRow> {};
TEST_P(A64VariantPlan, Plan) { expectPlan(GetParam().row(), GetParam().abi); }
INSTANTIATE_TEST_SUITE_P(Rows, A64VariantPlan, ::testing::ValuesIn(allRows()),
                         [](const ::testing::TestParamInfo<TableRow>& info) {
                           std::string abi = info.param.abi == Abi::kApple64 ? "Apple" : "Win";
                           return abi + "_" + info.param.table->name + "_" + std::to_string(info.param.index);
                         });

// The variadic promotions hold under both (C's rules, not the ABI's).
class A64VariantErrors : public ::testing::TestWithParam<ErrorRow> {};
TEST_P(A64VariantErrors, Status) {
  expectError(GetParam(), Abi::kApple64);
  expectError(GetParam(), Abi::kWinArm64);
}
INSTANTIATE_TEST_SUITE_P(Promotions, A64VariantErrors, ::testing::ValuesIn(kPromotionErrorRows));

// Both reserve x18 (no static chain); AAPCS64 on Linux does not. The rest of the register facts
// are AAPCS64's.
TEST(A64Variants, RegisterFacts) {
  const Signature sig(Type::void_(), {Type::i32()});
  for (Abi abi : {Abi::kAapcs64, Abi::kApple64, Abi::kWinArm64}) {
    auto plan = classify(sig, abi);
    ASSERT_TRUE(plan.ok()) << plan.error().toString();
    EXPECT_EQ(plan->arch, Arch::kA64);
    EXPECT_EQ(plan->platformRegReserved, abi != Abi::kAapcs64) << abiName(abi);
    EXPECT_EQ(plan->calleeSavedGp, 0x7FFu << 19) << abiName(abi);
    EXPECT_EQ(plan->calleeSavedVec, 0xFFu << 8) << abiName(abi);
    EXPECT_EQ(plan->argGpMask, 0xFFu) << abiName(abi);
    EXPECT_EQ(plan->argVecMask, 0xFFu) << abiName(abi);
  }
}

// The names the tool and the C API use.
TEST(A64Variants, Names) {
  EXPECT_EQ(abiName(Abi::kWinArm64), "win-arm64");
  EXPECT_EQ(abiFromName("win-arm64"), Abi::kWinArm64);
  EXPECT_EQ(abiFromName("windows-arm64"), Abi::kWinArm64);
  EXPECT_EQ(abiFromName("apple-arm64"), Abi::kApple64);
  EXPECT_EQ(archOf(Abi::kWinArm64), Arch::kA64);
  EXPECT_EQ(longDoubleModel(Abi::kWinArm64), LongDoubleModel::kAsDouble);
  EXPECT_EQ(longDoubleModel(Abi::kApple64), LongDoubleModel::kAsDouble);
  static_assert(longDoubleModel(Abi::kAapcs64) == LongDoubleModel::kWide);
}

}  // namespace
}  // namespace jitffi::test
