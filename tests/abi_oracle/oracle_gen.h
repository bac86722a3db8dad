// SPDX-License-Identifier: MIT
// The ABI oracle's cases (see oracle.h), made from one ABI's classifier table rows: for every row
// (tests/classify/<abi>_rows.h, the rows the classifier tests compare) the signature is
// classified with the classifier built for this host, a plan text other than the row's is noted,
// and the generator keeps the row's known argument and result bytes (and which bytes are
// meaningful) with the plan, and writes C: the C types of the signature (with static assertions
// that the C compiler lays them out as jitffi does), the bytes, caller_i and callee_i, and the
// plan's pieces as data. Two programs use it:
//   gen_abi_oracle    writes the C, which the target's compiler builds and runs (oracle_main.c);
//   asm_abi_oracle    reads clang's assembly of that C for targets no machine here runs (Apple
//                     and Windows arm64) and checks each caller_i against the kept cases.
// The C needs no C library header (memcpy is the compiler's builtin): clang compiles it for
// Apple and Windows targets without their SDKs.
#pragma once

#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "aapcs64_rows.h"
#include "apple_arm64_rows.h"
#include "c_decl.h"
#include "jitffi/plan.h"
#include "jitffi/signature.h"
#include "rv64_rows.h"
#include "win_arm64_rows.h"

namespace jitffi::test::oracle {

// The byte the harness fills unassigned registers and stack with (oracle_main.c GARBAGE).
constexpr unsigned kGarbage = 0xEE;

// The tables of an ABI (empty for an ABI without tables here).
inline std::span<const PlanTable> tablesOf(Abi abi) {
  switch (abi) {
    case Abi::kAapcs64: return kAapcs64Tables;
    case Abi::kRv64: return kRv64Tables;
    case Abi::kApple64: return kAppleArm64Tables;
    case Abi::kWinArm64: return kWinArm64Tables;
    default: return {};
  }
}

// A row's case as the generator made it: the plan, and each value's bytes (index 0 the result,
// then the arguments).
struct CaseValue {
  std::vector<unsigned char> bytes, mask;
  uint8_t widen = 0;  // ORACLE_WIDEN_*
};
struct CaseData {
  std::string table;
  unsigned row = 0;
  const PlanRow* planRow = nullptr;
  std::string failure;       // the row could not be made a case (why)
  std::string mismatch;      // the classifier's plan text differs from the row's (both texts)
  Signature sig;
  CallPlan plan;
  std::vector<CaseValue> values;
  std::string caller;        // the name of its caller_i
};


inline uint8_t widenOf(const Type& t) {
  switch (t.kind()) {
    case TypeKind::kI8:
    case TypeKind::kI16:
    case TypeKind::kI32: return 1;  // ORACLE_WIDEN_SIGNED
    case TypeKind::kU8:
    case TypeKind::kU16:
    case TypeKind::kU32: return 2;  // ORACLE_WIDEN_UNSIGNED
    case TypeKind::kF32: return 3;  // ORACLE_WIDEN_FLOAT
    default: return 0;
  }
}

inline std::string byteArray(const std::vector<unsigned char>& bytes) {
  std::string out = "{";
  for (size_t i = 0; i < bytes.size(); ++i) out += (i ? "," : "") + std::to_string(bytes[i]);
  if (bytes.empty()) out += "0";  // C has no empty initializer before C23
  return out + "}";
}

struct Generator {
  Abi abi;
  CTypes types;
  std::string body;    // values, callers, callees, pieces
  std::string cases;   // the case table
  uint32_t maxStack = 16;
  uint64_t maxSeen = 16;
  uint64_t maxRet = 16;
  unsigned maxArgs = 1;
  unsigned index = 0;
  std::vector<CaseData> data;  // every row's case, in order

  Generator(Abi a) : abi(a), types(a) {}

  void failedCase(const char* table, unsigned row, const PlanRow& r, const std::string& why) {
    CaseData& kept = data.emplace_back();
    kept.table = table;
    kept.row = row;
    kept.planRow = &r;
    kept.failure = why;
    cases += "  {" + cString(table) + ", " + std::to_string(row) + ", " + cString(r.decl) + ", " + cString(r.sig) +
             ", " + cString(why) + ", 0, 0, oracle_no_values, oracle_no_pieces, oracle_noop, oracle_noop},\n";
  }

  void addRow(const char* table, unsigned row, const PlanRow& r) {
    auto sig = Signature::parse(r.sig, abi);
    if (!sig) return failedCase(table, row, r, "the signature does not parse: " + sig.error().toString());
    auto plan = classify(*sig, abi);
    if (!plan) return failedCase(table, row, r, "the classifier fails: " + plan.error().toString());
    if (sig->variadic && sig->fixedCount == 0) return failedCase(table, row, r, "C before C23 needs a named parameter before '...'");
    const std::string got = formatPlan(*plan);
    const std::string mismatch = got == r.plan ? "NULL" : cString("expected:\n" + std::string(r.plan) + "classifier:\n" + got);

    const std::string id = std::to_string(index++);
    CaseData& kept = data.emplace_back();
    kept.table = table;
    kept.row = row;
    kept.planRow = &r;
    if (got != r.plan) kept.mismatch = "expected:\n" + std::string(r.plan) + "classifier:\n" + got;
    kept.sig = *sig;
    kept.plan = *plan;
    kept.caller = "caller_" + id;
    Rng rng{0x0ac1e5eedull ^ (uint64_t(index) << 32)};
    const size_t n = sig->args.size();
    auto typeOf = [&](size_t v) -> const Type& { return v == 0 ? sig->ret : sig->args[v - 1]; };
    auto planOf = [&](size_t v) -> const ValuePlan& { return v == 0 ? plan->ret : plan->args[v - 1]; };

    std::string text = "/* " + std::string(table) + "[" + std::to_string(row) + "] " + r.decl + " */\n";
    // Values: byte 0 tags the value (unique in the row), the rest is random; never the garbage byte.
    std::string values = "static const OracleValue values_" + id + "[] = {\n";
    uint64_t seen = 0;
    for (size_t v = 0; v <= n; ++v) {
      const Type& t = typeOf(v);
      const uint64_t size = t.layout(abi).size;
      std::vector<unsigned char> bytes(size), mask(size);
      for (uint64_t i = 0; i < size; ++i) {
        unsigned b = i == 0 ? 0x30 + unsigned(v) : unsigned(rng.next() & 0xFF);
        if (b == kGarbage) b = 0x5A;
        bytes[i] = (unsigned char)b;
      }
      // A narrow signed integer is negative: a caller or callee that should sign-extend it and
      // does not is seen.
      if (widenOf(t) == 1) bytes[size - 1] = (unsigned char)(bytes[size - 1] == (kGarbage & 0x7F) ? 0xDA : bytes[size - 1] | 0x80);
      markLeaves(t, abi, 0, mask);
      kept.values.push_back({bytes, mask, widenOf(t)});
      text += "static const unsigned char bytes_" + id + "_" + std::to_string(v) + "[] = " + byteArray(bytes) + ";\n";
      text += "static const unsigned char mask_" + id + "_" + std::to_string(v) + "[] = " + byteArray(mask) + ";\n";
      const ValuePlan& vp = planOf(v);
      values += "  {" + std::to_string(int(vp.mode)) + ", " + std::to_string(int(widenOf(t))) + ", " +
                std::to_string(size) + ", " + std::to_string(vp.firstPiece) + ", " + std::to_string(vp.pieceCount) +
                ", bytes_" + id + "_" + std::to_string(v) + ", mask_" + id + "_" + std::to_string(v) + ", " +
                std::to_string(v == 0 ? 0 : seen) + "},\n";
      if (v > 0) seen += (size + 15) / 16 * 16;
    }
    values += "};\n";
    maxSeen = std::max(maxSeen, seen);
    maxRet = std::max<uint64_t>(maxRet, sig->ret.layout(abi).size);
    maxArgs = std::max<unsigned>(maxArgs, unsigned(n));
    maxStack = std::max(maxStack, plan->stackBytes);

    std::string pieces = "static const OraclePiece pieces_" + id + "[] = {\n";
    for (const Piece& p : plan->pieces) {
      pieces += "  {" + std::to_string(int(p.loc)) + ", " + std::to_string(p.reg) + ", " + std::to_string(p.offset) +
                ", " + std::to_string(p.size) + ", " + std::to_string(p.stackOffset) + ", " + std::to_string(int(p.ext)) +
                ", " + std::to_string(p.width) + "},\n";
    }
    if (plan->pieces.empty()) pieces += "  {0, 0, 0, 0, 0, 0, 0},\n";
    pieces += "};\n";

    // The prototype, as a function pointer type and as a definition.
    const std::string retType = types.name(sig->ret);
    std::string params;
    for (size_t i = 0; i < n; ++i) {
      if (sig->variadic && i == sig->fixedCount) break;
      params += (i ? ", " : "") + types.name(sig->args[i]);
    }
    if (sig->variadic) params += ", ...";
    if (params.empty()) params = "void";

    std::string caller = "static void caller_" + id + "(void) {\n";
    std::vector<std::string> argNames;
    for (size_t i = 0; i < n; ++i) {
      const std::string a = "a" + std::to_string(i);
      caller += "  " + types.name(sig->args[i]) + " " + a + ";\n  __builtin_memcpy(&" + a + ", bytes_" + id + "_" +
                std::to_string(i + 1) + ", sizeof " + a + ");\n";
      argNames.push_back(a);
    }
    // Through a volatile pointer: the compiler cannot see that the callee's type differs.
    std::string call = "((" + retType + " (*)(" + params + "))oracle_capture_fp)(";
    for (size_t i = 0; i < n; ++i) call += (i ? ", " : "") + argNames[i];
    call += ")";
    if (sig->ret.isVoid()) {
      caller += "  " + call + ";\n";
    } else {
      caller += "  " + retType + " r = " + call + ";\n  __builtin_memcpy(oracle_got_ret, &r, sizeof r);\n";
      if (widenOf(sig->ret) == 1) caller += "  oracle_got_ret_wide = (uint64_t)(int64_t)r;\n";
      if (widenOf(sig->ret) == 2) caller += "  oracle_got_ret_wide = (uint64_t)r;\n";
      if (widenOf(sig->ret) == 3) caller += "  { const double d = r; __builtin_memcpy(&oracle_got_ret_wide, &d, 8); }\n";
    }
    caller += "}\n";

    std::string callee = "static " + retType + " callee_" + id + "(";
    for (size_t i = 0; i < n && !(sig->variadic && i == sig->fixedCount); ++i) {
      callee += (i ? ", " : "") + types.name(sig->args[i]) + " a" + std::to_string(i);
    }
    if (sig->variadic) callee += ", ...";
    if (n == 0) callee += "void";
    callee += ") {\n";
    if (sig->variadic) {
      callee += "  va_list ap;\n  va_start(ap, a" + std::to_string(sig->fixedCount - 1) + ");\n";
      for (size_t i = sig->fixedCount; i < n; ++i) {
        callee += "  " + types.name(sig->args[i]) + " a" + std::to_string(i) + " = va_arg(ap, " +
                  types.name(sig->args[i]) + ");\n";
      }
      callee += "  va_end(ap);\n";
    }
    for (size_t i = 0; i < n; ++i) {
      const std::string a = "a" + std::to_string(i);
      callee += "  __builtin_memcpy(oracle_seen + values_" + id + "[" + std::to_string(i + 1) + "].seenOffset, &" + a +
                ", sizeof " + a + ");\n";
      if (widenOf(sig->args[i]) == 1) callee += "  oracle_seen_wide[" + std::to_string(i) + "] = (uint64_t)(int64_t)" + a + ";\n";
      if (widenOf(sig->args[i]) == 2) callee += "  oracle_seen_wide[" + std::to_string(i) + "] = (uint64_t)" + a + ";\n";
      if (widenOf(sig->args[i]) == 3) {
        callee += "  { const double d = " + a + "; __builtin_memcpy(&oracle_seen_wide[" + std::to_string(i) + "], &d, 8); }\n";
      }
    }
    if (!sig->ret.isVoid()) {
      callee += "  " + retType + " r;\n  __builtin_memcpy(&r, bytes_" + id + "_0, sizeof r);\n  return r;\n";
    }
    callee += "}\n";

    body += text + values + pieces + caller + callee + "\n";
    cases += "  {" + cString(table) + ", " + std::to_string(row) + ", " + cString(r.decl) + ", " + cString(r.sig) +
             ", " + mismatch + ", " + std::to_string(plan->stackBytes) + ", " + std::to_string(n) + ", values_" + id +
             ", pieces_" + id + ", caller_" + id + ", (void (*)(void))callee_" + id + "},\n";
  }

  void addTables() {
    for (const PlanTable& t : tablesOf(abi)) {
      for (size_t i = 0; i < t.rows.size(); ++i) addRow(t.name, unsigned(i), t.rows[i]);
    }
  }

  std::string file() const {
    std::string out =
        "/* Generated by gen_abi_oracle for " + std::string(abiName(abi)) + ": do not edit. */\n"
        "#include <stdarg.h>\n#include <stddef.h>\n#include <stdint.h>\n\n"
        "#include \"oracle.h\"\n\n";
    out += types.definitions() + "\n";
    out += "__attribute__((unused)) static void oracle_noop(void) {}\n";
    out += "static void (*volatile oracle_capture_fp)(void) = oracle_capture;\n";
    out += "__attribute__((unused)) static const OracleValue oracle_no_values[1];\n";
    out += "__attribute__((unused)) static const OraclePiece oracle_no_pieces[1];\n\n";
    out += "unsigned char oracle_seen[" + std::to_string(maxSeen) + "] __attribute__((aligned(16)));\n";
    out += "uint64_t oracle_seen_wide[" + std::to_string(maxArgs) + "];\n";
    out += "unsigned char oracle_got_ret[" + std::to_string(maxRet) + "] __attribute__((aligned(16)));\n";
    out += "uint64_t oracle_got_ret_wide;\n";
    out += "const uint64_t oracle_max_stack_bytes = " + std::to_string(maxStack) + ";\n";
    out += "unsigned char oracle_capture_buffer[ORACLE_CAPTURE_STACK + " + std::to_string(maxStack) +
           "] __attribute__((aligned(16)));\n\n";
    out += body;
    out += "const OracleCase oracle_cases[] = {\n" + cases + "};\n";
    out += "const unsigned oracle_case_count = sizeof oracle_cases / sizeof oracle_cases[0];\n";
    return out;
  }
};

}  // namespace jitffi::test::oracle
