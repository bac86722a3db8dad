// SPDX-License-Identifier: MIT
// Golden disassembly: the annotated listing of each stub is compared with
// tests/emit/golden/<arch>/<case>.txt. After an intended change, regenerate with
//   JITFFI_BLESS=1 ctest -R emit_test
// and review the diff like code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "../../lib/emit/emit_p.h"
#include "jitffi/plan.h"
#include "jitffi/signature.h"

namespace jitffi {
namespace {

using internal::CallShape;

struct GoldenCase {
  const char* name;
  const char* sig;
  Abi abi;
  CallShape shape;  // for closures: kAvalues = libffi handler shape, kSlots = slots handler
  bool bound;
  bool closure = false;
  Abi handler = Abi::kSysV64;  // closures: the ABI the handler is compiled for
  ErrnoMode errnoMode = ErrnoMode::kNone;  // the call option (errno stubs; listings show errno
                                           // at internal::kListingErrnoOffset)
};

constexpr ErrnoMode kCapture = ErrnoMode::kCapture;
constexpr ErrnoMode kSetErrno = ErrnoMode::kSetAndCapture;

constexpr Abi kWin64Handler = Abi::kWin64;

// A fixed fake target for bound stubs, so the listing does not depend on addresses.
const void* const kFakeTarget = reinterpret_cast<const void*>(uintptr_t(0x1122334455667788ull));

const GoldenCase kCases[] = {
    {"void_void", "void()", Abi::kSysV64, CallShape::kAvalues, false},
    {"int_int_int", "i32(i32, i32)", Abi::kSysV64, CallShape::kAvalues, false},
    {"int_int_int_slots", "i32(i32, i32)", Abi::kSysV64, CallShape::kSlots, false},
    {"int_int_int_bound", "i32(i32, i32)", Abi::kSysV64, CallShape::kAvalues, true},
    {"extensions", "u16(i8, u8, i16, u16, i32, u32)", Abi::kSysV64, CallShape::kAvalues, false},
    {"double4", "f64(f64, f64, f64, f64)", Abi::kSysV64, CallShape::kAvalues, false},
    {"mixed_e", "i64(i32, f64, ptr, f32, i64, f64, i32, i32, i32, i32)", Abi::kSysV64,
     CallShape::kAvalues, false},
    {"mixed_e_slots", "i64(i32, f64, ptr, f32, i64, f64, i32, i32, i32, i32)", Abi::kSysV64,
     CallShape::kSlots, false},
    {"int64x12", "i64(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)", Abi::kSysV64,
     CallShape::kAvalues, false},
    {"struct_d2", "{f64,f64}({f64,f64}, {f64,f64})", Abi::kSysV64, CallShape::kAvalues, false},
    {"struct_split", "{i64,f64}({f64,i64}, {i32,f32})", Abi::kSysV64, CallShape::kAvalues, false},
    {"sret_i3", "{i64,i64,i64}({i64,i64,i64})", Abi::kSysV64, CallShape::kAvalues, false},
    {"five_chars_float", "f64({i8[5],f32})", Abi::kSysV64, CallShape::kAvalues, false},
    {"odd_sizes", "{i8,i8,i8}({i8,i8,i8}, {i8[5]}, {i16[3]}, {i8[7]}, {i8[9]})", Abi::kSysV64,
     CallShape::kAvalues, false},
    {"odd_returns", "{i8[7]}({i8[15]})", Abi::kSysV64, CallShape::kAvalues, false},
    {"long_double", "ld(ld, ld)", Abi::kSysV64, CallShape::kAvalues, false},
    {"complex_long_double", "cld(cld)", Abi::kSysV64, CallShape::kAvalues, false},
    {"int128", "i128(i128, i64, i128, i128)", Abi::kSysV64, CallShape::kAvalues, false},
    {"big_struct_rep_movs", "void({i64[40]}, i32)", Abi::kSysV64, CallShape::kAvalues, false},
    {"stack_struct", "i32(i64, i64, i64, i64, i64, {i64,i64}, i8)", Abi::kSysV64,
     CallShape::kAvalues, false},
    {"variadic", "i32(ptr, ..., f64, i32, f64)", Abi::kSysV64, CallShape::kAvalues, false},
    {"rcx_last", "void(i64, i64, i64, {i32,i32})", Abi::kSysV64, CallShape::kAvalues, false},
    // Closure entries.
    {"closure_int_int_int", "i32(i32, i32)", Abi::kSysV64, CallShape::kAvalues, false, true},
    {"closure_int_int_int_slots", "i32(i32, i32)", Abi::kSysV64, CallShape::kSlots, false, true},
    {"closure_mixed_e", "i64(i32, f64, ptr, f32, i64, f64, i32, i32, i32, i32)", Abi::kSysV64,
     CallShape::kAvalues, false, true},
    {"closure_mixed_e_slots", "i64(i32, f64, ptr, f32, i64, f64, i32, i32, i32, i32)", Abi::kSysV64,
     CallShape::kSlots, false, true},
    {"closure_struct_d2", "{f64,f64}({f64,f64}, {f64,f64})", Abi::kSysV64, CallShape::kAvalues, false, true},
    {"closure_struct_split", "{i64,f64}({f64,i64}, {i32,f32}, {i8[3]})", Abi::kSysV64, CallShape::kAvalues,
     false, true},
    {"closure_sret", "{i64,i64,i64}({i64,i64,i64}, i32)", Abi::kSysV64, CallShape::kAvalues, false, true},
    {"closure_long_double", "ld(ld, i8)", Abi::kSysV64, CallShape::kAvalues, false, true},
    {"closure_complex_long_double", "cld(cld)", Abi::kSysV64, CallShape::kSlots, false, true},
    {"closure_narrow_return", "i8(u16)", Abi::kSysV64, CallShape::kAvalues, false, true},
    {"closure_variadic", "i32(ptr, ...)", Abi::kSysV64, CallShape::kAvalues, false, true},
    {"closure_win64_handler", "{i64,i64,i64}(i32, f64, ...)", Abi::kSysV64, CallShape::kSlots, false, true,
     kWin64Handler},
    // Win64: four shared slots, the home area, by-reference copies, variadic floats in both
    // registers; closures with a SysV handler (saves rsi, rdi, xmm6–xmm15) and a Win64 one (none).
    {"win64_int_int_int", "i32(i32, i32)", Abi::kWin64, CallShape::kAvalues, false},
    {"win64_mixed_e", "i64(i32, f64, ptr, f32, i64, f64, i32, i32, i32, i32)", Abi::kWin64, CallShape::kAvalues,
     false},
    {"win64_by_reference", "{i64,i64,i64}({f64,f64}, {i8[3]}, {i32,i32}, {i64,i64,i64}, ld)", Abi::kGnuWin64,
     CallShape::kAvalues, false},
    {"win64_variadic", "i32(ptr, ..., f64, i32, f64)", Abi::kWin64, CallShape::kAvalues, false},
    {"win64_closure_int_int_int", "i32(i32, i32)", Abi::kWin64, CallShape::kAvalues, false, true},
    {"win64_closure_int_int_int_w64h", "i32(i32, i32)", Abi::kWin64, CallShape::kAvalues, false, true,
     kWin64Handler},
    {"win64_closure_slots_w64h", "{f64,f64}({f64,f64}, f32, i64, {i8[3]}, f64)", Abi::kWin64, CallShape::kSlots,
     false, true, kWin64Handler},
    {"win64_closure_variadic_w64h", "f64(ptr, ...)", Abi::kWin64, CallShape::kSlots, false, true, kWin64Handler},
    // errno stubs: set at entry from r8d (before r8 may carry an argument), read into eax last.
    {"errno_capture_void", "void(i32)", Abi::kSysV64, CallShape::kAvalues, false, false, Abi::kSysV64, kCapture},
    {"errno_set_int", "i32(i32, i32)", Abi::kSysV64, CallShape::kAvalues, false, false, Abi::kSysV64, kSetErrno},
    {"errno_set_slots", "i32(i32, i32)", Abi::kSysV64, CallShape::kSlots, false, false, Abi::kSysV64, kSetErrno},
    {"errno_set_bound", "i32(i32, i32)", Abi::kSysV64, CallShape::kAvalues, true, false, Abi::kSysV64, kSetErrno},
    {"errno_set_r8_argument", "i64(i64, i64, i64, i64, i64, i64, i64)", Abi::kSysV64, CallShape::kAvalues, false,
     false, Abi::kSysV64, kSetErrno},
    {"errno_capture_sret", "{i64,i64,i64}({i64,i64,i64})", Abi::kSysV64, CallShape::kAvalues, false, false,
     Abi::kSysV64, kCapture},
    {"errno_capture_long_double", "ld(ld)", Abi::kSysV64, CallShape::kAvalues, false, false, Abi::kSysV64, kCapture},
    {"errno_set_variadic", "i32(ptr, ..., f64, i32)", Abi::kSysV64, CallShape::kAvalues, false, false, Abi::kSysV64,
     kSetErrno},
    {"win64_errno_set", "i64(i64, i64, i64, i64, i64)", Abi::kWin64, CallShape::kAvalues, false, false, Abi::kSysV64,
     kSetErrno},
    {"win64_errno_capture_sret", "{i64,i64,i64}(i32)", Abi::kWin64, CallShape::kSlots, false, false, Abi::kSysV64,
     kCapture},
};

// AArch64 (AAPCS64): every stub shape, every piece kind (x/w, s/d/q, HFA members, composites in
// x registers with odd sizes, by-reference copies, x8, stack scalars, composites and HFAs on the
// stack, __int128 pairs), far frames; closure entries of both handler shapes, variadic.
constexpr Abi kA = Abi::kAapcs64;
constexpr Abi kP = Abi::kApple64;
constexpr Abi kW = Abi::kWinArm64;
const GoldenCase kA64Cases[] = {
    {"void_void", "void()", kA, CallShape::kAvalues, false},
    {"int_int_int", "i32(i32, i32)", kA, CallShape::kAvalues, false},
    {"int_int_int_slots", "i32(i32, i32)", kA, CallShape::kSlots, false},
    {"int_int_int_bound", "i32(i32, i32)", kA, CallShape::kAvalues, true},
    {"extensions", "u16(i8, u8, i16, u16, i32, u32)", kA, CallShape::kAvalues, false},
    {"double4", "f64(f64, f64, f64, f64)", kA, CallShape::kAvalues, false},
    {"mixed_e", "i64(i32, f64, ptr, f32, i64, f64, i32, i32, i32, i32)", kA, CallShape::kAvalues, false},
    {"mixed_e_slots", "i64(i32, f64, ptr, f32, i64, f64, i32, i32, i32, i32)", kA, CallShape::kSlots, false},
    {"int64x12", "i64(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)", kA, CallShape::kAvalues,
     false},
    {"int64x12_slots", "i64(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)", kA, CallShape::kSlots,
     false},
    {"hfa_d2", "{f64,f64}({f64,f64}, {f64,f64})", kA, CallShape::kAvalues, false},
    {"hfa_on_stack", "{f32,f32,f32}(f64, f64, f64, f64, f64, f64, {f32,f32,f32}, {f32,f32,f32}, f32)", kA,
     CallShape::kAvalues, false},
    {"sret_i3", "{i64,i64,i64}({i64,i64,i64})", kA, CallShape::kAvalues, false},
    {"sret_bound_tail", "{i64,i64,i64}(i32)", kA, CallShape::kAvalues, true},
    {"odd_sizes", "{i8,i8,i8}({i8,i8,i8}, {i8[5]}, {i16[3]}, {i8[7]}, {i8[9]}, {i8[11]})", kA,
     CallShape::kAvalues, false},
    {"odd_returns", "{i8[13]}({i8[15]}, {i8[7]})", kA, CallShape::kAvalues, false},
    {"long_double", "ld(ld, ld)", kA, CallShape::kAvalues, false},
    {"complex_long_double", "cld(cld)", kA, CallShape::kSlots, false},
    {"int128", "i128(i32, i128, i32, i128, i128, i128)", kA, CallShape::kAvalues, false},
    {"stack_values", "i32(i64, i64, i64, i64, i64, i64, i64, i64, {i8[3]}, {i8[12]}, i8, u16, {i64,i64,i64})", kA,
     CallShape::kAvalues, false},
    {"big_struct_loop", "void({i64[40]}, i32)", kA, CallShape::kAvalues, false},
    {"far_frame", "void({i8[5000]}, {i8[24]})", kA, CallShape::kAvalues, false},
    {"variadic", "i32(ptr, ..., f64, i32, f64)", kA, CallShape::kAvalues, false},
    // errno stubs: a frame always (no tail call), errno through tpidr_el0; set from w4 before x4
    // may carry an argument, read into w0 last.
    {"errno_capture_void", "void(i32)", kA, CallShape::kAvalues, false, false, kA, kCapture},
    {"errno_set_int", "i32(i32, i32)", kA, CallShape::kAvalues, false, false, kA, kSetErrno},
    {"errno_set_slots", "i32(i32, i32)", kA, CallShape::kSlots, false, false, kA, kSetErrno},
    {"errno_set_bound", "i32(i32, i32)", kA, CallShape::kAvalues, true, false, kA, kSetErrno},
    {"errno_set_x4_argument", "i64(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)", kA, CallShape::kAvalues,
     false, false, kA, kSetErrno},
    {"errno_capture_sret", "{i64,i64,i64}({i64,i64,i64})", kA, CallShape::kAvalues, false, false, kA, kCapture},
    {"errno_capture_hfa", "{f64,f64}({f64,f64})", kA, CallShape::kAvalues, false, false, kA, kCapture},
    // Closure entries.
    {"closure_int_int_int", "i32(i32, i32)", kA, CallShape::kAvalues, false, true, kA},
    {"closure_int_int_int_slots", "i32(i32, i32)", kA, CallShape::kSlots, false, true, kA},
    {"closure_mixed_e", "i64(i32, f64, ptr, f32, i64, f64, i32, i32, i32, i32)", kA, CallShape::kAvalues, false,
     true, kA},
    {"closure_mixed_e_slots", "i64(i32, f64, ptr, f32, i64, f64, i32, i32, i32, i32)", kA, CallShape::kSlots,
     false, true, kA},
    {"closure_hfa_d2", "{f64,f64}({f64,f64}, {f64,f64})", kA, CallShape::kAvalues, false, true, kA},
    {"closure_composites", "{i64,f64}({i8[3]}, {i8[13]}, {f32,f32,f32})", kA, CallShape::kAvalues, false, true, kA},
    {"closure_sret", "{i64,i64,i64}({i64,i64,i64}, i32)", kA, CallShape::kAvalues, false, true, kA},
    {"closure_stack", "i8(i64, i64, i64, i64, i64, i64, i64, i64, i8, {i8[12]}, {i64,i64,i64}, f64, f64, f64, f64, "
                      "f64, f64, f64, f64, f32)",
     kA, CallShape::kAvalues, false, true, kA},
    {"closure_stack_slots", "i8(i64, i64, i64, i64, i64, i64, i64, i64, i8, {i8[12]}, i64, i32, f64, f64, f64, f64, "
                            "f64, f64, f64, f64, f32, f64)",
     kA, CallShape::kSlots, false, true, kA},
    {"closure_long_double", "ld(ld, i8)", kA, CallShape::kAvalues, false, true, kA},
    {"closure_complex_long_double", "cld(cld)", kA, CallShape::kSlots, false, true, kA},
    {"closure_narrow_return", "u8(u16)", kA, CallShape::kAvalues, false, true, kA},
    {"closure_variadic", "i32(ptr, ...)", kA, CallShape::kAvalues, false, true, kA},
    {"closure_c32_slots", "c32(c32, i32)", kA, CallShape::kSlots, false, true, kA},  // a slot in two pieces
    // Apple arm64: named stack arguments packed, 16-aligned pairs from any register, variadic
    // arguments in 8-byte stack slots; closures of it served by AAPCS64 handlers.
    {"apple_packed_stack", "void(i64, i64, i64, i64, i64, i64, i64, i64, i8, i16, i8, i32, {i8,i8,i8}, f32, f64)", kP,
     CallShape::kAvalues, false},
    {"apple_packed_stack_slots", "f32(f64, f64, f64, f64, f64, f64, f64, f64, f32, {f32,f32,f32}, f32, i8, i16)", kP,
     CallShape::kSlots, false},
    {"apple_odd_pair", "i128(i64, i128, i64)", kP, CallShape::kAvalues, false},
    {"apple_variadic", "i32(i32, ..., i32, f64, {i32,i32,i32}, {f32,f32}, {i64,i64,i64}, i128)", kP,
     CallShape::kAvalues, false},
    {"apple_closure_packed_stack", "i8(i64, i64, i64, i64, i64, i64, i64, i64, i8, i16, i8, i32, {i8,i8,i8}, f32, f64)",
     kP, CallShape::kAvalues, false, true, kA},
    {"apple_closure_fp_stack", "f32(f64, f64, f64, f64, f64, f64, f64, f64, f32, {f32,f32,f32}, f32, {f32,f32})", kP,
     CallShape::kSlots, false, true, kA},
    {"apple_closure_variadic", "i32(ptr, f64, ...)", kP, CallShape::kAvalues, false, true, kA},
    // Windows arm64: every argument of a variadic function in x0–x7 then the stack (floats as
    // integer bits, HFAs as composites, by reference over 16 bytes, split across x7 and the stack).
    {"win_arm64_variadic", "f64(f32, f64, ..., f64, {f32,f32}, i128, {f64,f64,f64,f64})", kW, CallShape::kAvalues,
     false},
    {"win_arm64_variadic_split", "void(i32, ..., i32, i32, i32, i32, i32, i32, {i32,i32,i32}, i32)", kW,
     CallShape::kSlots, false},
    {"win_arm64_long_double", "ld(ld, ld)", kW, CallShape::kAvalues, false},
    {"win_arm64_closure_variadic", "f64(f32, f64, ...)", kW, CallShape::kAvalues, false, true, kA},
    {"win_arm64_closure_hfa", "{f32,f32,f32}({f32,f32,f32}, ld)", kW, CallShape::kSlots, false, true, kA},
    // A named composite of a variadic function split between x7 and the stack, reassembled.
    {"win_arm64_closure_split", "u64(i32, i32, i32, i32, i32, i32, i32, {i32,i32,i32}, ...)", kW, CallShape::kAvalues,
     false, true, kA},
    {"win_arm64_closure_split_hfa", "f64(i32, i32, i32, i32, i32, i32, i32, {f64,f64}, ...)", kW, CallShape::kSlots,
     false, true, kA},
};

std::string goldenPath(const GoldenCase& c) {
  const char* src = std::getenv("JITFFI_SOURCE_DIR");
  std::string dir = src ? std::string(src) + "/tests/emit/golden/" : std::string("tests/emit/golden/");
  return dir + std::string(archName(archOf(c.abi))) + "/" + c.name + ".txt";
}

std::string render(const GoldenCase& c) {
  auto sig = Signature::parse(c.sig, c.abi);
  EXPECT_TRUE(sig.ok()) << c.sig;
  if (!sig.ok()) return {};
  auto plan = classify(*sig, c.abi, {c.errnoMode});
  EXPECT_TRUE(plan.ok()) << c.sig << ": " << plan.error().toString();
  if (!plan.ok()) return {};
  auto listing = c.closure ? internal::listClosureEntry(*plan, internal::HandlerShape(c.shape), c.handler)
                           : internal::listCallStub(*plan, c.shape, c.bound ? kFakeTarget : nullptr);
  EXPECT_TRUE(listing.ok()) << listing.error().toString();
  if (!listing.ok()) return {};
  std::ostringstream out;
  out << "# " << sig->toText() << "  [" << abiName(c.abi) << ", "
      << (c.closure ? "closure, " : "") << (c.shape == CallShape::kSlots ? "slots" : "avalues")
      << (c.bound ? ", bound" : "") << (c.handler == kWin64Handler ? ", win64 handler" : "") << "]\n";
  out << formatPlan(*plan);
  out << "--\n" << *listing;
  return out.str();
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, Listing) {
  const GoldenCase& c = GetParam();
  const std::string got = render(c);
  ASSERT_FALSE(got.empty());
  const std::string path = goldenPath(c);
  const char* bless = std::getenv("JITFFI_BLESS");
  if (bless && std::string(bless) == "1") {
    std::ofstream out(path);
    out << got;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    return;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "missing golden file " << path << " (run with JITFFI_BLESS=1)";
  std::stringstream want;
  want << in.rdbuf();
  EXPECT_EQ(got, want.str()) << "listing changed for " << c.sig << "; if intended, bless with JITFFI_BLESS=1";
}

auto caseName = [](const ::testing::TestParamInfo<GoldenCase>& i) { return std::string(i.param.name); };
INSTANTIATE_TEST_SUITE_P(X64, Golden, ::testing::ValuesIn(kCases), caseName);
INSTANTIATE_TEST_SUITE_P(A64, Golden, ::testing::ValuesIn(kA64Cases), caseName);

// Closure entries ignore the errno option: the same code with and without it.
TEST(GoldenErrno, ClosureEntriesIgnoreTheOption) {
  for (Abi abi : {Abi::kSysV64, Abi::kWin64, Abi::kAapcs64}) {
    for (const char* text : {"i32(i32, i32)", "{i64,i64,i64}(f64, ...)", "ld(ld)"}) {
      auto sig = Signature::parse(text, abi);
      ASSERT_TRUE(sig.ok());
      auto plain = classify(*sig, abi);
      auto withErrno = classify(*sig, abi, {kSetErrno});
      ASSERT_TRUE(plain.ok() && withErrno.ok());
      for (auto shape : {internal::HandlerShape::kAvalues, internal::HandlerShape::kSlots}) {
        auto a = internal::listClosureEntry(*plain, shape, abi);
        auto b = internal::listClosureEntry(*withErrno, shape, abi);
        ASSERT_TRUE(a.ok() && b.ok()) << text;
        EXPECT_EQ(*a, *b) << text << " under " << abiName(abi);
      }
    }
  }
}

}  // namespace
}  // namespace jitffi
