// SPDX-License-Identifier: MIT
// asm_abi_oracle — the Apple and Windows arm64 classifier tables checked against clang's
// assembly, where no machine here runs that code.
//
//   asm_abi_oracle --abi apple-arm64|win-arm64 --asm FILE.s [-v]
//
// FILE.s is clang's `-S` output for the C that gen_abi_oracle writes for the same ABI (the same
// rows, the same bytes: oracle_gen.h makes both). For every row this program runs caller_i
// symbolically (a64_asm.h) up to its call and checks, piece by piece, that every meaningful byte
// of every argument is where the classifier's plan says: the registers x0–x7 and v0–v7 (their
// low bytes, as many as the piece carries), the outgoing stack area at the call, and for an
// argument passed by reference the caller's copy the pointer leads to. On Apple platforms the
// caller owes a char or short in a register its extension to 32 bits (ABI[apple-arm64 "Writing
// ARM64 code for Apple platforms"]); that is checked too. Then it plays the callee: the result
// is put where the plan says (or written through x8's address), every other caller-saved
// register made unknown, and caller_i run on to its return; what it stored as the result (and
// its widening of a narrow one) must be the result's bytes. The callee's part includes the plan's
// extension of a narrow integer result: without it clang's Apple callers fail (they rely on the
// callee's extension to 32 bits), so the extension marks of those plans are a contract there.
//
// Where clang 14 departs from the convention's documentation, the row stays as the document
// says and the deviation is listed below (kDeviations): the program checks clang's own placement
// for those arguments instead, and prints the deviation. A listed deviation clang no longer
// shows is a failure (the entry must go).
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "a64_asm.h"
#include "oracle_gen.h"

namespace {

using namespace jitffi;
using test::a64asm::Address;
using test::a64asm::Byte;
using test::a64asm::Machine;
using test::oracle::CaseData;
using test::oracle::CaseValue;

struct Deviation {
  Abi abi;
  const char* table;
  unsigned row;
  const char* what;
  // The arguments clang places otherwise, with clang's pieces.
  std::vector<std::pair<size_t, std::vector<Piece>>> args;
};

Piece stackPiece(uint32_t offset, uint32_t size, int32_t at) {
  Piece p;
  p.loc = PieceLoc::kStack;
  p.offset = offset;
  p.size = size;
  p.stackOffset = at;
  return p;
}

// The one deviation, in each row that shows it (VariadicSplit: a variadic struct, a named S12
// and a named HFA in a variadic function).
constexpr const char* kStraddle =
    "ABI[win-arm64 \"Overview of ARM64 ABI conventions\"]: in a variadic function a composite that reaches past x7 "
    "(named or variadic: every argument takes the imaginary stack) is split between x7 and the stack (MSVC does "
    "so); clang 14's caller leaves x7 unused and puts the struct wholly on the stack, the next argument after it";

const Deviation kDeviations[] = {
    {Abi::kWinArm64, "VariadicSplit", 0, kStraddle, {{7, {stackPiece(0, 12, 0)}}, {8, {stackPiece(0, 4, 16)}}}},
    {Abi::kWinArm64, "VariadicSplit", 1, kStraddle, {{7, {stackPiece(0, 12, 0)}}, {8, {stackPiece(0, 4, 16)}}}},
    {Abi::kWinArm64, "VariadicSplit", 2, kStraddle, {{7, {stackPiece(0, 16, 0)}}, {8, {stackPiece(0, 8, 16)}}}},
};

int failures = 0;
int deviations = 0;

void fail(const CaseData& c, const std::string& what) {
  std::printf("FAIL %s[%u] %s: %s\n  C: %s\n", c.table.c_str(), c.row, c.planRow->sig, what.c_str(), c.planRow->decl);
  ++failures;
}

std::string pieceText(const Piece& p) {
  if (p.loc == PieceLoc::kStack) {
    return "[sp+" + std::to_string(p.stackOffset) + "]=" + std::to_string(p.offset) + "+" + std::to_string(p.size);
  }
  return registerName(Arch::kA64, p.loc, p.reg) + "=" + std::to_string(p.offset) + "+" + std::to_string(p.size);
}

// The bytes at a piece's location as the caller left them at the call: a register's low bytes,
// or the outgoing stack area's.
std::vector<Byte> at(Machine& m, Address callSp, const Piece& p, size_t n) {
  switch (p.loc) {
    case PieceLoc::kGp: return p.reg < 31 ? std::vector<Byte>(m.x(p.reg).begin(), m.x(p.reg).begin() + long(std::min<size_t>(n, 8)))
                                          : std::vector<Byte>{};
    case PieceLoc::kVec: return std::vector<Byte>(m.v(p.reg).begin(), m.v(p.reg).begin() + long(std::min<size_t>(n, 16)));
    case PieceLoc::kStack: return m.load({callSp.region, callSp.offset + p.stackOffset}, n);
    default: return {};
  }
}

// Whether bytes[i] holds value byte (offset + i) wherever that byte is meaningful.
bool matches(const std::vector<Byte>& bytes, const CaseValue& v, size_t offset, size_t size) {
  if (bytes.size() < size) return false;
  for (size_t i = 0; i < size && offset + i < v.bytes.size(); ++i) {
    if (!v.mask[offset + i]) continue;
    if (bytes[i].kind != Byte::kKnown || ((bytes[i].value ^ v.bytes[offset + i]) & v.mask[offset + i])) return false;
  }
  return true;
}

std::string describe(const std::vector<Byte>& bytes) {
  std::string s;
  for (const Byte& b : bytes) {
    char t[8];
    if (b.kind == Byte::kKnown) std::snprintf(t, sizeof t, "%02x", b.value);
    else std::snprintf(t, sizeof t, b.kind == Byte::kAddress ? "&&" : "??");
    s += t;
  }
  return s.empty() ? "(nothing)" : s;
}

// C's widening of a narrow value to 64 bits (oracle_main.c's widened()).
uint64_t widened(const CaseValue& v) {
  uint64_t u = 0;
  std::memcpy(&u, v.bytes.data(), std::min<size_t>(8, v.bytes.size()));
  const size_t size = v.bytes.size();
  if (v.widen == 1 && size < 8) u = uint64_t(int64_t(u << (64 - 8 * size)) >> (64 - 8 * size));
  if (v.widen == 3) {
    float f;
    std::memcpy(&f, v.bytes.data(), 4);
    const double d = f;
    std::memcpy(&u, &d, 8);
  }
  return u;
}

const Deviation* deviationOf(Abi abi, const CaseData& c) {
  for (const Deviation& d : kDeviations) {
    if (d.abi == abi && c.table == d.table && c.row == d.row) return &d;
  }
  return nullptr;
}

// The caller's arguments at the call; returns whether every piece checked holds.
bool checkArguments(Abi abi, const CaseData& c, Machine& m, const std::vector<std::pair<size_t, std::vector<Piece>>>* replaced,
                    bool report) {
  const Address callSp = m.sp();
  bool ok = true;
  for (size_t a = 0; a < c.plan.args.size(); ++a) {
    const ValuePlan& vp = c.plan.args[a];
    const CaseValue& v = c.values[a + 1];
    std::vector<Piece> pieces(c.plan.piecesOf(vp), c.plan.piecesOf(vp) + vp.pieceCount);
    for (const auto& [index, theirs] : replaced ? *replaced : std::vector<std::pair<size_t, std::vector<Piece>>>{}) {
      if (index == a) pieces = theirs;
    }
    const std::string arg = "argument " + std::to_string(a) + " ";
    for (const Piece& p : pieces) {
      if (vp.mode == PassMode::kDirect) {
        const auto got = at(m, callSp, p, p.size);
        if (!matches(got, v, p.offset, p.size)) {
          ok = false;
          if (report) fail(c, arg + pieceText(p) + ": clang's caller put other bytes there: " + describe(got));
          continue;
        }
        // ABI[apple-arm64 "Writing ARM64 code for Apple platforms"]: "The caller of a function is
        // responsible for signing or zero-extending any argument with fewer than 32 bits."
        if (abi == Abi::kApple64 && p.loc == PieceLoc::kGp && (v.widen == 1 || v.widen == 2) && p.size < 4) {
          const auto wide = at(m, callSp, p, 4);
          const uint64_t want = widened(v);
          bool extended = true;
          for (size_t i = p.size; i < 4; ++i) extended = extended && wide[i].kind == Byte::kKnown && wide[i].value == uint8_t(want >> (8 * i));
          if (!extended) {
            ok = false;
            if (report) fail(c, arg + pieceText(p) + ": clang's caller did not extend it to 32 bits: " + describe(wide));
          }
        }
      } else if (vp.mode == PassMode::kIndirect) {
        const auto ptr = at(m, callSp, p, 8);
        const auto copy = Machine::addressOf(ptr);
        if (!copy || copy->region != Machine::kStack || copy->offset < callSp.offset) {
          ok = false;
          if (report) fail(c, arg + "indirect " + pieceText(p) + ": no address of a copy in the caller's frame there: " + describe(ptr));
          continue;
        }
        const auto bytes = m.load(*copy, v.bytes.size());
        if (!matches(bytes, v, 0, v.bytes.size())) {
          ok = false;
          if (report) fail(c, arg + "indirect " + pieceText(p) + ": the copy holds other bytes: " + describe(bytes));
        }
      }
    }
  }
  return ok;
}

// Plays the callee's part (the result where the plan says), runs the caller to its return and
// checks what it took as the result.
void checkResult(const CaseData& c, Machine& m, const std::string& symbolPrefix) {
  const ValuePlan& rp = c.plan.ret;
  const CaseValue& v = c.values[0];
  std::vector<Byte> image(v.bytes.size());
  for (size_t i = 0; i < image.size(); ++i) image[i] = {Byte::kKnown, v.bytes[i]};
  std::optional<Address> resultAddress;
  if (rp.mode == PassMode::kIndirect) {
    const Piece& p = c.plan.piecesOf(rp)[0];
    resultAddress = Machine::addressOf(m.x(p.reg));
    if (!resultAddress) return fail(c, "result: no address in " + registerName(Arch::kA64, p.loc, p.reg) + " for it");
  }
  m.clobberCallerSaved();
  if (rp.mode == PassMode::kDirect) {
    for (uint32_t k = 0; k < rp.pieceCount; ++k) {
      const Piece& p = c.plan.piecesOf(rp)[k];
      auto& reg = p.loc == PieceLoc::kGp ? m.x(p.reg) : m.v(p.reg);
      std::copy(image.begin() + p.offset, image.begin() + p.offset + p.size, reg.begin());
      // The plan's extension, as jitffi's closures make it: clang's Apple callers rely on a
      // narrow integer result extended to 32 bits (they widen it further with sxtw/uxtw).
      if (p.ext == Ext::kSext || p.ext == Ext::kZext) {
        const bool negative = p.ext == Ext::kSext && (v.bytes[p.offset + p.size - 1] & 0x80);
        for (size_t i = p.size; i < std::min<size_t>(p.width, reg.size()); ++i) reg[i] = {Byte::kKnown, uint8_t(negative ? 0xFF : 0)};
      }
    }
  } else if (resultAddress && !m.store(*resultAddress, image)) {
    return fail(c, "result: its address leads nowhere the caller owns");
  }
  if (!m.resume()) return fail(c, "clang's caller after the call: " + m.error());
  if (rp.mode == PassMode::kIgnore) return;
  const int got = m.region(symbolPrefix + "oracle_got_ret");
  const auto bytes = m.load({got, 0}, v.bytes.size());
  if (!matches(bytes, v, 0, v.bytes.size())) fail(c, "result: clang's caller received other bytes: " + describe(bytes));
  if (v.widen) {
    const auto wide = m.load({m.region(symbolPrefix + "oracle_got_ret_wide"), 0}, 8);
    const uint64_t want = widened(v);
    for (size_t i = 0; i < 8; ++i) {
      if (wide[i].kind != Byte::kKnown || wide[i].value != uint8_t(want >> (8 * i))) {
        return fail(c, "result: clang's caller widened (or converted) it wrongly: " + describe(wide));
      }
    }
  }
}

void check(Abi abi, const CaseData& c, const test::a64asm::File& file, bool verbose) {
  if (!c.failure.empty()) return fail(c, c.failure);
  if (!c.mismatch.empty()) fail(c, "the classifier's plan is not the table's:\n" + c.mismatch);
  const Deviation* dev = deviationOf(abi, c);
  Machine m(file);
  if (!m.runToCall(c.caller)) return fail(c, "clang's caller: " + m.error());
  const int before = failures;
  if (dev) {
    // The document's placement must not be clang's (else the deviation is gone), clang's must be.
    if (checkArguments(abi, c, m, nullptr, false)) {
      return fail(c, std::string("listed as a deviation of clang 14, but clang places it as the plan says: ") + dev->what);
    }
    checkArguments(abi, c, m, &dev->args, true);
    std::printf("DEVIATION %s[%u] %s: %s; checked against clang's placement instead\n", c.table.c_str(), c.row,
                c.planRow->sig, dev->what);
    ++deviations;
  } else {
    checkArguments(abi, c, m, nullptr, true);
  }
  checkResult(c, m, abi == Abi::kApple64 ? "_" : "");
  if (verbose && failures == before) std::printf("ok   %s[%u] %s\n", c.table.c_str(), c.row, c.planRow->sig);
}

}  // namespace

int main(int argc, char** argv) {
  std::string abiText, asmPath;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--abi") == 0 && i + 1 < argc) abiText = argv[++i];
    else if (std::strcmp(argv[i], "--asm") == 0 && i + 1 < argc) asmPath = argv[++i];
    else if (std::strcmp(argv[i], "-v") == 0) verbose = true;
  }
  const auto abi = abiFromName(abiText);
  std::ifstream in(asmPath, std::ios::binary);
  if (!abi || (*abi != Abi::kApple64 && *abi != Abi::kWinArm64) || !in) {
    std::fprintf(stderr, "usage: asm_abi_oracle --abi apple-arm64|win-arm64 --asm FILE.s [-v]\n");
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  const auto file = test::a64asm::read(text.str());
  test::oracle::Generator g(*abi);
  g.addTables();
  for (const CaseData& c : g.data) check(*abi, c, file, verbose);
  std::printf("%zu %s rows checked against clang's assembly (arguments at the call, the result after it): "
              "%d deviation%s of clang named, %d failure%s\n",
              g.data.size(), std::string(abiName(*abi)).c_str(), deviations, deviations == 1 ? "" : "s", failures,
              failures == 1 ? "" : "s");
  return failures ? 1 : 0;
}
