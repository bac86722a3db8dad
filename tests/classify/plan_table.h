// Table-driven classifier tests: each row is a C declaration (documentation), the signature in
// jitffi's text form, and the expected plan text (formatPlan without type comments).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "jitffi/plan.h"
#include "jitffi/signature.h"

namespace jitffi::test {

struct PlanRow {
  const char* decl;  // the C declaration the row describes (gcc's view of it was checked)
  const char* sig;   // jitffi text form
  const char* plan;  // expected formatPlan() output
};

inline void PrintTo(const PlanRow& r, std::ostream* os) { *os << r.sig; }

inline void expectPlan(const PlanRow& row, Abi abi) {
  auto sig = Signature::parse(row.sig);
  ASSERT_TRUE(sig.ok()) << row.sig << ": " << sig.error().toString();
  auto plan = classify(*sig, abi);
  ASSERT_TRUE(plan.ok()) << row.sig << ": " << plan.error().toString();
  EXPECT_EQ(formatPlan(*plan), row.plan) << "C: " << row.decl << "\nsignature: " << row.sig;
}

struct ErrorRow {
  const char* decl;
  const char* sig;
  Status status;
};

inline void expectError(const ErrorRow& row, Abi abi) {
  auto sig = Signature::parse(row.sig);
  ASSERT_TRUE(sig.ok()) << row.sig << ": " << sig.error().toString();
  auto plan = classify(*sig, abi);
  ASSERT_FALSE(plan.ok()) << row.sig << " classified, expected " << statusName(row.status);
  EXPECT_EQ(plan.error().status(), row.status) << row.sig << ": " << plan.error().toString();
  EXPECT_FALSE(plan.error().message().empty());
}

}  // namespace jitffi::test
