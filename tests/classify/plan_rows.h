// SPDX-License-Identifier: MIT
// The rows of the classifier tables: a C declaration, the signature in jitffi's text form, and
// the expected plan text (formatPlan without type comments) or the expected error. Free of
// GoogleTest, so that tools outside the test programs (the gcc oracle's generator,
// tests/abi_oracle) read the same rows.
#pragma once

#include <span>

#include "jitffi/error.h"

namespace jitffi::test {

struct PlanRow {
  const char* decl;  // the C declaration the row describes (gcc's view of it was checked)
  const char* sig;   // jitffi text form
  const char* plan;  // expected formatPlan() output
};

// A named table of rows (a test suite's instantiation; the gcc oracle walks every table).
struct PlanTable {
  const char* name;
  std::span<const PlanRow> rows;
};

struct ErrorRow {
  const char* decl;
  const char* sig;
  Status status;
};

}  // namespace jitffi::test
