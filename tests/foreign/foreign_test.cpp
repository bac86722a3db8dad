// SPDX-License-Identifier: MIT
// Apple and Windows arm64 code, compiled by clang for arm64-apple-darwin and
// aarch64-pc-windows-msvc, run on an AArch64 Linux host (natively or under qemu-aarch64). The
// code is a generated leaf corpus (gen_corpus --leaf, see tests/corpus/corpus.h): for every case
// a callee that returns a result built from a checksum of every meaningful byte of every
// argument it received, and a caller that calls a function pointer with the case's argument
// images. The same C compiled natively is the oracle:
//
//   calls     each callee, as clang compiled it for the foreign convention, called through a
//             jitffi stub made for that convention (Abi::kApple64 / kWinArm64) with the case's
//             arguments, must return what the native callee returns when the native compiler
//             calls it directly (direct_i);
//   closures  each caller, as clang compiled it for the foreign convention, calls a jitffi
//             closure made for that convention; the closure's handler hands the arguments it
//             received (the variadic ones through VarArgs) to direct_i; the foreign caller must
//             store what direct_i returns on the case's own arguments.
//
// The foreign code is cut out of clang's object files (Mach-O and COFF, embedded in the program
// by foreign_objects.S): the text section (which must carry no relocations: the functions are
// leaves that use no global, no constant pool and no library) is copied to a page that is then
// made executable, and each function found by its symbol. JITFFI_JIT=0 runs the same through the
// interpreted fallback (foreign_test_interp).
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "jitffi/call.h"
#include "jitffi/closure.h"
#include "jitffi/signature.h"

#include "corpus.h"
#include "jitffi/plan.h"

extern "C" {
extern const unsigned char foreign_apple_obj[], foreign_apple_obj_end[];
extern const unsigned char foreign_win_obj[], foreign_win_obj_end[];
// The native build of the leaf corpus: the cases, with direct_i as the host's compiler made it.
extern const CorpusSet foreign_set;
}

namespace jitffi {
namespace {

using Fn = void (*)();

// ---- the object files ----------------------------------------------------------------------

template <class T>
T read(const unsigned char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

struct TextSection {
  std::vector<unsigned char> bytes;
  std::map<std::string, uint64_t> symbols;  // name (without Mach-O's leading '_') → offset
  std::string error;
};

// Mach-O 64-bit relocatable object: the __TEXT,__text section and the symbols defined in it.
TextSection machoText(const unsigned char* o, size_t n) {
  TextSection t;
  if (n < 32 || read<uint32_t>(o) != 0xfeedfacf) return {{}, {}, "not a 64-bit Mach-O file"};
  const uint32_t ncmds = read<uint32_t>(o + 16);
  const unsigned char* cmd = o + 32;
  int textIndex = -1, sectionIndex = 0;
  uint64_t textAddr = 0;
  for (uint32_t c = 0; c < ncmds; ++c) {
    const uint32_t kind = read<uint32_t>(cmd), size = read<uint32_t>(cmd + 4);
    if (kind == 0x19) {  // LC_SEGMENT_64: section_64 records of 80 bytes after 72 bytes
      const uint32_t nsects = read<uint32_t>(cmd + 64);
      for (uint32_t s = 0; s < nsects; ++s) {
        const unsigned char* sec = cmd + 72 + 80 * s;
        ++sectionIndex;
        if (std::strncmp(reinterpret_cast<const char*>(sec), "__text", 16) != 0) continue;
        textIndex = sectionIndex;
        textAddr = read<uint64_t>(sec + 32);
        const uint64_t size = read<uint64_t>(sec + 40);
        const uint32_t offset = read<uint32_t>(sec + 48);
        if (read<uint32_t>(sec + 60) != 0) t.error = "__text has relocations";
        t.bytes.assign(o + offset, o + offset + size);
      }
    } else if (kind == 0x2) {  // LC_SYMTAB: nlist_64 records of 16 bytes
      const uint32_t symoff = read<uint32_t>(cmd + 8), nsyms = read<uint32_t>(cmd + 12);
      const uint32_t stroff = read<uint32_t>(cmd + 16);
      for (uint32_t s = 0; s < nsyms; ++s) {
        const unsigned char* e = o + symoff + 16 * s;
        const uint8_t type = e[4], sect = e[5];
        if ((type & 0x0e) != 0x0e || (type & 0x01) == 0) continue;  // N_SECT, N_EXT
        std::string name = reinterpret_cast<const char*>(o + stroff + read<uint32_t>(e));
        if (!name.empty() && name[0] == '_') name.erase(0, 1);
        t.symbols[name] = read<uint64_t>(e + 8) | (uint64_t(sect) << 56);
      }
    }
    cmd += size;
  }
  if (textIndex < 0) return {{}, {}, "no __text section"};
  for (auto it = t.symbols.begin(); it != t.symbols.end();) {
    if (int(it->second >> 56) != textIndex) {
      it = t.symbols.erase(it);
    } else {
      it->second = (it->second & ((uint64_t(1) << 56) - 1)) - textAddr;
      ++it;
    }
  }
  return t;
}

// COFF (IMAGE_FILE_MACHINE_ARM64) object: the .text section and the external symbols in it.
TextSection coffText(const unsigned char* o, size_t n) {
  TextSection t;
  if (n < 20 || read<uint16_t>(o) != 0xaa64) return {{}, {}, "not an ARM64 COFF object"};
  const uint16_t nsections = read<uint16_t>(o + 2);
  const uint32_t symtab = read<uint32_t>(o + 8), nsyms = read<uint32_t>(o + 12);
  const unsigned char* sections = o + 20 + read<uint16_t>(o + 16);
  int textIndex = -1;
  for (uint16_t s = 0; s < nsections; ++s) {
    const unsigned char* sec = sections + 40 * s;
    if (std::strncmp(reinterpret_cast<const char*>(sec), ".text", 8) != 0) continue;
    textIndex = s + 1;
    const uint32_t size = read<uint32_t>(sec + 16), offset = read<uint32_t>(sec + 20);
    if (read<uint16_t>(sec + 32) != 0) t.error = ".text has relocations";
    t.bytes.assign(o + offset, o + offset + size);
  }
  if (textIndex < 0) return {{}, {}, "no .text section"};
  const unsigned char* strings = o + symtab + 18 * nsyms;
  for (uint32_t s = 0; s < nsyms; ++s) {
    const unsigned char* e = o + symtab + 18 * s;
    const int16_t section = read<int16_t>(e + 12);
    const uint8_t storage = e[16], aux = e[17];
    if (section == textIndex && storage == 2) {  // IMAGE_SYM_CLASS_EXTERNAL
      std::string name = read<uint32_t>(e) == 0 ? std::string(reinterpret_cast<const char*>(strings + read<uint32_t>(e + 4)))
                                                : std::string(reinterpret_cast<const char*>(e), strnlen(reinterpret_cast<const char*>(e), 8));
      t.symbols[name] = read<uint32_t>(e + 8);
    }
    s += aux;
  }
  return t;
}

// The text mapped executable (never writable and executable at once), for the whole program.
class ForeignCode {
 public:
  explicit ForeignCode(TextSection t) : text_(std::move(t)) {
    if (!text_.error.empty() || text_.bytes.empty()) return;
    size_ = (text_.bytes.size() + 4095) & ~size_t(4095);
    void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      text_.error = "mmap failed";
      return;
    }
    std::memcpy(p, text_.bytes.data(), text_.bytes.size());
    __builtin___clear_cache(static_cast<char*>(p), static_cast<char*>(p) + text_.bytes.size());
    if (mprotect(p, size_, PROT_READ | PROT_EXEC) != 0) text_.error = "mprotect failed";
    base_ = static_cast<unsigned char*>(p);
  }
  const std::string& error() const { return text_.error; }
  Fn fn(const std::string& name) const {
    auto it = text_.symbols.find(name);
    return it == text_.symbols.end() ? nullptr : reinterpret_cast<Fn>(base_ + it->second);
  }

 private:
  TextSection text_;
  unsigned char* base_ = nullptr;
  size_t size_ = 0;
};

const ForeignCode& foreign(Abi abi) {
  static const ForeignCode apple(machoText(foreign_apple_obj, size_t(foreign_apple_obj_end - foreign_apple_obj)));
  static const ForeignCode win(coffText(foreign_win_obj, size_t(foreign_win_obj_end - foreign_win_obj)));
  return abi == Abi::kApple64 ? apple : win;
}

// ---- the cases -----------------------------------------------------------------------------

struct Param {
  Abi abi;
  const CorpusCase* c;
};
void PrintTo(const Param& p, std::ostream* os) { *os << abiName(p.abi) << " case " << p.c->index << ": " << p.c->sig; }

std::vector<Param> allParams() {
  std::vector<Param> v;
  for (Abi abi : {Abi::kApple64, Abi::kWinArm64}) {
    for (uint32_t p = 0; p < foreign_set.part_count; ++p) {
      for (uint32_t i = 0; i < foreign_set.part_sizes[p]; ++i) v.push_back({abi, &foreign_set.parts[p][i]});
    }
  }
  return v;
}

// ABI[win-arm64 "Overview of ARM64 ABI conventions"]: a variadic composite that reaches past x7
// straddles x7 and the stack (MSVC does so); clang 14's callers put it wholly on the stack (the
// deviation win-arm64_clang_oracle names), so clang is no oracle for a closure receiving one.
// (Its callee's va_arg reads either: the Call test of such a case passes the straddling struct.)
bool clangCallerDoesNotSplit(const Signature& sig, Abi abi) {
  if (abi != Abi::kWinArm64 || !sig.variadic) return false;
  auto plan = classify(sig, abi);
  if (!plan) return false;
  for (size_t i = sig.fixedCount; i < plan->args.size(); ++i) {
    const ValuePlan& v = plan->args[i];
    bool x7 = false, stack = false;
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      x7 = x7 || (plan->piecesOf(v)[k].loc == PieceLoc::kGp && plan->piecesOf(v)[k].reg == 7);
      stack = stack || plan->piecesOf(v)[k].loc == PieceLoc::kStack;
    }
    if (x7 && stack) return true;
  }
  return false;
}

// The case's argument images, as jitffi and direct_i take them.
void** argsOf(const CorpusCase& c) { return const_cast<void**>(c.args); }

constexpr size_t kRedZone = 16;

// The result storage: the case's return bytes and a red zone, all filled with a marker.
struct RetBuf {
  alignas(16) unsigned char bytes[512 + kRedZone];
  explicit RetBuf(const CorpusCase& c) {
    std::memset(bytes, 0xA5, sizeof bytes);
    EXPECT_LE(c.ret_bytes + kRedZone, sizeof bytes);
  }
};

// The meaningful result bytes the same (and nothing written past them).
void expectSame(const CorpusCase& c, Abi abi, const RetBuf& want, const RetBuf& got, const char* how) {
  for (uint32_t i = 0; i < c.ret_bytes; ++i) {
    if ((want.bytes[i] ^ got.bytes[i]) & c.ret_mask[i]) {
      ADD_FAILURE() << how << " " << abiName(abi) << " case " << c.index << " " << c.sig << "\n  C: " << c.proto
                    << "\n  result byte " << i << ": expected 0x" << std::hex << int(want.bytes[i]) << ", got 0x"
                    << int(got.bytes[i]);
      return;
    }
  }
  for (size_t i = c.ret_bytes; i < c.ret_bytes + kRedZone; ++i) {
    if (got.bytes[i] != 0xA5) {
      ADD_FAILURE() << how << " " << abiName(abi) << " case " << c.index << " " << c.sig << ": wrote past the "
                    << c.ret_bytes << " result bytes";
      return;
    }
  }
}

class Foreign : public ::testing::TestWithParam<Param> {
 protected:
  void SetUp() override {
    const ForeignCode& code = foreign(GetParam().abi);
    ASSERT_EQ(code.error(), "");
    auto sig = Signature::parse(GetParam().c->sig, GetParam().abi);
    ASSERT_TRUE(sig.ok()) << sig.error().toString();
    sig_ = *sig;
  }
  Fn fn(const char* kind) const {
    return foreign(GetParam().abi).fn(std::string(foreign_set.name) + "_" + kind + "_" + std::to_string(GetParam().c->index));
  }
  Signature sig_;
};

// A stub made for the foreign convention calls clang's callee.
TEST_P(Foreign, Call) {
  const auto [abi, c] = GetParam();
  const Fn callee = fn("callee");
  ASSERT_NE(callee, nullptr);
  auto ci = CallInterface::get(sig_, abi);
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  RetBuf want(*c), got(*c);
  c->direct(argsOf(*c), want.bytes);
  (*ci)->call(callee, got.bytes, argsOf(*c));
  expectSame(*c, abi, want, got, "call");
}

// clang's caller calls a closure made for the foreign convention.
struct Forward {
  const CorpusCase* c;
  const CallInterface* fixed;
  const Signature* sig;
};

void forward(const void*, void* ret, void** args, void* user) {
  const Forward& f = *static_cast<const Forward*>(user);
  std::vector<void*> av(args, args + f.sig->fixedCount);
  // The cursor owns the variadic values it reassembled from registers: alive until direct_i.
  VarArgs va(f.fixed, f.sig->variadic ? args[f.sig->fixedCount] : nullptr);
  for (size_t i = f.sig->fixedCount; i < f.sig->args.size(); ++i) {
    auto p = va.next(f.sig->args[i]);
    if (!p) return;
    av.push_back(const_cast<void*>(*p));
  }
  f.c->direct(av.data(), ret);
}

TEST_P(Foreign, Closure) {
  const auto [abi, c] = GetParam();
  if (clangCallerDoesNotSplit(sig_, abi)) {
    GTEST_SKIP() << "clang 14's Windows arm64 callers do not split a variadic struct between x7 and the stack";
  }
  const Fn caller = fn("caller");
  ASSERT_NE(caller, nullptr);
  Signature fixed = sig_;
  fixed.args.resize(sig_.fixedCount);
  auto fixedCi = CallInterface::get(fixed, abi);
  ASSERT_TRUE(fixedCi.ok()) << fixedCi.error().toString();
  Forward fwd{c, *fixedCi, &sig_};
  auto closure = RawClosure::make(*fixedCi, forward, &fwd);
  ASSERT_TRUE(closure.ok()) << closure.error().toString();
  // The foreign caller itself: void caller_i(fn, void* const* av, void* ret), called under its
  // convention.
  auto callerCi = CallInterface::get(Signature(Type::void_(), {Type::ptr(), Type::ptr(), Type::ptr()}), abi);
  ASSERT_TRUE(callerCi.ok()) << callerCi.error().toString();
  RetBuf want(*c), got(*c);
  c->direct(argsOf(*c), want.bytes);
  void* fp = closure->code();
  const void* const* avp = c->args;
  void* retp = got.bytes;
  void* callerArgs[] = {&fp, &avp, &retp};
  (*callerCi)->call(caller, nullptr, callerArgs);
  expectSame(*c, abi, want, got, "closure");
}

INSTANTIATE_TEST_SUITE_P(Corpus, Foreign, ::testing::ValuesIn(allParams()),
                         [](const ::testing::TestParamInfo<Param>& info) {
                           return std::string(info.param.abi == Abi::kApple64 ? "Apple_" : "Win_") +
                                  std::to_string(info.param.c->index);
                         });

}  // namespace
}  // namespace jitffi
