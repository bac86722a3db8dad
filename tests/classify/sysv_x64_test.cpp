// SysV x86-64 classifier tables (psABI 3.2.3). Every expected plan was checked against the code
// gcc 12 generates for the C declaration (gcc -O2 -S).
#include "plan_table.h"

namespace jitffi::test {
namespace {

const PlanRow kScalarRows[] = {
    {"void f(void)", "void()",
     "ret: ignore\n"
     "frame: stack=0 copy=0\n"},
    {"int f(int, int)", "i32(i32, i32)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct rsi=0+4:s\n"
     "frame: stack=0 copy=0\n"},
};

class SysVScalars : public ::testing::TestWithParam<PlanRow> {};
TEST_P(SysVScalars, Plan) { expectPlan(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVScalars, ::testing::ValuesIn(kScalarRows));

}  // namespace
}  // namespace jitffi::test
