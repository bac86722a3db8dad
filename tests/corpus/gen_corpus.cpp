// SPDX-License-Identifier: MIT
// gen_corpus — writes the generated execution corpus (C source) from a fixed seed.
//
//   gen_corpus --seed S --count N --parts P --out DIR [--signatures FILE]
//              [--abi sysv|ms] [--ld-as-double] [--prefix NAME]
//
// writes DIR/corpus_gen.h (the struct typedefs), DIR/corpus_gen_<k>.c for k < P (the cases:
// callees, direct-call wrappers, callers, argument images, return masks) and
// DIR/corpus_gen_table.c (the type table, layout checks against gcc, the part list, and the
// corpus descriptor `const CorpusSet NAME_set`).
//
// The corpus is N random signatures drawn from the seed plus a fixed list of hand-picked shapes
// (kFixedSignatures and the tricky-struct sweep over kTrickyStructs). Everything is drawn from
// our own PRNG and our own range functions, so the same seed gives the same corpus with every
// compiler and standard library. See corpus.h for what each case contains.
//
// --signatures FILE replaces the whole corpus by the signatures listed in FILE (one per line, in
// the text form; '#' starts a comment): a failure can be reproduced and reduced in isolation by
// building corpus_test against that output instead.
//
// The Win64 corpus (corpus_win64_test) uses the other options, with the same seed:
//   --abi ms        the callees are __attribute__((ms_abi)) and the callers call through ms_abi
//                   function pointers (direct_i and caller_i themselves stay in the host
//                   convention: the harness calls them). A variadic callee reads its arguments
//                   with __builtin_ms_va_start / __builtin_va_arg; a type Win64 passes by
//                   reference is read as a pointer, va_arg(ap, T*), as mingw's gcc does (gcc on
//                   Linux reads such an argument as if it were stored in the slot itself).
//   --ld-as-double  the C type of `ld` is double and of `cld` _Complex double (FFI_WIN64's long
//                   double), and only the cases with a long double somewhere are written (the
//                   others are the same C as without the option). The signatures are still drawn
//                   with gcc's 16-byte long double, so case i is the same signature text with or
//                   without the option.
//   --prefix NAME   names the corpus's global symbols (NAME_set, NAME_part_<k>, and for a NAME
//                   other than "corpus" NAME_callee_<i> / NAME_caller_<i>), so that several
//                   corpora link into one program.
#include "corpus.h"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "gen_corpus: %s\n", msg.c_str());
  std::exit(1);
}

// ---- the PRNG (splitmix64; our own ranges: deterministic everywhere) -------------------------

struct Rng {
  uint64_t s;
  uint64_t next() { return cm_next(&s); }
  uint32_t below(uint32_t n) { return n ? uint32_t(next() % n) : 0; }
  uint32_t range(uint32_t lo, uint32_t hi) { return lo + below(hi - lo + 1); }  // inclusive
  bool chance(uint32_t pct) { return below(100) < pct; }
  // An index into `weights`, drawn with those weights.
  uint32_t pick(const std::vector<uint32_t>& weights) {
    uint32_t total = 0;
    for (uint32_t w : weights) total += w;
    uint32_t r = below(total);
    for (uint32_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return uint32_t(weights.size() - 1);
  }
};

// ---- scalar kinds ----------------------------------------------------------------------------

struct ScalarInfo {
  const char* text;   // signature text
  const char* cname;  // C type
  uint32_t size, align;
  int integral;       // 1 signed integer, 2 unsigned integer (incl. 128-bit), 0 otherwise
};

// Not const: --ld-as-double retypes ld and cld (after the signatures are drawn).
ScalarInfo kScalars[CK_STRUCT] = {
    {"void", "void", 0, 1, 0},
    {"i8", "signed char", 1, 1, 1},
    {"u8", "unsigned char", 1, 1, 2},
    {"i16", "short", 2, 2, 1},
    {"u16", "unsigned short", 2, 2, 2},
    {"i32", "int", 4, 4, 1},
    {"u32", "unsigned int", 4, 4, 2},
    {"i64", "long", 8, 8, 1},
    {"u64", "unsigned long", 8, 8, 2},
    {"i128", "__int128", 16, 16, 1},
    {"u128", "unsigned __int128", 16, 16, 2},
    {"f32", "float", 4, 4, 0},
    {"f64", "double", 8, 8, 0},
    {"ld", "long double", 16, 16, 0},
    {"ptr", "void*", 8, 8, 0},
    {"c32", "_Complex float", 8, 4, 0},
    {"c64", "_Complex double", 16, 8, 0},
    {"cld", "_Complex long double", 32, 16, 0},
    {"ci8", "_Complex signed char", 2, 1, 0},
    {"cu8", "_Complex unsigned char", 2, 1, 0},
    {"ci16", "_Complex short", 4, 2, 0},
    {"cu16", "_Complex unsigned short", 4, 2, 0},
    {"ci32", "_Complex int", 8, 4, 0},
    {"cu32", "_Complex unsigned int", 8, 4, 0},
    {"ci64", "_Complex long", 16, 8, 0},
    {"cu64", "_Complex unsigned long", 16, 8, 0},
    {"ci128", "_Complex __int128", 32, 16, 0},
    {"cu128", "_Complex unsigned __int128", 32, 16, 0},
    {"f32x2", "cm_f32x2", 8, 8, 0},
    {"i16x4", "cm_i16x4", 8, 8, 0},
    {"f32x4", "cm_f32x4", 16, 16, 0},
    {"f64x2", "cm_f64x2", 16, 16, 0},
    {"i32x4", "cm_i32x4", 16, 16, 0},
    {"u8x16", "cm_u8x16", 16, 16, 0},
};

// --ld-as-double: ld is a double and cld a _Complex double (FFI_WIN64's long double).
bool gLdAsDouble = false;

void setLdAsDouble() {
  gLdAsDouble = true;
  kScalars[CK_LD] = {"ld", "double", 8, 8, 0};
  kScalars[CK_CLD] = {"cld", "_Complex double", 16, 8, 0};
}

// --leaf: a corpus for tests/foreign, compiled for Apple and Windows arm64 too (LLP64 there:
// `long` is 4 bytes on Windows), its kinds those the leaf code and both conventions share.
bool gLeaf = false;

void setLeaf() {
  gLeaf = true;
  kScalars[CK_I64].cname = "long long";
  kScalars[CK_U64].cname = "unsigned long long";
}

// The kinds of a leaf corpus: integers of every width, float, double, pointers (and structs of
// them); no long double (a double on those systems), no complex number, no vector.
bool leafKind(int kind) { return kind != CK_VOID && (kind < CK_LD || kind == CK_PTR); }

// Whether a type or signature text names only leaf kinds (array lengths aside).
bool leafText(const std::string& text) {
  std::string word;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) {
      word += text[i];
      continue;
    }
    if (!word.empty() && !std::isdigit(static_cast<unsigned char>(word[0])) && word != "void") {
      int k = 0;
      while (k < CK_STRUCT && word != kScalars[k].text) ++k;
      if (k == CK_STRUCT || !leafKind(k)) return false;
    }
    word.clear();
  }
  return true;
}

// The meaningful byte ranges (offset, length) of a scalar: an 80-bit long double (x86-64) uses 10
// of its 16 bytes, the rest of its slot is padding; a binary128 one (AArch64) uses all 16
// (CM_LD_BYTES, corpus.h: the target's, as the generator is built by the target's compiler).
std::vector<std::pair<uint32_t, uint32_t>> scalarRanges(int kind) {
  if (gLdAsDouble) return {{0, kScalars[kind].size}};
  switch (kind) {
    case CK_LD: return {{0, CM_LD_BYTES}};
    case CK_CLD: return {{0, CM_LD_BYTES}, {16, CM_LD_BYTES}};
    default: return {{0, kScalars[kind].size}};
  }
}
bool scalarDense(int kind) { return gLdAsDouble || CM_LD_BYTES == 16 || (kind != CK_LD && kind != CK_CLD); }

// ---- types -----------------------------------------------------------------------------------

struct Member {
  uint32_t type;
  uint32_t count;  // 0: a plain member; n: an array member of n elements
  uint32_t bits = CORPUS_NO_BITS;  // records: a bit-field's width
  uint32_t at = CORPUS_NO_AT;      // records: a given offset
};

// A record (union, packed, bit-field or explicitly laid-out struct, jitffi's Type::record): its
// layout is the C compiler's (sizeof, _Alignof; its mask filled in at run time by the generated
// init function), never modelled here, so the corpus checks jitffi's layouts against gcc's alone.
// Records are argument and return types; their members are scalars (no long double) and plain
// structs; a record with a given offset has no bit-field, so its padding arrays are computed here.
struct RecordInfo {
  bool isUnion = false;
  uint32_t pack = 0;  // 0, 1 (packed), 2, 4, 8, 16 (#pragma pack)
  bool hasBits = false, hasAt = false;
};

struct TypeDef {
  int kind = CK_VOID;
  std::vector<Member> members;
  std::vector<uint32_t> offsets;
  uint32_t size = 0, align = 1, depth = 0;  // a record: size is an upper bound (argument images)
  bool hasArray = false;
  bool isRecord = false;
  RecordInfo record;
  std::string text, flat, cname;
};

class Types {
 public:
  Types() {
    for (int k = 0; k < CK_STRUCT; ++k) {
      TypeDef d;
      d.kind = k;
      d.size = kScalars[k].size;
      d.align = kScalars[k].align;
      d.text = d.flat = kScalars[k].text;
      d.cname = kScalars[k].cname;
      defs_.push_back(d);
    }
  }
  const TypeDef& operator[](uint32_t id) const { return defs_[id]; }
  uint32_t size() const { return uint32_t(defs_.size()); }
  bool isStruct(uint32_t id) const { return defs_[id].kind == CK_STRUCT; }

  uint32_t structOf(const std::vector<Member>& members) {
    if (members.empty()) die("empty struct");
    TypeDef d;
    d.kind = CK_STRUCT;
    d.members = members;
    d.text = "{";
    d.flat = "{";
    uint32_t off = 0;
    for (size_t i = 0; i < members.size(); ++i) {
      const TypeDef& m = defs_[members[i].type];
      if (m.kind == CK_VOID) die("void member");
      const uint32_t n = members[i].count ? members[i].count : 1;
      off = (off + m.align - 1) / m.align * m.align;
      d.offsets.push_back(off);
      off += m.size * n;
      d.align = std::max(d.align, m.align);
      d.depth = std::max(d.depth, m.depth + 1);
      d.hasArray = d.hasArray || members[i].count != 0 || m.hasArray;
      if (i) d.text += ',';
      d.text += m.text;
      if (members[i].count) d.text += "[" + std::to_string(members[i].count) + "]";
      for (uint32_t k = 0; k < n; ++k) {
        if (i || k) d.flat += ',';
        d.flat += m.flat;
      }
    }
    d.size = (off + d.align - 1) / d.align * d.align;
    d.text += '}';
    d.flat += '}';
    return intern(std::move(d));
  }

  // The type of d's text: an earlier one, or d, named S<id>.
  uint32_t intern(TypeDef d) {
    auto it = byText_.find(d.text);
    if (it != byText_.end()) return it->second;
    const uint32_t id = uint32_t(defs_.size());
    d.cname = "S" + std::to_string(id);
    defs_.push_back(d);
    byText_[d.text] = id;
    return id;
  }

  uint32_t recordOf(const std::vector<Member>& members, RecordInfo info) {
    if (members.empty()) die("empty record");
    TypeDef d;
    d.kind = CK_STRUCT;
    d.isRecord = true;
    d.members = members;
    const std::string prefix = std::string(info.pack == 1 ? "packed" : info.pack ? "pack(" + std::to_string(info.pack) + ")" : "") +
                               (info.isUnion ? (info.pack ? " union" : "union") : "");
    d.text = prefix + "{";
    d.flat = prefix + "{";
    uint32_t bound = 16, largest = 0;
    for (size_t i = 0; i < members.size(); ++i) {
      const Member& m = members[i];
      const TypeDef& t = defs_[m.type];
      if (t.kind == CK_VOID || t.kind == CK_LD || t.kind == CK_CLD || t.isRecord || m.count) {
        die("record member " + t.text + ": scalars but long double, and plain structs only");
      }
      info.hasBits = info.hasBits || m.bits != CORPUS_NO_BITS;
      info.hasAt = info.hasAt || m.at != CORPUS_NO_AT;
      d.depth = std::max(d.depth, t.depth + 1);
      d.hasArray = d.hasArray || t.hasArray;
      std::string suffix = m.bits != CORPUS_NO_BITS ? ":" + std::to_string(m.bits)
                           : m.at != CORPUS_NO_AT  ? "@" + std::to_string(m.at)
                                                   : "";
      d.text += (i ? "," : "") + t.text + suffix;
      d.flat += (i ? "," : "") + t.flat + suffix;
      bound += t.size + t.align + (m.at != CORPUS_NO_AT ? m.at : 0);
      largest = std::max(largest, t.size);
    }
    if (info.hasBits && info.hasAt) die("a record with a given offset has no bit-field (here)");
    d.text += '}';
    d.flat += '}';
    d.record = info;
    d.size = info.isUnion ? largest + 16 : bound;
    d.align = 16;
    return intern(std::move(d));
  }

  // The meaningful byte ranges of a value of type t at offset base, in member order (not for
  // records: the C compiler has their masks).
  void ranges(uint32_t t, uint32_t base, std::vector<std::pair<uint32_t, uint32_t>>& out) const {
    const TypeDef& d = defs_[t];
    if (d.isRecord) die("ranges of a record");
    if (d.kind != CK_STRUCT) {
      for (auto [o, n] : scalarRanges(d.kind)) out.push_back({base + o, n});
      return;
    }
    for (size_t i = 0; i < d.members.size(); ++i) {
      const uint32_t n = d.members[i].count ? d.members[i].count : 1;
      for (uint32_t k = 0; k < n; ++k) {
        ranges(d.members[i].type, base + d.offsets[i] + k * defs_[d.members[i].type].size, out);
      }
    }
  }

  // Element list as libffi describes it (arrays expanded).
  std::vector<uint32_t> elements(uint32_t t) const {
    std::vector<uint32_t> out;
    for (const Member& m : defs_[t].members) {
      for (uint32_t k = 0; k < (m.count ? m.count : 1); ++k) out.push_back(m.type);
    }
    return out;
  }

 private:
  std::vector<TypeDef> defs_;
  std::map<std::string, uint32_t> byText_;
};

// ---- a parser for the signature text form (for the fixed cases) -------------------------------

struct SigDef {
  uint32_t ret = CK_VOID;
  std::vector<uint32_t> args;
  bool variadic = false;
  uint32_t nfixed = 0;
  int origin = CO_RANDOM;
  uint32_t index = 0;  // the case number (kept when --ld-as-double leaves cases out)
};

class Parser {
 public:
  Parser(Types& types, std::string text) : types_(types), s_(std::move(text)) {}

  SigDef signature() {
    SigDef sig;
    sig.ret = type();
    expect('(');
    bool variadicSeen = false;
    if (!peek(')')) {
      for (;;) {
        if (peek('.')) {
          expectWord("...");
          variadicSeen = true;
          sig.variadic = true;
          sig.nfixed = uint32_t(sig.args.size());
        } else {
          sig.args.push_back(type());
        }
        if (!peek(',')) break;
        expect(',');
      }
    }
    expect(')');
    skipWs();
    if (p_ != s_.size()) fail("trailing text");
    if (!variadicSeen) sig.nfixed = uint32_t(sig.args.size());
    return sig;
  }

 private:
  uint32_t type() {
    skipWs();
    // A record's prefix: packed, pack(N), union.
    RecordInfo info;
    bool record = false;
    if (s_.compare(p_, 6, "packed") == 0) {
      p_ += 6;
      info.pack = 1;
      record = true;
    } else if (s_.compare(p_, 5, "pack(") == 0) {
      p_ += 5;
      info.pack = uint32_t(number());
      expect(')');
      record = true;
    }
    skipWs();
    if (s_.compare(p_, 5, "union") == 0) {
      p_ += 5;
      info.isUnion = true;
      record = true;
    }
    if (peek('{')) {
      expect('{');
      std::vector<Member> members;
      for (;;) {
        Member m{type(), 0};
        if (peek('[')) {
          expect('[');
          m.count = uint32_t(number());
          expect(']');
        }
        if (peek(':')) {
          expect(':');
          m.bits = uint32_t(number());
          record = true;
        } else if (peek('@')) {
          expect('@');
          m.at = uint32_t(number());
          record = true;
        }
        members.push_back(m);
        if (!peek(',')) break;
        expect(',');
      }
      expect('}');
      return record ? types_.recordOf(members, info) : types_.structOf(members);
    }
    if (record) fail("expected '{'");
    size_t b = p_;
    while (p_ < s_.size() && std::isalnum(static_cast<unsigned char>(s_[p_]))) ++p_;
    const std::string name = s_.substr(b, p_ - b);
    for (int k = 0; k < CK_STRUCT; ++k) {
      if (name == kScalars[k].text) return uint32_t(k);
    }
    fail("unknown type '" + name + "'");
  }
  uint64_t number() {
    skipWs();
    size_t b = p_;
    while (p_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p_]))) ++p_;
    if (b == p_) fail("expected a number");
    return std::strtoull(s_.c_str() + b, nullptr, 10);
  }
  void skipWs() {
    while (p_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[p_]))) ++p_;
  }
  bool peek(char c) {
    skipWs();
    return p_ < s_.size() && s_[p_] == c;
  }
  void expect(char c) {
    if (!peek(c)) fail(std::string("expected '") + c + "'");
    ++p_;
  }
  void expectWord(const char* w) {
    skipWs();
    if (s_.compare(p_, std::strlen(w), w) != 0) fail(std::string("expected ") + w);
    p_ += std::strlen(w);
  }
  [[noreturn]] void fail(const std::string& what) {
    die("fixed signature \"" + s_ + "\" at " + std::to_string(p_) + ": " + what);
  }

  Types& types_;
  std::string s_;
  size_t p_ = 0;
};

// ---- the fixed part of the corpus ---------------------------------------------------------------

// Struct shapes FFI libraries are known to get wrong, or that sit on a classification edge. Each
// is swept through three signatures (see addTrickySweep) and also feeds the random draw.
const char* const kTrickyStructs[] = {
    // one scalar
    "{i8}", "{i16}", "{i32}", "{i64}", "{f32}", "{f64}", "{ld}", "{ptr}", "{c32}", "{c64}",
    "{cld}", "{i128}", "{u128}",
    // 3, 5, 6, 7 bytes
    "{i8,i8,i8}", "{u8[3]}", "{i16,i8}", "{i8[5]}", "{u8,u8,u8,u8,u8}", "{i16[3]}", "{i8[6]}",
    "{i16,i8,i8,i8,i8}", "{i8[7]}", "{i16,i16,i16,i8}",
    // mixed int/float eightbytes
    "{i8[5],f32}", "{i8,f64}", "{i32,f32}", "{f32,i32}", "{f32,f32,f32}", "{f32[3]}",
    "{f32,f32}", "{f64,f64}", "{f32,f64}", "{f64,f32}", "{f64,i32}", "{i32,f64}", "{i64,f64}",
    "{f64,i64}", "{f32,f32,i32}", "{i32,f32,f32}", "{f64,f32,f32}", "{f32,f32,f64}",
    "{i16,f32}", "{f32,i16}", "{i8,f32,i8}", "{f32,i8[5]}", "{f32,f32,f32,f32}", "{f32[4]}",
    "{f64[2]}", "{f32[2]}", "{u16,f32,u16}",
    // 9-15 bytes
    "{i8[9]}", "{i8[10]}", "{i16[5]}", "{i8[11]}", "{i32[3]}", "{i16[6]}", "{i8[13]}",
    "{i16[7]}", "{i8[14]}", "{i8[15]}", "{i64,i8}", "{i32,i32,i8}", "{i64,i16,i8}",
    "{i32,i8,i8,i8,i8,i8}", "{f64,i8}", "{i8,i8,i8,i8,i8,i8,i8,i8,i8}", "{f32,f32,i8}",
    // nested
    "{{f32},{f32}}", "{{i8,i8},{i16}}", "{{i32},f32}", "{{f32,f32},f64}", "{f32,{f32,f64}}",
    "{{f64},{f64}}", "{{f32,f32},{f32,f32}}", "{{i8},{f32},{i8}}", "{{{f32}},i32}",
    "{{i8[3]},{f32}}", "{{f32}[3]}", "{{i8,f32}[2]}",
    // long double, complex, int128 members
    "{ld,i32}", "{i8,ld}", "{ld,ld}", "{f32,ld}", "{c32,f32}", "{f32,c32}", "{c32,c32}",
    "{i32,c32}", "{c32,i8}", "{c64,f64}", "{i8,i128}", "{i128,i8}", "{f64,c32}", "{{c32},f32}",
    // memory class (> 16 bytes)
    "{i8[17]}", "{f64,f64,f64}", "{f32[5]}", "{i64[3]}", "{i8[24]}", "{i64[4]}", "{f64[4]}",
    "{i8[32]}", "{i8[33]}", "{f64[8]}", "{i8[64]}", "{i8[65]}", "{i64,f64,i8[50]}", "{f32[16]}",
    "{ld[4]}", "{i8,{f64,f64},i8}", "{cld,i8}",
};

// Hand-picked signatures: scalar edges, register exhaustion, variadics.
const char* const kFixedSignatures[] = {
    "void()",
    "i8()", "u8()", "i16()", "u16()", "i32()", "u32()", "i64()", "u64()", "i128()", "u128()",
    "f32()", "f64()", "ld()", "ptr()", "c32()", "c64()", "cld()",
    "i8(i8)", "u8(u8)", "i16(i16)", "u16(u16)", "i32(i32)", "u32(u32)", "i64(i64)", "u64(u64)",
    "i128(i128)", "u128(u128)", "f32(f32)", "f64(f64)", "ld(ld)", "ptr(ptr)", "c32(c32)",
    "c64(c64)", "cld(cld)",
    "ld(ld,ld,ld)", "cld(cld,cld)", "c32(c32,c32,c32,c32,c32,c32,c32,c32,c32)",
    "c64(c64,c64,c64,c64,c64)",
    "i128(i64,i64,i64,i64,i64,i128)", "u128(i32,u128,i32,u128,i32,u128,i32)",
    "i128(i128,i128,i128,i128)",
    "f32(f32,f32,f32,f32,f32,f32,f32,f32,f32,f32,f32,f32,f32,f32,f32,f32,f32,f32,f32,f32)",
    "f64(f64,f64,f64,f64,f64,f64,f64,f64,f64,f64)",
    "i32(i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,i32,"
    "i32,i32)",
    "u8(u8,u8,u8,u8,u8,u8,u8,u8,u8,u8)", "i16(i8,u8,i16,u16,i32,u32,i8,u8,i16,u16,i32,u32)",
    "void(f32,i8,f64,i16,ld,i32,c32,i64,c64,ptr,cld,u8,f32,u16,f64,u32,ld,u64,i128,f32)",
    "ld(i32,ld,f64,ld,f32,ld)", "cld(f64,cld,i32,cld)",
    "{f32,f32}(f64,f64,f64,f64,f64,f64,f64,{f32,f32},{f32,f32})",
    "{i64,f64}(i64,i64,i64,i64,i64,{i64,f64},f64,f64,f64,f64,f64,f64,f64,f64,{i64,f64})",
    "{i64,i64}(i64,i64,i64,i64,i64,{i64,i64},i64)",
    // variadic
    "i32(ptr, ..., f64, i32)", "i32(i32, ...)", "f64(i32, ..., f64,f64,f64,f64,f64,f64,f64,f64,f64,f64)",
    "i64(i32, ..., i64,i64,i64,i64,i64,i64,i64,i64,i64,i64)",
    "void(i32, ..., {f32,f32}, {f64,i64}, {i8[5],f32}, {i8,f64}, {f32,f32,f32})",
    "f64(f64,f64,f64,f64,f64,f64,f64,f64, ..., f64, i32, f64)",
    "{f32,f32}(i64,i64,i64,i64,i64, ..., {i64,i64}, i64, {f64,f64}, ptr)",
    "{i8[17]}(ptr, ..., {i8[17]}, u32, {i8[3]}, u64)",
    "ld(i32, ..., f64, {ld}, i64)",
    "cld(ptr, ..., ptr, ptr, ptr, ptr, ptr, ptr, ptr)",
};

// Added to the Win64 corpus only (--abi ms), after the tricky sweep: the four positional slots
// with mixed integer and floating values, and the types Win64 passes by reference (gcc's long
// double, __int128, complex numbers other than 8 bytes) or by value in both registers (FFI_WIN64's
// long double) in the variadic part, where random draws only use the promoted scalars and
// structs.
const char* const kFixedSignaturesMs[] = {
    "f32(i64, f32, i64, f32, f32)", "f64(f32, i8, f64, i16)", "void(i8, f32, i16, f64, i32, f32)",
    "c32(c32, c32, c32, c32, c32)", "u128(u128, u128, u128, u128, u128)", "cld(ld, cld, ld)",
    "ld(ld, ..., ld, f64, ld, ld)", "i32(i32, ..., i128, u128, i64, i128)",
    "f64(f64, ..., c32, c64, cld, c32, f64)", "{i8[3]}(i32, ..., ld, {f32}, {f64}, {i8[3]}, f64, {i16})",
    "void(f64, f64, f64, ..., f64, ld, f64, ld)",
};

// Added to a leaf corpus (--leaf) instead of the fixed lists above: the shapes the Apple and
// Windows arm64 conventions treat apart from AAPCS64 — named arguments packed on Apple's stack,
// 16-aligned pairs from an odd register, variadic arguments (Apple: all on the stack; Windows:
// x0-x7 with floating-point ones and HFAs there, a composite reaching past x7, more than 16 bytes
// by reference), narrow integer results (extended by the callee on Apple).
const char* const kFixedSignaturesLeaf[] = {
    "u64(i8, u8, i16, u16, i32, u32, i64, f32, f64)",
    "u64(i64, i64, i64, i64, i64, i64, i64, i64, i8, i16, i8, i32, {i8,i8,i8}, f32, f64, u8)",
    "u64(f64, f64, f64, f64, f64, f64, f64, f64, f32, {f32,f32,f32}, f32, {f32,f32}, f32, f64, f32, {f64,f64}, i8)",
    "u64(i64, i128, i64, {i128}, i8, i128)",
    "u64({i8}, {i8,i8,i8}, {i16,i16,i16}, {i32,i32,i32}, {i64,f64}, {i64,i64,i64}, {f32,f32}, {f32,f32,f32}, "
    "{f64,f64,f64,f64}, {f64,f64})",
    "u64(i32, ..., i32, f64, {i32,i32,i32}, {f32,f32}, {i64,i64,i64}, {f64,f64,f64,f64}, i128, i64)",
    "u64(f32, f64, ..., f64, {f32,f32}, i32, {f64,f64})",
    "u64(i32, ..., i32, i32, i32, i32, i32, i32, {i32,i32,i32}, i32)",
    "u64(i32, ..., f64, f64, f64, f64, f64, f64, f64, f64, f64, f64)",
    "u64(i32, ..., i32, i32, i32, i32, i32, i32, {f64,f64,f64,f64}, ptr)",
    "i8(i8, i16)", "u8(u8)", "i16(i16, u16)", "u16(i8)",
    "{f32,f32,f32}(f32, i32)", "{i64,i64,i64}({i64,i64,i64}, i32)", "{f64,f64}({f64,f64,f64,f64})",
    "{f64,f64,f64,f64}(i32, ..., f64, {f32})", "f32(ptr, ..., ptr, {i8[20]}, u64)",
};

// Complex numbers of integer parts (both ABIs): every kind as argument and result, register
// exhaustion, the stack, struct members, the variadic part.
const char* const kFixedComplexIntegers[] = {
    "ci8(ci8)", "cu8(cu8)", "ci16(ci16)", "cu16(cu16)", "ci32(ci32)", "cu32(cu32)", "ci64(ci64)",
    "cu64(cu64)", "ci128(ci128)", "cu128(cu128)",
    "ci32(ci8, cu8, ci16, cu16, ci32, cu32, ci64, cu64, ci128, cu128)",
    "cu64(i64, i64, i64, i64, i64, cu64, ci64, cu32, f64, ci16)",
    "ci128(ci128, i32, ci128, ci8)", "cu16(f32, cu16, f64, cu8, i8, ci32)",
    "{ci8,i8}({ci8,i8}, {ci16,f32}, {ci32,ci32}, {i8,ci64}, {cu8[3]})",
    "{ci32,f32}({f32,ci16,i8}, {ci64}, {ci128,i8})",
    "i32(i32, ..., ci8, ci32, ci64, ci128, cu16, {ci32})",
};

// Vectors (SysV only: Win64 refuses them): every shape as argument and result, vector register
// exhaustion (16-byte vectors on the stack), vectors in structs (a lone 16-byte vector in one
// register, SSE+SSEUP; two halves; memory past 16 bytes), the variadic part.
const char* const kFixedVectors[] = {
    "f32x2(f32x2)", "i16x4(i16x4)", "f32x4(f32x4)", "f64x2(f64x2)", "i32x4(i32x4)", "u8x16(u8x16)",
    "f32x4(f32x4, f64x2, i32x4, u8x16, f32x2, i16x4, f32x4, f64x2, f32x4, i32x4, f32x2)",
    "f64(f64, f64, f64, f64, f64, f64, f64, f32x4, f32x4, i8, f32x2)",
    "u8x16(i64, i64, i64, i64, i64, i64, i64, u8x16)",
    "{f32x4}({f32x4}, {f32x2,f32x2}, {i16x4,i32}, {f32x4,f32x4}, {i8,f32x4}, {f32x2[2]})",
    "{f32x2,f64}({f64,f32x2}, {i32,i32,f32x2}, {f64x2}, {u8x16,i8})",
    "{i16x4,i16x4}(i32, {i16x4,i16x4}, f32x4, {f32x4})",
    "i32(i32, ..., f32x4, f64x2, i16x4, {f32x4}, f32x2, u8x16)",
};

// Records (jitffi's unions, packed, bit-field and explicitly laid-out structs; both corpora, laid
// out by the C compiler: ms_struct and #pragma pack in the Win64 corpus, as MSVC lays them out),
// each swept as the tricky structs are.
const char* const kRecords[] = {
    // bit-fields: gcc packs by bits, MSVC by units of the declared type
    "{u32:3,u32:5,i8}", "{i8,i32:0,i8}", "{u8:1,u8:1,u8:1,u8:1,u8:1,u8:1,u8:1,u8:1,u8:1}",
    "{i8,i16:9,i8:7,i32:17}", "{f32,i32:8}", "{f64,u8:3}", "{u64:33,u64:33}", "{i64:60,i32:10}",
    "{i8,i64:3,i8:2,i16:3}", "{f32,u16:4,f32}", "{i32:1,f32,i32:1}", "{u16:15,u16:2,u32:1}", "{i8:4,i16:0,i8}",
    "{u8:7,f64}", "{i16:3,{f32,f32}}", "pack(2){i8,i32:20,i32:20,i8}", "packed{i8,i32:20,i32:20}",
    // packed: on SysV a member off its alignment sends the struct to memory
    "packed{i8,i32}", "packed{i32,i32}", "packed{i8,f64,i16}", "packed{f32,f32}", "packed{i16,f32}",
    "pack(2){i8,i32}", "pack(4){i8,f64}", "pack(4){f32,f64}", "packed{i8,{i8,i32}}", "packed{{f32,f32},i8}",
    "pack(8){i8,i128}", "packed{i8,ptr}", "pack(2){i16,f32,i16}",
    // unions: the members' classes merged per eightbyte
    "union{f32,i32}", "union{i8,f64}", "union{f64,f32}", "union{{f32,f32},f64}", "union{{i8[3]},i16}",
    "union{f32,{f32,f32}}", "union{i64,{f64,f64}}", "union{{f64,f64},{f64,i64}}", "union{{f32,f32,f32},{f64,i32}}",
    "packed union{{i8[5]},i32}", "union{i128,f64}", "union{{f32,f32,f32,f32},f64}", "union{{i8,f32},{f32,i8}}",
    // members at given offsets
    "{i8,i32@8}", "{i32@4,i32@12}", "{i8,i32@5,i8}", "{i8,f64@3}", "{f32,f32@8}", "{i8,{i32,i8}@1,i16}",
    "pack(2){i8,i32@3,i8}", "{f64@8}",
};

// ---- random signatures ----------------------------------------------------------------------------

// Scalar weights for random draws (index = kind).
const std::vector<uint32_t> kScalarWeights = {
    0,  // void
    6, 6, 5, 5, 8, 6, 7, 6,  // i8 u8 i16 u16 i32 u32 i64 u64
    2, 2,                    // i128 u128
    9, 9, 3, 6,              // f32 f64 ld ptr
    3, 3, 2,                 // c32 c64 cld
    // Complex integers and vectors come from the fixed signatures only: random draws stay the
    // ones they were before these kinds existed, and Win64 (no vectors) draws from the same list.
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // ci8 … cu128
    0, 0, 0, 0, 0, 0,              // vectors
};

class Generator {
 public:
  Generator(Types& types, uint64_t seed) : types_(types), rng_{seed} {
    for (const char* t : kTrickyStructs) {
      if (gLeaf && !leafText(t)) continue;
      SigDef d = Parser(types_, std::string(t) + "()").signature();
      tricky_.push_back(d.ret);
    }
  }

  uint32_t scalar(uint32_t maxSize = 1u << 30) {
    std::vector<uint32_t> w = kScalarWeights;
    for (int k = 0; k < CK_STRUCT; ++k) {
      if (kScalars[k].size > maxSize || (gLeaf && !leafKind(k))) w[k] = 0;
    }
    bool any = false;
    for (uint32_t x : w) any = any || x;
    if (!any) return CK_I8;
    return rng_.pick(w);
  }

  // A random struct of roughly `target` bytes.
  uint32_t randomStruct(uint32_t depth, uint32_t target) {
    std::vector<Member> members;
    uint32_t cur = 0;
    do {
      const uint32_t room = target > cur ? target - cur : 1;
      const uint32_t r = rng_.below(100);
      if (depth < 3 && r < 12 && room >= 2) {
        members.push_back({randomStruct(depth + 1, rng_.range(1, std::min<uint32_t>(room, 24))), 0});
      } else if (r < 28) {
        uint32_t elem;
        if (depth < 3 && rng_.chance(15) && room >= 4) {
          elem = randomStruct(depth + 1, rng_.range(1, std::min<uint32_t>(room / 2 + 1, 8)));
        } else {
          elem = scalar(std::max<uint32_t>(1, room / 2));
        }
        const uint32_t es = types_[elem].size;
        const uint32_t maxCount = std::max<uint32_t>(1, std::min<uint32_t>(room / es, 64));
        members.push_back({elem, rng_.range(1, maxCount)});
      } else {
        members.push_back({scalar(room), 0});
      }
      cur = types_[types_.structOf(members)].size;
    } while (cur < target && members.size() < 12);
    return types_.structOf(members);
  }

  // A struct: one of the tricky shapes, an earlier random one (shapes recur, as in real code), or
  // a new random one.
  uint32_t structType() {
    const uint32_t r = rng_.below(100);
    if (r < 40) return tricky_[rng_.below(uint32_t(tricky_.size()))];
    if (r < 65 && !drawn_.empty()) return drawn_[rng_.below(uint32_t(drawn_.size()))];
    // (A leaf corpus's structs stay within 64 bytes: the compiler copies them inline.)
    static const std::vector<uint32_t> sizeClassWeights = {30, 30, 20, 12, gLeaf ? 0u : 8u};
    static const uint32_t lo[] = {1, 9, 17, 33, 65}, hi[] = {8, 16, 32, 64, 128};
    const uint32_t c = rng_.pick(sizeClassWeights);
    drawn_.push_back(randomStruct(0, rng_.range(lo[c], hi[c])));
    return drawn_.back();
  }

  uint32_t argType() { return rng_.chance(55) ? scalar() : structType(); }

  // A type valid after '...': what C's default argument promotions leave.
  uint32_t variadicArgType() {
    if (rng_.chance(25)) return structType();
    static const uint32_t promoted[] = {CK_I32, CK_U32, CK_I64, CK_U64, CK_F64, CK_PTR};
    static const std::vector<uint32_t> w = {5, 2, 4, 2, 6, 3};
    return promoted[rng_.pick(w)];
  }

  uint32_t argCount() {
    const uint32_t r = rng_.below(100);
    if (r < 5) return 0;
    if (r < 15) return rng_.range(1, 2);
    if (r < 45) return rng_.range(3, 6);
    if (r < 70) return rng_.range(7, 10);
    if (r < 88) return rng_.range(11, 16);
    return rng_.range(17, 24);
  }

  SigDef randomSignature() {
    SigDef s;
    const uint32_t r = rng_.below(100);
    s.ret = r < 8 ? uint32_t(CK_VOID) : r < 50 ? scalar() : structType();
    // A leaf callee's only output is its result (it stores no global): never void.
    if (gLeaf && s.ret == CK_VOID) s.ret = CK_U64;
    if (rng_.chance(12)) {
      s.variadic = true;
      s.nfixed = rng_.range(1, 8);
      for (uint32_t i = 0; i < s.nfixed; ++i) s.args.push_back(argType());
      const uint32_t nv = rng_.range(0, 12);
      for (uint32_t i = 0; i < nv; ++i) s.args.push_back(variadicArgType());
    } else {
      const uint32_t n = argCount();
      for (uint32_t i = 0; i < n; ++i) s.args.push_back(argType());
      s.nfixed = n;
    }
    return s;
  }

  // Every struct of `list` as (1) argument and return alone, (2) after the general and vector
  // registers are nearly exhausted, (3) in the variadic part.
  template <size_t N>
  void addSweep(const char* const (&list)[N], std::vector<SigDef>& out) {
    for (const char* t : list) {
      const std::string s = t;
      out.push_back(parse(s + "(" + s + ")"));
      out.push_back(parse(s + "(i64,i64,i64,i64,i64," + s + ",i32,f64,f64,f64,f64,f64,f64,f64," +
                          s + ",f32," + s + ")"));
      out.push_back(parse("i32(i32, ..., " + s + ", f64, i64, " + s + ")"));
    }
  }

  SigDef parse(const std::string& text) {
    SigDef d = Parser(types_, text).signature();
    d.origin = CO_FIXED;
    return d;
  }

  Rng& rng() { return rng_; }

 private:
  Types& types_;
  Rng rng_;
  std::vector<uint32_t> tricky_;
  std::vector<uint32_t> drawn_;  // random structs drawn so far
};

// ---- argument images ----------------------------------------------------------------------------

void putF32(uint8_t* p, Rng& rng) {
  const uint64_t x = rng.next();
  const uint32_t bits = uint32_t((x >> 63) << 31) | uint32_t((107 + rng.below(41)) << 23) |
                        uint32_t(x & 0x7fffff);
  std::memcpy(p, &bits, 4);
}
void putF64(uint8_t* p, Rng& rng) {
  const uint64_t x = rng.next();
  const uint64_t bits = ((x >> 63) << 63) | (uint64_t(963 + rng.below(121)) << 52) |
                        (x & 0xfffffffffffffULL);
  std::memcpy(p, &bits, 8);
}
// A normal long double of the target's format (CM_LD_BYTES), exponent within 2^±60.
void putLd(uint8_t* p, Rng& rng) {
  const uint64_t mant = rng.next();
  const uint16_t se = uint16_t((rng.chance(50) ? 0x8000u : 0u) | (16323u + rng.below(121)));
  if (CM_LD_BYTES == 10) {
    const uint64_t withIntegerBit = mant | (1ULL << 63);
    std::memcpy(p, &withIntegerBit, 8);
    std::memcpy(p + 8, &se, 2);
  } else {
    const uint64_t hi = (uint64_t(se) << 48) | (rng.next() & 0xffffffffffffULL);
    std::memcpy(p, &mant, 8);
    std::memcpy(p + 8, &hi, 8);
  }
}

// Writes valid values into the fields of an image already filled with random bytes (so integer
// and pointer fields, and all padding, stay random).
void fillValues(const Types& types, uint32_t t, uint8_t* p, Rng& rng) {
  const TypeDef& d = types[t];
  switch (d.kind) {
    case CK_F32: putF32(p, rng); return;
    case CK_F64: putF64(p, rng); return;
    case CK_LD: gLdAsDouble ? putF64(p, rng) : putLd(p, rng); return;
    case CK_C32: putF32(p, rng); putF32(p + 4, rng); return;
    case CK_C64: putF64(p, rng); putF64(p + 8, rng); return;
    case CK_CLD:
      if (gLdAsDouble) {
        putF64(p, rng);
        putF64(p + 8, rng);
      } else {
        putLd(p, rng);
        putLd(p + 16, rng);
      }
      return;
    case CK_F32X2:
    case CK_F32X4:
      for (uint32_t k = 0; k < d.size; k += 4) putF32(p + k, rng);
      return;
    case CK_F64X2: putF64(p, rng); putF64(p + 8, rng); return;
    case CK_STRUCT:
      for (size_t i = 0; i < d.members.size(); ++i) {
        const uint32_t n = d.members[i].count ? d.members[i].count : 1;
        for (uint32_t k = 0; k < n; ++k) {
          fillValues(types, d.members[i].type, p + d.offsets[i] + k * types[d.members[i].type].size,
                     rng);
        }
      }
      return;
    default: return;  // integers (complex and vector ones too) and pointers: random bytes
  }
}

// ---- C emission ---------------------------------------------------------------------------------

std::string hex64(uint64_t x) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%016" PRIx64 "ULL", x);
  return b;
}

std::string bytesInit(const std::vector<uint8_t>& v) {
  std::string s = "{";
  for (size_t i = 0; i < v.size(); ++i) {
    char b[16];
    std::snprintf(b, sizeof b, "%s0x%02x", i ? (i % 16 ? "," : ",\n  ") : "", v[i]);
    s += b;
  }
  if (v.empty()) s += "0";
  return s + "}";
}

class Emitter {
 public:
  Emitter(const Types& types, std::string prefix, bool msAbi) : types_(types), prefix_(std::move(prefix)), ms_(msAbi) {}

  // A record's mask, filled in at run time (corpus.h: CorpusSet::init).
  std::string maskName(uint32_t t) const { return prefix_ + "_TM" + std::to_string(t); }

  // h = hash of the meaningful bytes of expression e (of type t), in member order.
  void hash(std::string& o, uint32_t t, const std::string& e, const std::string& ind) {
    const TypeDef& d = types_[t];
    if (d.isRecord) {
      o += ind + "h = cm_hm(h, &" + e + ", " + maskName(t) + ", sizeof " + e + ");\n";
      return;
    }
    if (d.kind != CK_STRUCT) {
      for (auto [off, n] : scalarRanges(d.kind)) {
        o += ind + "h = cm_h(h, " +
             (off ? "(const char*)&" + e + " + " + std::to_string(off) : "&" + e) + ", " +
             std::to_string(n) + ");\n";
      }
      return;
    }
    for (size_t i = 0; i < d.members.size(); ++i) {
      const Member& m = d.members[i];
      const std::string f = e + ".f" + std::to_string(i);
      if (!m.count) {
        hash(o, m.type, f, ind);
      } else if (!types_.isStruct(m.type) && scalarDense(types_[m.type].kind)) {
        o += ind + "h = cm_h(h, " + f + ", sizeof " + f + ");\n";  // no padding inside
      } else if (!types_.isStruct(m.type)) {
        const std::string k = "k" + std::to_string(loopVar_++);
        o += ind + "for (int " + k + " = 0; " + k + " < " + std::to_string(m.count) + "; ++" + k +
             ") {\n";
        hash(o, m.type, f + "[" + k + "]", ind + "  ");
        o += ind + "}\n";
      } else {
        for (uint32_t k = 0; k < m.count; ++k) hash(o, m.type, f + "[" + std::to_string(k) + "]", ind);
      }
    }
  }

  // Fills every field of expression e (of type t) from the hash stream s.
  void set(std::string& o, uint32_t t, const std::string& e, const std::string& ind) {
    const TypeDef& d = types_[t];
    const std::string a = "&" + e, a8 = "(char*)&" + e + " + 8", a4 = "(char*)&" + e + " + 4",
                      a16 = "(char*)&" + e + " + 16";
    switch (d.kind) {
      case CK_F32: o += ind + "cm_set_f32(" + a + ", cm_next(&s));\n"; return;
      case CK_F64: o += ind + "cm_set_f64(" + a + ", cm_next(&s));\n"; return;
      case CK_LD:
        o += ind + (gLdAsDouble ? "cm_set_f64(" : "cm_set_ld(") + a + ", cm_next(&s));\n";
        return;
      case CK_C32:
        o += ind + "cm_set_f32(" + a + ", cm_next(&s)); cm_set_f32(" + a4 + ", cm_next(&s));\n";
        return;
      case CK_C64:
        o += ind + "cm_set_f64(" + a + ", cm_next(&s)); cm_set_f64(" + a8 + ", cm_next(&s));\n";
        return;
      case CK_CLD:
        if (gLdAsDouble) {
          o += ind + "cm_set_f64(" + a + ", cm_next(&s)); cm_set_f64(" + a8 + ", cm_next(&s));\n";
        } else {
          o += ind + "cm_set_ld(" + a + ", cm_next(&s)); cm_set_ld(" + a16 + ", cm_next(&s));\n";
        }
        return;
      case CK_STRUCT:
        for (size_t i = 0; i < d.members.size(); ++i) {
          const Member& m = d.members[i];
          const std::string f = e + ".f" + std::to_string(i);
          if (m.bits == 0) continue;  // a zero-width bit-field holds nothing
          if (m.bits != CORPUS_NO_BITS) {
            o += ind + f + " = (" + types_[m.type].cname + ")cm_next(&s);\n";
          } else if (!m.count) {
            set(o, m.type, f, ind);
          } else if (!types_.isStruct(m.type)) {
            const std::string k = "k" + std::to_string(loopVar_++);
            o += ind + "for (int " + k + " = 0; " + k + " < " + std::to_string(m.count) + "; ++" +
                 k + ") {\n";
            set(o, m.type, f + "[" + k + "]", ind + "  ");
            o += ind + "}\n";
          } else {
            for (uint32_t k = 0; k < m.count; ++k) set(o, m.type, f + "[" + std::to_string(k) + "]", ind);
          }
        }
        return;
      case CK_F32X2:
      case CK_F32X4:
        for (uint32_t k = 0; k < d.size; k += 4) {
          o += ind + "cm_set_f32((char*)&" + e + " + " + std::to_string(k) + ", cm_next(&s));\n";
        }
        return;
      case CK_F64X2:
        o += ind + "cm_set_f64(" + a + ", cm_next(&s)); cm_set_f64(" + a8 + ", cm_next(&s));\n";
        return;
      default:  // integers (complex and vector ones too, 8 bytes at a time) and pointers
        for (uint32_t k = 0; k < d.size; k += 8) {
          o += ind + "cm_set_u((char*)&" + e + " + " + std::to_string(k) + ", " +
               std::to_string(std::min<uint32_t>(8, d.size - k)) + ", cm_next(&s));\n";
        }
        return;
    }
  }

  // A record's typedef: as C declares it (see RecordInfo), with its mask's declaration.
  std::string recordTypedefOf(uint32_t t) const {
    const TypeDef& d = types_[t];
    const RecordInfo& r = d.record;
    const bool pragma = r.pack > 1 || (r.pack == 1 && ms_);
    std::string s = pragma ? "#pragma pack(push, " + std::to_string(r.pack) + ")\n" : "";
    s += std::string("typedef ") + (r.isUnion ? "union" : "struct");
    if (r.pack == 1 && !pragma) s += " __attribute__((packed))";
    if (ms_ && r.hasBits) s += " __attribute__((ms_struct))";
    s += " " + d.cname + " {";
    uint32_t end = 0;  // given offsets come without bit-fields: plain placement, capped by the pack
    for (size_t i = 0; i < d.members.size(); ++i) {
      const Member& m = d.members[i];
      const TypeDef& mt = types_[m.type];
      const uint32_t align = r.pack && r.pack < mt.align ? r.pack : mt.align;
      const std::string f = "f" + std::to_string(i);
      if (m.bits == 0) {
        s += " " + mt.cname + " : 0;";
      } else if (m.bits != CORPUS_NO_BITS) {
        s += " " + mt.cname + " " + f + " : " + std::to_string(m.bits) + ";";
      } else if (m.at != CORPUS_NO_AT) {
        if (m.at < end) die("record " + d.text + ": member " + std::to_string(i) + " overlaps");
        if (m.at > end) s += " unsigned char p" + std::to_string(i) + "[" + std::to_string(m.at - end) + "];";
        s += " " + mt.cname + " " + f + (m.at % align ? " __attribute__((packed));" : ";");
        end = m.at + mt.size;
      } else {
        s += " " + mt.cname + " " + f + ";";
        end = (end + align - 1) / align * align + mt.size;
      }
    }
    s += " } " + d.cname + ";  /* " + d.text + " */\n";
    if (pragma) s += "#pragma pack(pop)\n";
    return s + "extern uint8_t " + maskName(t) + "[];\n";
  }

  // A record's mask, computed by the C compiler: the meaningful bytes of each ordinary member
  // (offsetof and the member type's ranges), the bits of each bit-field (set to all ones alone).
  std::string recordMaskFill(uint32_t t) const {
    const TypeDef& d = types_[t];
    std::string s = "  {\n    " + d.cname + " v;\n    (void)v;\n";
    for (size_t i = 0; i < d.members.size(); ++i) {
      const Member& m = d.members[i];
      const std::string f = "f" + std::to_string(i);
      if (m.bits == 0) continue;
      if (m.bits != CORPUS_NO_BITS) {
        s += "    memset(&v, 0, sizeof v);\n    v." + f + " = corpus_all_ones;\n    cm_or(" + maskName(t) +
             ", &v, sizeof v);\n";
        continue;
      }
      std::vector<std::pair<uint32_t, uint32_t>> rs;
      types_.ranges(m.type, 0, rs);
      for (auto [o, n] : rs) {
        s += "    cm_mark(" + maskName(t) + ", (unsigned)offsetof(" + d.cname + ", " + f + ") + " + std::to_string(o) +
             ", " + std::to_string(n) + ");\n";
      }
    }
    return s + "  }\n";
  }

  // The struct typedef.
  std::string typedefOf(uint32_t t) const {
    const TypeDef& d = types_[t];
    if (d.isRecord) return recordTypedefOf(t);
    std::string s = "typedef struct " + d.cname + " {";
    for (size_t i = 0; i < d.members.size(); ++i) {
      const Member& m = d.members[i];
      s += " " + types_[m.type].cname + " f" + std::to_string(i);
      if (m.count) s += "[" + std::to_string(m.count) + "]";
      s += ";";
    }
    return s + " } " + d.cname + ";  /* " + d.text + " */\n";
  }

  void resetLoopVars() { loopVar_ = 0; }

 private:
  const Types& types_;
  std::string prefix_;
  bool ms_;
  int loopVar_ = 0;
};

struct Options {
  uint64_t seed = 1;
  uint32_t count = 600;
  uint32_t parts = 8;
  std::string out;
  std::string signatures;  // a file of signatures replacing the corpus
  bool msAbi = false;      // --abi ms
  bool ldAsDouble = false;
  bool leaf = false;       // --leaf
  std::string prefix = "corpus";
};

Options parseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--seed") o.seed = std::strtoull(value().c_str(), nullptr, 0);
    else if (a == "--count") o.count = uint32_t(std::strtoul(value().c_str(), nullptr, 0));
    else if (a == "--parts") o.parts = uint32_t(std::strtoul(value().c_str(), nullptr, 0));
    else if (a == "--out") o.out = value();
    else if (a == "--signatures") o.signatures = value();
    else if (a == "--abi") {
      const std::string v = value();
      if (v != "sysv" && v != "ms") die("--abi takes sysv or ms");
      o.msAbi = v == "ms";
    } else if (a == "--ld-as-double") o.ldAsDouble = true;
    else if (a == "--leaf") o.leaf = true;
    else if (a == "--prefix") o.prefix = value();
    else {
      die("unknown option " + a +
          " (usage: gen_corpus --seed S --count N --parts P --out DIR [--signatures FILE] [--abi sysv|ms]"
          " [--ld-as-double] [--leaf] [--prefix NAME])");
    }
  }
  if (o.out.empty()) die("--out DIR is required");
  if (o.parts == 0) o.parts = 1;
  return o;
}

void writeFile(const std::string& path, const std::string& text) {
  // Leave an unchanged file alone (no needless recompiles).
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::stringstream ss;
      ss << in.rdbuf();
      if (ss.str() == text) return;
    }
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) die("cannot write " + path);
}

const char* const kBanner =
    "/* Generated by tests/corpus/gen_corpus.cpp: do not edit (regenerated at build time). */\n";

}  // namespace

// The signature text of a drawn signature (arrays as written, "[n]").
std::string signatureText(const Types& types, const SigDef& sd) {
  std::string sig = types[sd.ret].text + "(";
  for (uint32_t k = 0; k < sd.args.size(); ++k) {
    if (sd.variadic && k == sd.nfixed) sig += k ? ", ..., " : "..., ";
    else if (k) sig += ", ";
    sig += types[sd.args[k]].text;
  }
  if (sd.variadic && sd.nfixed == sd.args.size()) sig += sd.args.empty() ? "..." : ", ...";
  return sig + ")";
}

// Whether gcc's ms_abi (as mingw's gcc) passes a value of this type by reference: aggregates
// (structs and complex numbers) of other than 1, 2, 4 or 8 bytes, the 80-bit long double, and
// __int128.
bool msByReference(const TypeDef& d) {
  switch (d.kind) {
    case CK_STRUCT:
    case CK_C32:
    case CK_C64:
    case CK_CLD:
    case CK_CI8:
    case CK_CU8:
    case CK_CI16:
    case CK_CU16:
    case CK_CI32:
    case CK_CU32:
    case CK_CI64:
    case CK_CU64:
    case CK_CI128:
    case CK_CU128: return !(d.size == 1 || d.size == 2 || d.size == 4 || d.size == 8);
    case CK_LD: return d.size != 8;
    case CK_I128:
    case CK_U128: return true;
    default: return false;
  }
}

int main(int argc, char** argv) {
  const Options opt = parseOptions(argc, argv);
  if (opt.leaf) setLeaf();
  Types drawTypes;
  Generator gen(drawTypes, opt.seed);

  std::vector<SigDef> sigs;
  uint32_t randomCount = opt.count;
  if (!opt.signatures.empty()) {
    std::ifstream in(opt.signatures);
    if (!in) die("cannot read " + opt.signatures);
    std::string line;
    while (std::getline(in, line)) {
      line = line.substr(0, line.find('#'));
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      sigs.push_back(gen.parse(line));
    }
    randomCount = 0;
  } else {
    for (uint32_t i = 0; i < opt.count; ++i) sigs.push_back(gen.randomSignature());
  }
  if (opt.signatures.empty() && opt.leaf) {
    for (const char* s : kFixedSignaturesLeaf) sigs.push_back(gen.parse(s));
  } else if (opt.signatures.empty()) {
    for (const char* s : kFixedSignatures) sigs.push_back(gen.parse(s));
    gen.addSweep(kTrickyStructs, sigs);
    if (opt.msAbi) {
      for (const char* s : kFixedSignaturesMs) sigs.push_back(gen.parse(s));
    }
    for (const char* s : kFixedComplexIntegers) sigs.push_back(gen.parse(s));
    if (!opt.msAbi) {
      for (const char* s : kFixedVectors) sigs.push_back(gen.parse(s));
    }
    gen.addSweep(kRecords, sigs);
  }
  for (uint32_t i = 0; i < sigs.size(); ++i) sigs[i].index = i;

  // --ld-as-double: the same signatures read again with ld and cld retyped (new struct types),
  // keeping only those with a long double somewhere.
  std::unique_ptr<Types> retyped;
  if (opt.ldAsDouble) {
    std::vector<std::string> texts;
    for (const SigDef& sd : sigs) texts.push_back(signatureText(drawTypes, sd));
    setLdAsDouble();
    retyped = std::make_unique<Types>();
    std::vector<SigDef> kept;
    for (size_t i = 0; i < sigs.size(); ++i) {
      if (texts[i].find("ld") == std::string::npos) continue;  // "ld" and "cld" only
      SigDef d = Parser(*retyped, texts[i]).signature();
      d.origin = sigs[i].origin;
      d.index = sigs[i].index;
      kept.push_back(d);
    }
    sigs = std::move(kept);
  }
  Types& types = retyped ? *retyped : drawTypes;

  // Global names: the corpus descriptor, the parts, and (for a prefix other than the default)
  // the callees and callers, so that several corpora link into one program.
  const std::string P = opt.prefix;
  const std::string fnPrefix = P == "corpus" ? "" : P + "_";
  // The calling convention of the callees and of the calls the wrappers make.
  const std::string cc = opt.msAbi ? "__attribute__((ms_abi)) " : "";

  Emitter em(types, P, opt.msAbi);
  // A leaf corpus's C is compiled for other systems with CORPUS_LEAF defined: only the callees
  // and callers then (no data, no direct call, no global), leaves free of relocations.
  const std::string hostOnly = opt.leaf ? "#ifndef CORPUS_LEAF\n" : "", endHostOnly = opt.leaf ? "#endif\n" : "";
  Rng& rng = gen.rng();  // argument images continue the same stream (deterministic)

  // ---- the cases, split into parts ----
  const uint32_t total = uint32_t(sigs.size());
  const uint32_t per = (total + opt.parts - 1) / opt.parts;
  std::vector<uint32_t> partSizes;
  for (uint32_t part = 0; part < opt.parts; ++part) {
    const uint32_t lo = std::min(total, part * per), hi = std::min(total, lo + per);
    std::string c = kBanner;
    c += "#include <stdarg.h>\n#include <stdint.h>\n" + std::string(opt.leaf ? "" : "#include <string.h>\n") +
         "#include \"corpus_gen.h\"\n\n";
    std::string table = "const CorpusCase " + P + "_part_" + std::to_string(part) + "[] = {\n";
    for (uint32_t i = lo; i < hi; ++i) {
      const SigDef& sd = sigs[i];
      const std::string I = std::to_string(sd.index);
      const std::string callee = fnPrefix + "callee_" + I, caller = fnPrefix + "caller_" + I;
      const TypeDef& rt = types[sd.ret];
      const bool isVoid = rt.kind == CK_VOID;
      em.resetLoopVars();

      // signature text and C prototype
      std::string sig = rt.text + "(", flat = rt.flat + "(", params, paramTypes;
      for (uint32_t k = 0; k < sd.args.size(); ++k) {
        if (sd.variadic && k == sd.nfixed) {
          sig += k ? ", ..., " : "..., ";
          flat += k ? ", ..., " : "..., ";
        } else if (k) {
          sig += ", ";
          flat += ", ";
        }
        sig += types[sd.args[k]].text;
        flat += types[sd.args[k]].flat;
        if (k < sd.nfixed) {
          params += std::string(k ? ", " : "") + types[sd.args[k]].cname + " a" + std::to_string(k);
          paramTypes += std::string(k ? ", " : "") + types[sd.args[k]].cname;
        }
      }
      if (sd.variadic && sd.nfixed == sd.args.size()) {
        sig += sd.args.empty() ? "..." : ", ...";
        flat += sd.args.empty() ? "..." : ", ...";
      }
      sig += ")";
      flat += ")";
      if (sd.variadic) {
        params += ", ...";
        paramTypes += ", ...";
      }
      if (sd.args.empty() && !sd.variadic) params = paramTypes = "void";
      const std::string proto = cc + rt.cname + " " + callee + "(" + paramTypes + ")";

      // argument images and the expected hash (a record's image is random bytes of its upper
      // bound; its hash the harness predicts, from the C compiler's mask)
      uint64_t h = cm_seed(sd.index);
      bool predicted = true;
      c += hostOnly;
      for (uint32_t k = 0; k < sd.args.size(); ++k) {
        const TypeDef& at = types[sd.args[k]];
        std::vector<uint8_t> img(at.size);
        for (auto& b : img) b = uint8_t(rng.next());
        if (!at.isRecord) fillValues(types, sd.args[k], img.data(), rng);
        c += "static const unsigned char A" + I + "_" + std::to_string(k) + "[" +
             std::to_string(at.size) + "] __attribute__((aligned(16))) = " + bytesInit(img) + ";\n";
        predicted = predicted && !at.isRecord;
        if (!predicted) continue;
        std::vector<std::pair<uint32_t, uint32_t>> rs;
        types.ranges(sd.args[k], 0, rs);
        h = cm_arg(h, k);
        for (auto [off, n] : rs) h = cm_h(h, img.data() + off, n);
      }
      if (!predicted) h = 0;
      c += "static const void* const AV" + I + "[] = {";
      for (uint32_t k = 0; k < sd.args.size(); ++k) c += (k ? ", A" : "A") + I + "_" + std::to_string(k);
      if (sd.args.empty()) c += "0";
      c += "};\n";
      c += "static const uint32_t T" + I + "[] = {" + std::to_string(sd.ret);
      for (uint32_t a : sd.args) c += ", " + std::to_string(a);
      c += "};\n";

      // the return mask (a record's: its mask, at least 8 bytes)
      uint32_t retBytes = 0;
      std::vector<uint8_t> mask;
      if (rt.isRecord) {
        // no mask of our own
      } else if (!isVoid) {
        retBytes = std::max<uint32_t>(8, rt.size);
        mask.assign(retBytes, 0);
        if (kScalars[rt.kind < CK_STRUCT ? rt.kind : 0].integral && rt.size < 8) {
          std::fill(mask.begin(), mask.begin() + 8, 0xff);  // widened to 8 bytes
        } else {
          std::vector<std::pair<uint32_t, uint32_t>> rs;
          types.ranges(sd.ret, 0, rs);
          for (auto [off, n] : rs) std::fill(mask.begin() + off, mask.begin() + off + n, 0xff);
        }
      }
      if (!rt.isRecord) c += "static const uint8_t M" + I + "[] = " + bytesInit(mask) + ";\n";
      c += endHostOnly;
      const std::string retBytesExpr = rt.isRecord ? "(uint32_t)(sizeof(" + rt.cname + ") > 8 ? sizeof(" + rt.cname + ") : 8)"
                                                   : std::to_string(retBytes) + "u";
      const std::string retMaskExpr = rt.isRecord ? em.maskName(sd.ret) : "M" + I;

      // the callee
      c += "/* " + sig + " */\n";
      c += "CM_CALLEE " + cc + rt.cname + " " + callee + "(" + params + ") {\n";
      c += "  uint64_t h = cm_seed(" + I + "u);\n";
      for (uint32_t k = 0; k < sd.nfixed; ++k) {
        c += "  h = cm_arg(h, " + std::to_string(k) + ");\n";
        em.hash(c, sd.args[k], "a" + std::to_string(k), "  ");
      }
      if (sd.variadic && !opt.msAbi) {
        c += "  va_list ap;\n  va_start(ap, a" + std::to_string(sd.nfixed - 1) + ");\n";
        for (uint32_t k = sd.nfixed; k < sd.args.size(); ++k) {
          const std::string v = "a" + std::to_string(k), tn = types[sd.args[k]].cname;
          c += "  {\n    " + tn + " " + v + " = va_arg(ap, " + tn + ");\n";
          c += "    h = cm_arg(h, " + std::to_string(k) + ");\n";
          em.hash(c, sd.args[k], v, "    ");
          c += "  }\n";
        }
        c += "  va_end(ap);\n";
      } else if (sd.variadic) {
        // A by-reference argument is read as its pointer (see the header comment).
        c += "  __builtin_ms_va_list ap;\n  __builtin_ms_va_start(ap, a" + std::to_string(sd.nfixed - 1) +
             ");\n";
        for (uint32_t k = sd.nfixed; k < sd.args.size(); ++k) {
          const std::string v = "a" + std::to_string(k), tn = types[sd.args[k]].cname;
          if (types[sd.args[k]].isRecord) {  // by reference unless of 1, 2, 4 or 8 bytes
            c += "  {\n    " + tn + " " + v + " = (sizeof(" + tn + ") & (sizeof(" + tn + ") - 1)) == 0 && sizeof(" + tn +
                 ") <= 8 ? __builtin_va_arg(ap, " + tn + ") : *__builtin_va_arg(ap, " + tn + "*);\n";
          } else if (msByReference(types[sd.args[k]])) {
            c += "  {\n    " + tn + " " + v + " = *__builtin_va_arg(ap, " + tn + "*);\n";
          } else {
            c += "  {\n    " + tn + " " + v + " = __builtin_va_arg(ap, " + tn + ");\n";
          }
          c += "    h = cm_arg(h, " + std::to_string(k) + ");\n";
          em.hash(c, sd.args[k], v, "    ");
          c += "  }\n";
        }
        c += "  __builtin_ms_va_end(ap);\n";
      }
      c += hostOnly + "  corpus_last_hash = h;\n" + endHostOnly;
      if (!isVoid) {
        c += "  " + rt.cname + " r;\n  memset(&r, 0, sizeof r);\n  uint64_t s = h;\n";
        em.set(c, sd.ret, "r", "  ");
        c += "  return r;\n";
      }
      c += "}\n";

      // direct_i and caller_i share their body but for the callee expression
      auto body = [&](const std::string& fnExpr) {
        std::string b;
        for (uint32_t k = 0; k < sd.args.size(); ++k) {
          const std::string v = "a" + std::to_string(k);
          b += "  " + types[sd.args[k]].cname + " " + v + ";\n  memcpy(&" + v + ", av[" +
               std::to_string(k) + "], sizeof " + v + ");\n";
        }
        if (sd.args.empty()) b += "  (void)av;\n";
        std::string call = fnExpr + "(";
        for (uint32_t k = 0; k < sd.args.size(); ++k) call += (k ? ", a" : "a") + std::to_string(k);
        call += ")";
        if (isVoid) {
          b += "  (void)ret;\n  " + call + ";\n";
        } else {
          b += "  " + rt.cname + " r = " + call + ";\n";
          if (kScalars[rt.kind < CK_STRUCT ? rt.kind : 0].integral == 1 && rt.size < 8) {
            b += "  int64_t w = r;\n  memcpy(ret, &w, 8);\n";
          } else if (kScalars[rt.kind < CK_STRUCT ? rt.kind : 0].integral == 2 && rt.size < 8) {
            b += "  uint64_t w = r;\n  memcpy(ret, &w, 8);\n";
          } else {
            b += "  memcpy(ret, &r, sizeof r);\n";
          }
        }
        return b;
      };
      c += hostOnly + "static void direct_" + I + "(void* const* av, void* ret) {\n" + body(callee) + "}\n" + endHostOnly;
      c += "void " + caller + "(CorpusFn fp, void* const* av, void* ret);\n";
      c += "void " + caller + "(CorpusFn fp, void* const* av, void* ret) {\n" +
           body("((" + rt.cname + " (" + cc + "*)(" + paramTypes + "))fp)") + "}\n\n";

      table += "  {" + I + "u, " + std::to_string(sd.origin) + ", " + std::to_string(sd.variadic) +
               ", " + std::to_string(sd.args.size()) + ", " + std::to_string(sd.nfixed) + ", " +
               retBytesExpr + ",\n   \"" + sig + "\",\n   \"" + flat + "\",\n   \"" +
               proto + "\",\n   T" + I + ", AV" + I + ", " + retMaskExpr + ", " + hex64(h) + ", " +
               std::to_string(predicted ? 1 : 0) + ", direct_" + I + ", (CorpusFn)" + callee + ", " + caller +
               ", &" + P + "_set},\n";
    }
    if (lo == hi) table += "  {0}\n";
    table += "};\n";
    c += hostOnly + table + endHostOnly;
    partSizes.push_back(hi - lo);
    writeFile(opt.out + "/corpus_gen_" + std::to_string(part) + ".c", c);
  }

  // ---- the header: struct typedefs ----
  {
    std::string h = kBanner;
    h += "#ifndef CORPUS_GEN_H\n#define CORPUS_GEN_H\n#include \"corpus.h\"\n\n";
    for (uint32_t t = CK_STRUCT; t < types.size(); ++t) h += em.typedefOf(t);
    h += "\nextern const CorpusSet " + P + "_set;\n\n#endif\n";
    writeFile(opt.out + "/corpus_gen.h", h);
  }

  // ---- the table: types (with layout checks against gcc), parts ----
  {
    std::string c = kBanner;
    c += "#include <stddef.h>\n#include \"corpus_gen.h\"\n\n";
    for (int k = 1; k < CK_STRUCT; ++k) {
      c += "_Static_assert(sizeof(" + std::string(kScalars[k].cname) + ") == " +
           std::to_string(kScalars[k].size) + " && _Alignof(" + kScalars[k].cname +
           ") == " + std::to_string(kScalars[k].align) + ", \"" + kScalars[k].text + "\");\n";
    }
    std::string fields = "static const uint32_t type_fields[] = {", tt = "static const CorpusType types[] = {\n";
    std::string masks;
    uint32_t first = 0;
    std::string init = "static void init(void) {\n  volatile long long corpus_all_ones = -1;\n  (void)corpus_all_ones;\n";
    for (uint32_t t = 0; t < types.size(); ++t) {
      const TypeDef& d = types[t];
      const std::vector<uint32_t> el = types.elements(t);
      if (d.isRecord) {
        // The C compiler's layout: size, alignment and mask (filled in by init()).
        const std::string T = std::to_string(t), n = em.maskName(t);
        masks += "uint8_t " + n + "[sizeof(" + d.cname + ") > 8 ? sizeof(" + d.cname + ") : 8];\n";
        std::string bits, at;
        for (const Member& m : d.members) {
          bits += std::to_string(m.bits) + "u,";
          at += std::to_string(m.at) + "u,";
        }
        masks += "static const uint32_t TB" + T + "[] = {" + bits + "};\nstatic const uint32_t TA" + T + "[] = {" + at + "};\n";
        init += em.recordMaskFill(t);
        for (uint32_t e : el) fields += std::to_string(e) + ",";
        tt += "  {" + std::to_string(d.kind) + ", " + std::to_string(d.depth) + ", " + std::to_string(el.size()) + ", " +
              std::to_string(first) + ", (uint32_t)sizeof(" + d.cname + "), (uint32_t)_Alignof(" + d.cname + "), " +
              std::to_string(d.hasArray ? 1 : 0) + ", \"" + d.text + "\", \"" + d.cname + "\", " + n + ", " +
              std::to_string(d.record.isUnion ? 2 : 1) + ", " + std::to_string(d.record.pack) + ", TB" + T + ", TA" + T +
              "},\n";
        first += uint32_t(el.size());
        continue;
      }
      if (d.kind == CK_STRUCT) {
        c += "_Static_assert(sizeof(" + d.cname + ") == " + std::to_string(d.size) + " && _Alignof(" +
             d.cname + ") == " + std::to_string(d.align);
        for (size_t i = 0; i < d.members.size(); ++i) {
          c += " && offsetof(" + d.cname + ", f" + std::to_string(i) + ") == " +
               std::to_string(d.offsets[i]);
        }
        c += ", \"" + d.cname + " layout\");\n";
      }
      for (uint32_t e : el) fields += std::to_string(e) + ",";
      std::vector<uint8_t> mask(d.size, 0);
      std::vector<std::pair<uint32_t, uint32_t>> rs;
      if (d.kind != CK_VOID) types.ranges(t, 0, rs);
      for (auto [off, n] : rs) std::fill(mask.begin() + off, mask.begin() + off + n, 0xff);
      masks += "static const uint8_t TM" + std::to_string(t) + "[] = " + bytesInit(mask) + ";\n";
      tt += "  {" + std::to_string(d.kind) + ", " + std::to_string(d.depth) + ", " +
            std::to_string(el.size()) + ", " + std::to_string(first) + ", " + std::to_string(d.size) +
            ", " + std::to_string(d.align) + ", " + std::to_string(d.hasArray ? 1 : 0) + ", \"" +
            d.text + "\", \"" + d.cname + "\", TM" + std::to_string(t) + ", 0, 0, 0, 0},\n";
      first += uint32_t(el.size());
    }
    if (first == 0) fields += "0";
    c += "\n" + masks + fields + "};\n" + tt + "};\n" + init + "}\n";
    for (uint32_t p = 0; p < opt.parts; ++p) {
      c += "extern const CorpusCase " + P + "_part_" + std::to_string(p) + "[];\n";
    }
    c += "static const CorpusCase* const parts[] = {";
    for (uint32_t p = 0; p < opt.parts; ++p) c += (p ? ", " : "") + P + "_part_" + std::to_string(p);
    c += "};\nstatic const uint32_t part_sizes[] = {";
    for (uint32_t p = 0; p < opt.parts; ++p) c += (p ? ", " : "") + std::to_string(partSizes[p]);
    c += "};\n";
    c += "const CorpusSet " + P + "_set = {\"" + P + "\", " + std::to_string(opt.msAbi ? 1 : 0) + ", " +
         std::to_string(opt.ldAsDouble ? 1 : 0) + ", " + std::to_string(types.size()) +
         ", types, type_fields, parts, part_sizes, " + std::to_string(opt.parts) + ", " +
         hex64(opt.seed) + ", " + std::to_string(randomCount) + ", init};\n";
    // Every corpus's callees write it; a program may link several corpora.
    c += "__attribute__((weak)) volatile uint64_t corpus_last_hash;\n";
    writeFile(opt.out + "/corpus_gen_table.c", c);
  }
  uint32_t fixedCount = 0;
  for (const SigDef& sd : sigs) fixedCount += sd.origin == CO_FIXED;
  std::printf("gen_corpus: %s: seed %s, %u random + %u fixed cases%s, %u types, %u parts\n", P.c_str(),
              hex64(opt.seed).c_str(), total - fixedCount, fixedCount,
              opt.ldAsDouble ? " (those with a long double)" : "", types.size(), opt.parts);
  return 0;
}
