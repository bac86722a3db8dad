// SPDX-License-Identifier: MIT
// Table-driven classifier tests: each row is a C declaration (documentation), the signature in
// jitffi's text form, and the expected plan text (formatPlan without type comments).
#pragma once

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "jitffi/plan.h"
#include "jitffi/signature.h"
#include "plan_rows.h"

namespace jitffi::test {

inline void PrintTo(const PlanRow& r, std::ostream* os) { *os << r.sig; }

// One row of a list of named tables (the list the gcc oracle walks too): a test parameter, named
// "<Table>_<row>" by tableRowName.
struct TableRow {
  const PlanTable* table;
  size_t index;
  const PlanRow& row() const { return table->rows[index]; }
};

inline void PrintTo(const TableRow& r, std::ostream* os) { *os << r.row().sig; }

inline std::vector<TableRow> tableRows(std::span<const PlanTable> tables) {
  std::vector<TableRow> rows;
  for (const PlanTable& t : tables) {
    for (size_t i = 0; i < t.rows.size(); ++i) rows.push_back({&t, i});
  }
  return rows;
}

inline std::string tableRowName(const ::testing::TestParamInfo<TableRow>& info) {
  return std::string(info.param.table->name) + "_" + std::to_string(info.param.index);
}

inline void expectPlan(const PlanRow& row, Abi abi) {
  auto sig = Signature::parse(row.sig, abi);
  ASSERT_TRUE(sig.ok()) << row.sig << ": " << sig.error().toString();
  auto plan = classify(*sig, abi);
  ASSERT_TRUE(plan.ok()) << row.sig << ": " << plan.error().toString();
  EXPECT_EQ(formatPlan(*plan), row.plan) << "C: " << row.decl << "\nsignature: " << row.sig;
}

inline void expectError(const ErrorRow& row, Abi abi) {
  auto sig = Signature::parse(row.sig, abi);
  ASSERT_TRUE(sig.ok()) << row.sig << ": " << sig.error().toString();
  auto plan = classify(*sig, abi);
  ASSERT_FALSE(plan.ok()) << row.sig << " classified, expected " << statusName(row.status);
  EXPECT_EQ(plan.error().status(), row.status) << row.sig << ": " << plan.error().toString();
  EXPECT_FALSE(plan.error().message().empty());
}

// C's default argument promotions (C11 6.5.2.2 p6–7) mean a variadic argument is never a float
// or an integer narrower than int, under every ABI: a signature that says otherwise is refused.
inline const ErrorRow kPromotionErrorRows[] = {
    {"printf(fmt, 1.0f) without the promotion to double", "i32(ptr, ..., f32)",
     Status::kBadArgType},
    {"printf(fmt, (signed char)1) without the promotion to int", "i32(ptr, ..., i8)",
     Status::kBadArgType},
    {"printf(fmt, (unsigned char)1) without the promotion to int", "i32(ptr, ..., u8)",
     Status::kBadArgType},
    {"printf(fmt, (short)1) without the promotion to int", "i32(ptr, ..., i16)",
     Status::kBadArgType},
    {"printf(fmt, (unsigned short)1) without the promotion to int", "i32(ptr, ..., u16)",
     Status::kBadArgType},
    {"f(x, 1.0, 2.0f): the second variadic argument is unpromoted", "void(i32, ..., f64, f32)",
     Status::kBadArgType},
};

// The limits of the ABIs with eight integer argument registers (AAPCS64, RISC-V): an unpromoted
// variadic argument past them on the stack, and a by-value struct over the size every classifier
// refuses.
inline const ErrorRow kEightRegisterErrorRows[] = {
    {"f(long x8, ..., (short)1): unpromoted on the stack",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, ..., i16)", Status::kBadArgType},
    {"a struct of 257 x 64 KiB (over the 16 MiB limit) by value", "void({{i8[65536]}[257]})",
     Status::kUnsupported},
};

}  // namespace jitffi::test
