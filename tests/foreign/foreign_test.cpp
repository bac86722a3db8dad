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
//
// Where clang 14 deviates from the convention's document (Windows: a struct straddling x7 and the
// stack, see WinStraddle), the deviation is shown and the closures are called by a caller built
// from the document instead (platform_code.S's foreign_image_call).
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <algorithm>
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
// platform_code.S: a caller built from a register image, keeping x18.
uint64_t foreign_image_call(void (*fn)(), const uint64_t regs[9], const void* stack, uint64_t stackBytes,
                            uint64_t* x18, uint64_t result[6]);
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

// ABI[win-arm64 "Overview of ARM64 ABI conventions"], Addendum: Variadic functions: every
// argument of a variadic function goes to "an imaginary stack, where the first 64 bytes of the
// stack are loaded into x0-x7", so a composite at bytes 56-71 straddles x7 and the stack, named
// or not (MSVC splits it so). clang 14 deviates in its callers: they leave x7 unused and put the
// struct wholly on the stack (the deviation win-arm64_clang_oracle names;
// WinStraddleFixed.ClangCallerDeviates shows it), so clang's callers are no oracle for a closure
// receiving one: those closures are called by a caller built from the document (DocumentImage).
// Whether a case straddles is the plan's word (it picks the cases; the image is the document's).
bool straddles(const Signature& sig, Abi abi) {
  if (abi != Abi::kWinArm64 || !sig.variadic) return false;
  auto plan = classify(sig, abi);
  if (!plan) return false;
  for (const ValuePlan& v : plan->args) {
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

// A case's callee or caller ("callee", "caller"), as clang compiled it for the convention.
Fn caseFn(Abi abi, const CorpusCase& c, const char* kind) {
  return foreign(abi).fn(std::string(foreign_set.name) + "_" + kind + "_" + std::to_string(c.index));
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
  Fn fn(const char* kind) const { return caseFn(GetParam().abi, *GetParam().c, kind); }
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

// ---- Windows arm64: the document's caller ------------------------------------------------
//
// A Windows variadic function's arguments (named ones too) placed by hand from Microsoft's
// document, not from jitffi's plan: ABI[win-arm64 "Overview of ARM64 ABI conventions"], Addendum:
// Variadic functions: composites all alike (no HFA), no floating-point register, AAPCS64's rules
// C.12-C.15 on an imaginary stack whose first 64 bytes are x0-x7 — ABI[aapcs64 B.4] a composite
// over 16 bytes by reference to a copy, ABI[aapcs64 C.12] the offset rounded up to 8 or the
// argument's alignment (16 for a 128-bit integer), ABI[aapcs64 C.14] the size rounded up to a
// multiple of 8. Bytes no value owns hold garbage.
int leafFp(uint32_t t) {  // the floating-point kind every leaf of a type has (0: not one kind)
  const CorpusType& ty = foreign_set.types[t];
  if (ty.kind != CK_STRUCT) return ty.kind == CK_F32 || ty.kind == CK_F64 ? ty.kind : -1;
  int kind = 0;
  for (uint32_t f = 0; f < ty.nfields; ++f) {
    const int k = leafFp(foreign_set.type_fields[ty.first + f]);
    if (k < 0 || (kind != 0 && k != kind)) return -1;
    kind = k;
  }
  return kind;
}

struct DocumentImage {
  uint64_t regs[9];  // x0-x7, x8
  std::vector<unsigned char> stack;
  std::vector<std::vector<unsigned char>> copies;  // what by-reference composites point to
  alignas(16) unsigned char indirect[512];         // a result returned in memory (x8)

  explicit DocumentImage(const CorpusCase& c, void* const* av) {
    std::vector<unsigned char> image(64, 0xa5);
    size_t at = 0;
    for (uint32_t i = 0; i < c.nargs; ++i) {
      const CorpusType& t = foreign_set.types[c.types[1 + i]];
      const unsigned char* bytes = static_cast<const unsigned char*>(av[i]);
      size_t size = t.size, align = std::max<size_t>(8, t.align);
      if (t.kind == CK_STRUCT && size > 16) {
        copies.emplace_back(bytes, bytes + size);
        void* p = copies.back().data();
        at = (at + 7) & ~size_t(7);
        if (image.size() < at + 8) image.resize(at + 8, 0x5a);
        std::memcpy(&image[at], &p, 8);
        at += 8;
        continue;
      }
      at = (at + align - 1) & ~(align - 1);
      const size_t slot = (size + 7) & ~size_t(7);
      if (image.size() < at + slot) image.resize(at + slot, 0x5a);
      std::memcpy(&image[at], bytes, size);
      at += slot;
    }
    image.resize(64 + ((image.size() - 64 + 15) & ~size_t(15)), 0x5a);
    std::memcpy(regs, image.data(), 64);
    regs[8] = reinterpret_cast<uintptr_t>(indirect);
    stack.assign(image.begin() + 64, image.end());
  }

  // Calls fn as the document's caller and stores the result as the convention returns it
  // (ABI[aapcs64 "Result return"], which Windows follows for variadic functions too): an HFA in
  // d0-d3 (s0-s3), a float or double in d0 (s0), another composite over 16 bytes at x8, the rest
  // in x0 and x1.
  void call(Fn fn, const CorpusCase& c, unsigned char* ret) {
    uint64_t x18 = 0, result[6];
    std::memset(indirect, 0xa5, sizeof indirect);
    foreign_image_call(fn, regs, stack.data(), stack.size(), &x18, result);
    const uint32_t rt = c.types[0];
    const CorpusType& t = foreign_set.types[rt];
    const int fp = leafFp(rt);
    const size_t member = fp == CK_F32 ? 4 : 8;
    if (fp > 0 && t.size / member <= 4) {
      for (size_t k = 0; k < t.size / member; ++k) std::memcpy(ret + k * member, &result[2 + k], member);
    } else if (t.kind == CK_STRUCT && t.size > 16) {
      std::memcpy(ret, indirect, t.size);
    } else {
      std::memcpy(ret, result, std::min<size_t>(c.ret_bytes, 16));
    }
  }
};

std::vector<Param> straddleParams() {
  std::vector<Param> v;
  for (const Param& p : allParams()) {
    auto sig = Signature::parse(p.c->sig, p.abi);
    if (sig && straddles(*sig, p.abi)) v.push_back(p);
  }
  return v;
}

// The closure of `sig` (the case's own signature, or its named form) called by the document's
// caller with the case's arguments; its handler forwards them to direct_i.
void checkDocumentClosure(const CorpusCase& c, const Signature& sig) {
  Signature fixed = sig;
  fixed.args.resize(sig.fixedCount);
  auto fixedCi = CallInterface::get(fixed, Abi::kWinArm64);
  ASSERT_TRUE(fixedCi.ok()) << fixedCi.error().toString();
  Forward fwd{&c, *fixedCi, &sig};
  auto closure = RawClosure::make(*fixedCi, forward, &fwd);
  ASSERT_TRUE(closure.ok()) << closure.error().toString();
  RetBuf want(c), got(c);
  c.direct(argsOf(c), want.bytes);
  DocumentImage(c, argsOf(c)).call(reinterpret_cast<Fn>(closure->code()), c, got.bytes);
  expectSame(c, Abi::kWinArm64, want, got, "document caller, closure");
}

TEST_P(Foreign, Closure) {
  const auto [abi, c] = GetParam();
  // clang 14's caller deviates from the document here: the document's caller calls the closure.
  if (straddles(sig_, abi)) return checkDocumentClosure(*c, sig_);
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

// WinStraddleFixed: the generator's fixed straddling case, and the same values with the struct
// named: every argument of a variadic function takes the imaginary stack, so the image is the
// same.
constexpr const char* kStraddle = "u64(i32, ..., i32, i32, i32, i32, i32, i32, {i32,i32,i32}, i32)";
constexpr const char* kNamedStraddle = "u64(i32, i32, i32, i32, i32, i32, i32, {i32,i32,i32}, ..., i32)";

const CorpusCase* straddleCase() {
  for (const Param& p : allParams()) {
    if (std::strcmp(p.c->sig, kStraddle) == 0) return p.c;
  }
  return nullptr;
}

class WinStraddle : public ::testing::TestWithParam<Param> {
 protected:
  void SetUp() override { ASSERT_EQ(foreign(Abi::kWinArm64).error(), ""); }
};

// The document's image is what clang's va_arg callee (which follows the document) reads.
TEST_P(WinStraddle, DocumentCallerAgreesWithClangsVaArg) {
  const CorpusCase& c = *GetParam().c;
  const Fn callee = caseFn(Abi::kWinArm64, c, "callee");
  ASSERT_NE(callee, nullptr);
  RetBuf want(c), got(c);
  c.direct(argsOf(c), want.bytes);
  DocumentImage(c, argsOf(c)).call(callee, c, got.bytes);
  expectSame(c, Abi::kWinArm64, want, got, "document caller, clang's callee");
}

INSTANTIATE_TEST_SUITE_P(Corpus, WinStraddle, ::testing::ValuesIn(straddleParams()),
                         [](const ::testing::TestParamInfo<Param>& info) { return std::to_string(info.param.c->index); });

// A stub for the named straddling struct calls clang's va_arg callee of the fixed case (the same
// image).
TEST(WinStraddleFixed, Call) {
  const CorpusCase* c = straddleCase();
  ASSERT_NE(c, nullptr) << "the generator's fixed case " << kStraddle << " is not in the corpus";
  const Fn callee = caseFn(Abi::kWinArm64, *c, "callee");
  ASSERT_NE(callee, nullptr);
  auto ci = CallInterface::get(*Signature::parse(kNamedStraddle, Abi::kWinArm64), Abi::kWinArm64);
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  RetBuf want(*c), got(*c);
  c->direct(argsOf(*c), want.bytes);
  (*ci)->call(callee, got.bytes, argsOf(*c));
  expectSame(*c, Abi::kWinArm64, want, got, "named straddle call");
}

// The closure of the named straddling struct (reassembled by the closure entry from x7 and the
// stack), called by the document's caller.
TEST(WinStraddleFixed, Closure) {
  const CorpusCase* c = straddleCase();
  ASSERT_NE(c, nullptr) << "the generator's fixed case " << kStraddle << " is not in the corpus";
  checkDocumentClosure(*c, *Signature::parse(kNamedStraddle, Abi::kWinArm64));
}

// The deviation, named, on the fixed case (whose arguments after the struct are no pointers: in
// a random case clang's callee may take misplaced bytes for the address of a by-reference
// composite): clang 14's caller passes the straddling struct wholly on the stack, so clang's own
// va_arg callee (reading x7, then the stack) checksums other bytes than the native pair. When a
// clang that follows the document is installed, this fails: then its callers are an oracle for
// the straddle closures too.
TEST(WinStraddleFixed, ClangCallerDeviates) {
  const CorpusCase* cp = straddleCase();
  ASSERT_NE(cp, nullptr) << "the generator's fixed case " << kStraddle << " is not in the corpus";
  const CorpusCase& c = *cp;
  const Fn caller = caseFn(Abi::kWinArm64, c, "caller"), callee = caseFn(Abi::kWinArm64, c, "callee");
  ASSERT_NE(caller, nullptr);
  ASSERT_NE(callee, nullptr);
  auto callerCi =
      CallInterface::get(Signature(Type::void_(), {Type::ptr(), Type::ptr(), Type::ptr()}), Abi::kWinArm64);
  ASSERT_TRUE(callerCi.ok()) << callerCi.error().toString();
  RetBuf want(c), got(c);
  c.direct(argsOf(c), want.bytes);
  Fn fp = callee;
  const void* const* avp = c.args;
  void* retp = got.bytes;
  void* callerArgs[] = {&fp, &avp, &retp};
  (*callerCi)->call(caller, nullptr, callerArgs);
  bool same = true;
  for (uint32_t i = 0; i < c.ret_bytes; ++i) same = same && ((want.bytes[i] ^ got.bytes[i]) & c.ret_mask[i]) == 0;
  EXPECT_FALSE(same) << "clang's Windows arm64 caller now splits a struct between x7 and the stack: case "
                     << c.index << " " << c.sig;
}

}  // namespace
}  // namespace jitffi
