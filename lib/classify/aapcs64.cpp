// SPDX-License-Identifier: MIT
// The AAPCS64 classifier (Linux): Arm's "Procedure Call Standard for the Arm 64-bit Architecture
// (AArch64)", release 2020Q2 (github.com/ARM-software/abi-aa, aapcs64/aapcs64.rst). Tags:
// ABI[aapcs64 2020Q2 <section> <rule>]. In that release §5.8.5 defines homogeneous aggregates,
// §6.1 the register roles, §6.4.2 the parameter passing rules (stages A–C, rules C.1–C.17) and
// §6.5 the result return. Later releases moved the sections (parameter passing is §6.8 in recent
// ones) and reworded some rules, so every tag names the release it quotes.
// ABI[aapcs64 gcc]: choices the standard leaves to the language binding (GNU C's empty structs,
// over-aligned structs), as aarch64 gcc 12 makes them.
//
// Every table row in tests/classify/aapcs64_rows.h is checked against what aarch64 gcc does by
// tests/abi_oracle (caller and callee side, arguments and results, executed under qemu).
//
// The same rules serve Apple's and Microsoft's variants of the standard (apple-arm64,
// win-arm64): their differences are the Rules below, each consulted where the standard's rule
// it changes is implemented. Tags: ABI[apple-arm64 "Writing ARM64 code for Apple platforms"]
// (Apple developer documentation, section "Pass arguments to functions correctly" and "Update
// code that passes arguments to variadic functions") and ABI[win-arm64 "Overview of ARM64 ABI
// conventions"] (Microsoft C++ documentation, "Parameter passing", "Addendum: Variadic
// functions"). Their tables (tests/classify/apple_arm64_rows.h, win_arm64_rows.h) are checked
// against clang 14's assembly for arm64-apple-darwin and aarch64-pc-windows-msvc.
#include <algorithm>
#include <cassert>
#include <string>
#include <unordered_set>

#include "classify_p.h"

namespace jitffi::internal {
namespace {

// ABI[aapcs64 2020Q2 6.1.1]: "The first eight registers, r0-r7, are used to pass argument values
// into a subroutine and to return result values from a function"; r8 is the "indirect result
// location register". ABI[aapcs64 2020Q2 6.1.2]: "The first eight registers, v0-v7, are used to
// pass argument values into a subroutine and to return result values from a function".
constexpr unsigned kNumGpArgRegs = 8;
constexpr unsigned kNumVecArgRegs = 8;
constexpr uint8_t kIndirectResultReg = 8;  // x8

// The machine type stage C sees for a value (after stage B).
enum class ArgKind : uint8_t {
  kNothing,       // ABI[aapcs64 gcc]: a GNU C empty struct (size 0) passes and returns nothing
  kIntegral,      // an Integral or Pointer Type of at most 8 bytes
  kQuadIntegral,  // an Integral Type of 16 bytes (__int128)
  kFloat,         // a Half-, Single-, Double- or Quad-precision Floating-point Type, or a Short
                  // Vector Type (the rules treat them alike)
  kHfa,           // a Homogeneous Floating-point or Short-Vector Aggregate (complex numbers of
                  // floating parts included)
  kComposite,     // any other Composite Type of at most 16 bytes
  kCopy,          // B.4: a Composite Type over 16 bytes, replaced by a pointer to a copy
};

struct Arg {
  ArgKind kind = ArgKind::kNothing;
  uint32_t size = 0;        // bytes of the value
  uint32_t align = 1;       // the alignment stage C uses (B.6: natural alignment)
  uint32_t members = 0;     // kHfa: number of members (HFA or HVA)
  uint32_t memberSize = 0;  // kHfa: bytes of one member
  Ext ext = Ext::kNone;     // kIntegral: how a narrow integer is widened (see placeArgument)
};

// ---- The platform variants: what Apple and Microsoft change, as rules --------------------------

// How the arguments of a variadic function travel.
enum class VariadicRule : uint8_t {
  kAsNamed,           // as named arguments (AAPCS64)
  kStackSlots,        // the variadic arguments on the stack, 8-byte slots (Apple)
  kImaginaryStack,    // every argument through x0–x7, then the stack (Windows)
};

struct Rules {
  // Named arguments other than composites take their own size and alignment on the stack
  // rather than 8-byte slots (C.3, C.4, C.5, C.14, C.16 changed).
  bool naturalStack = false;
  // C.10 applies: a 16-aligned argument starts in an even-numbered x register.
  bool evenPairs = true;
  VariadicRule variadic = VariadicRule::kAsNamed;
};

constexpr Rules rulesOf(Abi abi) {
  Rules r;
  if (abi == Abi::kApple64) {
    // ABI[apple-arm64 "Writing ARM64 code for Apple platforms"]: "Function arguments may consume
    // slots on the stack that are not multiples of 8 bytes" — a named argument placed on the
    // stack occupies its natural size at its natural alignment (clang: char, short, float, HFA
    // members packed; composites other than HFAs keep C.14/C.15's 8-byte granules).
    r.naturalStack = true;
    // ABI[apple-arm64 "Writing ARM64 code for Apple platforms"]: "When passing an argument with
    // 16-byte alignment in integer registers, Apple platforms allow the argument to start in an
    // odd-numbered xN register."
    r.evenPairs = false;
    // ABI[apple-arm64 "Writing ARM64 code for Apple platforms"], variadic functions: the
    // arguments after the last named one are passed on the stack, each in 8-byte-aligned slots
    // (a value over 8 bytes in as many slots as it needs; one over 16 bytes, B.4, by reference).
    r.variadic = VariadicRule::kStackSlots;
  } else if (abi == Abi::kWinArm64) {
    // ABI[win-arm64 "Overview of ARM64 ABI conventions"], Addendum: Variadic functions:
    // "Functions that take a variable number of arguments are handled differently than above
    // ... All composites are treated alike; no special treatment of HFAs or HVAs. SIMD and
    // Floating-point Registers aren't used. Effectively, it's the same as following rules
    // C.12–C.15 to allocate arguments to an imaginary stack, where the first 64 bytes of the
    // stack are loaded into x0-x7, and any remaining stack arguments are placed normally."
    r.variadic = VariadicRule::kImaginaryStack;
  }
  return r;
}

// ---- The few questions asked of a Type (one place to adapt when Type changes) ----------------

// ABI[aapcs64 2020Q2 5.8]: "The natural alignment of a composite type is the maximum of each of
// the member alignments of the 'top-level' members of the composite type i.e. before any
// alignment adjustment of the entire composite is applied" — an explicit alignment given to a
// whole struct (Type::structWithLayout, C's __attribute__((aligned)) on the struct) does not
// count; one given to a member does. (gcc 9 and later agree: ABI[aapcs64 gcc].) A member's
// alignment is the one it has in the struct: capped by packing, 1 for a member given an offset
// off its alignment (a packed member in C). ABI[aapcs64 gcc]: aarch64 gcc 12 counts a bit-field
// with its declared type's whole alignment, packed or not, and a zero-width one too.
uint32_t naturalAlignment(const Type& t, Abi abi) {
  if (!t.isStruct()) return t.layout(abi).align;
  const auto fields = t.fields();
  const uint32_t pack = t.pack();
  uint32_t align = 1;
  for (size_t i = 0; i < fields.size(); ++i) {
    uint32_t a = fields[i].layout(abi).align;
    if (t.fieldBits(i) == Field::kNoBits) {
      if (pack != 0 && pack < a) a = pack;
      const uint64_t given = t.fieldGivenOffset(i);
      if (given != Field::kNextOffset && given % a != 0) a = 1;
    }
    align = std::max(align, a);
  }
  return align;
}

// Whether every member of t, at any offset, is of the fundamental type `base` of `size` bytes (a
// complex number's parts, an array's element; members of no size have none). Shared sub-types
// are checked once (`checked`).
bool everyMemberIs(const Type& t, TypeKind base, uint64_t size, Abi abi,
                   std::unordered_set<const void*>& checked) {
  if (t.isComplex()) return complexPart(t.kind()) == base && scalarLayout(base, longDoubleModel(abi)).size == size;
  if (t.isStruct() || t.isArray()) {
    if (!checked.insert(t.identity()).second) return true;
    if (t.isArray()) return t.arrayLength() == 0 || everyMemberIs(t.element(), base, size, abi, checked);
    for (const Type& f : t.fields()) {
      if (!everyMemberIs(f, base, size, abi, checked)) return false;
    }
    return true;
  }
  return t.kind() == base && t.layout(abi).size == size;  // a scalar or a vector
}

// Whether the members of every struct with an explicit layout inside t (t too) are all of the
// fundamental type `base` of `size` bytes. Shared sub-types are visited once (`visited`).
bool explicitMembersAre(const Type& t, TypeKind base, uint64_t size, Abi abi,
                        std::unordered_set<const void*>& visited, std::unordered_set<const void*>& checked) {
  if (!t.isStruct() && !t.isArray()) return true;
  if (t.hasExplicitLayout()) return everyMemberIs(t, base, size, abi, checked);
  if (!visited.insert(t.identity()).second) return true;
  if (t.isArray()) return t.arrayLength() == 0 || explicitMembersAre(t.element(), base, size, abi, visited, checked);
  for (const Type& f : t.fields()) {
    if (!explicitMembersAre(f, base, size, abi, visited, checked)) return false;
  }
  return true;
}

// ABI[aapcs64 2020Q2 5.8.5]: "An Homogeneous Aggregate is a Composite Type where all of the
// Fundamental Data Types of the members that compose the type are the same. ... The overall size
// is the size of the Base Type multiplied by the number uniquely addressable Members."
// ABI[aapcs64 2020Q2 5.8.5.1]: an HFA has a floating-point base type "and at most four uniquely
// addressable members". Complex numbers are composites of two parts (§8.1.1, "Layout is struct
// {float re; float im;}"); arrays are repeated members; GNU C's empty structs inside a struct add
// no member (ABI[aapcs64 gcc]). The size test applies to every composite inside as well: a
// struct with padding (an explicit size or alignment beyond its members) is not homogeneous.
// Complex numbers of integer parts are composites of two integers, no HFA.
// ABI[aapcs64 2020Q2 5.8.5.2]: "A Homogeneous Short-Vector Aggregate (HVA) is a Homogeneous
// Aggregate with a Base Type that is a Short Vector Type and at most four uniquely addressable
// members." Short vectors are the 64-bit and 128-bit vector types (§5.4), which are the same
// Fundamental Data Type whatever their lanes (ABI[aapcs64 gcc]: gcc compares them by size).
// A union's members share their addresses, so its uniquely addressable members are those of its
// largest member: a union is homogeneous when all its members are, of one Base Type, and it is
// exactly as large as the most members any of them has (union{float; float[2];} is an HFA of two
// floats, union{float; double;} none; aarch64 gcc counts the same way). A bit-field is an integer
// member (no HFA); a zero-width one is no member at all (C drops it after layout; gcc 12 and
// later, ABI[aapcs64 gcc]). Packing and given offsets do not matter but through the size test and
// the filler before a member at a given offset (an unsigned char array: an integer member).
struct HomogeneousCount {
  Abi abi;
  TypeKind base = TypeKind::kVoid;
  uint64_t baseSize = 0;

  // The uniquely addressable members of `t`, or -1 when it is not homogeneous (or has more than
  // four members: the count stops there, bounding the walk).
  int64_t count(const Type& t) {
    const Layout l = t.layout(abi);
    if (l.size == 0) return 0;  // GNU C's empty structs and zero-length arrays add no member
    if (t.isFloating() || (t.isVector() && l.size <= 16)) return member(t.kind(), l.size, 1);
    if (t.kind() == TypeKind::kComplexF32 || t.kind() == TypeKind::kComplexF64 ||
        t.kind() == TypeKind::kComplexLongDouble) {
      return member(complexPart(t.kind()), l.size / 2, 2);
    }
    int64_t n = 0;
    if (t.isArray()) {
      const int64_t e = count(t.element());
      if (e < 0 || (e > 0 && t.arrayLength() > 4)) return -1;
      n = e * int64_t(t.arrayLength());
    } else if (t.isStruct()) {
      const auto fields = t.fields();
      for (size_t i = 0; i < fields.size(); ++i) {
        if (fillerBefore(t, i, abi).size != 0) return -1;  // a filler is an array of unsigned char
        if (t.fieldBits(i) != Field::kNoBits) {
          if (t.fieldBits(i) == 0) continue;
          return -1;
        }
        const int64_t m = count(fields[i]);
        if (m < 0) return -1;
        n = t.isUnion() ? std::max(n, m) : n + m;
        if (n > 4) return -1;
      }
    } else {
      return -1;  // integers, pointers, complex integers, long vectors
    }
    if (n > 4 || (n > 0 && l.size != baseSize * uint64_t(n))) return -1;
    return n;
  }

 private:
  int64_t member(TypeKind kind, uint64_t size, int64_t n) {
    if (base == TypeKind::kVoid) {
      base = kind;
      baseSize = size;
    }
    return kind == base && size == baseSize ? n : -1;
  }
};

// The leaves of t (flattenLeaves: where libffi looks for a preset layout's members) all of one
// floating-point or short-vector base type, at most four, filling t exactly; members a preset
// layout places past its size of that type too.
bool isHfaByLeaves(const Type& t, Abi abi, Arg& a) {
  if (t.layout(abi).size > 4 * 16) return false;  // four quad-precision members at most
  std::vector<Leaf> leaves;
  flattenLeaves(t, abi, 0, leaves);
  if (leaves.empty() || leaves.size() > 4) return false;
  const TypeKind base = leaves[0].kind;
  const uint64_t memberSize = leaves[0].layout.size;
  const bool shortVector = base == TypeKind::kVector && (memberSize == 8 || memberSize == 16);
  if (base != TypeKind::kF32 && base != TypeKind::kF64 && base != TypeKind::kLongDouble && !shortVector) {
    return false;
  }
  for (const Leaf& l : leaves) {
    if (l.kind != base || l.layout.size != memberSize) return false;
  }
  // "All of the Fundamental Data Types of the members" includes members an explicit layout
  // places past its size (a union's: ctypes describes union {double d; int i;} as a struct of
  // 8 bytes whose int starts at 8), which the leaves of the value leave out.
  std::unordered_set<const void*> visited, checked;
  if (!explicitMembersAre(t, base, memberSize, abi, visited, checked)) return false;
  if (t.layout(abi).size != memberSize * leaves.size()) return false;
  a.members = uint32_t(leaves.size());
  a.memberSize = uint32_t(memberSize);
  return true;
}

// Records (Type::record: unions, bit-fields, packing) are counted per composite, as gcc counts
// the C declaration; every other type by its leaves, as libffi counts a preset layout (ctypes'
// descriptions), which for natural layouts is the same count.
bool isHfa(const Type& t, Abi abi, Arg& a) {
  if (!t.containsRecord()) return isHfaByLeaves(t, abi, a);
  HomogeneousCount h{abi};
  const int64_t n = h.count(t);
  if (n <= 0) return false;
  a.members = uint32_t(n);
  a.memberSize = uint32_t(h.baseSize);
  return true;
}

// ---- Stage B: pre-padding and extension of arguments ------------------------------------------

Result<Arg> stageB(const Type& t, Abi abi, size_t index) {
  const Layout l = t.layout(abi);
  Arg a;
  a.size = uint32_t(l.size);
  a.align = naturalAlignment(t, abi);
  switch (t.kind()) {
    case TypeKind::kVoid: a.kind = ArgKind::kNothing; return a;
    case TypeKind::kI8:
    case TypeKind::kU8:
    case TypeKind::kI16:
    case TypeKind::kU16:
    case TypeKind::kI32:
    case TypeKind::kU32:
    case TypeKind::kI64:
    case TypeKind::kU64:
    case TypeKind::kPtr:
      a.kind = ArgKind::kIntegral;
      a.ext = extensionOf(t.kind());
      return a;
    case TypeKind::kI128:
    case TypeKind::kU128: a.kind = ArgKind::kQuadIntegral; return a;
    case TypeKind::kF32:
    case TypeKind::kF64:
    case TypeKind::kLongDouble:  // ABI[aapcs64 2020Q2 8.1.1]: long double is quad precision
      a.kind = ArgKind::kFloat;
      return a;
    case TypeKind::kVector:
      // ABI[aapcs64 2020Q2 5.4]: "A short vector is a machine type that is composed of repeated
      // instances of one fundamental integral or floating-point type. It may be 8 or 16 bytes in
      // total size." ABI[aapcs64 gcc]: a GNU C vector of 32 or 64 bytes is no short vector; gcc
      // passes it as a composite over 16 bytes (B.4: a pointer to a copy).
      a.kind = l.size <= 16 ? ArgKind::kFloat : ArgKind::kCopy;
      return a;
    case TypeKind::kComplexF32:
    case TypeKind::kComplexF64:
    case TypeKind::kComplexLongDouble:
    case TypeKind::kComplexI8:   // ABI[aapcs64 gcc]: a complex integer is a composite of its two
    case TypeKind::kComplexU8:   // parts (no HFA: its members are integers)
    case TypeKind::kComplexI16:
    case TypeKind::kComplexU16:
    case TypeKind::kComplexI32:
    case TypeKind::kComplexU32:
    case TypeKind::kComplexI64:
    case TypeKind::kComplexU64:
    case TypeKind::kComplexI128:
    case TypeKind::kComplexU128:
    case TypeKind::kStruct:
    case TypeKind::kArray:  // a struct member only (validateSignature refuses one as a value)
      // ABI[aapcs64 gcc]: a GNU C empty struct (size 0) is no argument at all. (The standard
      // has no such type: "Composite Types have at least one member".)
      if (l.size == 0) {
        a.kind = ArgKind::kNothing;
        return a;
      }
      // B.3: "If the argument type is an HFA or an HVA, then the argument is used unmodified."
      if (isHfa(t, abi, a)) {
        a.kind = ArgKind::kHfa;
        return a;
      }
      // B.4: "If the argument type is a Composite Type that is larger than 16 bytes, then the
      // argument is copied to memory allocated by the caller and the argument is replaced by a
      // pointer to the copy."
      if (l.size > 16) {
        a.kind = ArgKind::kCopy;
        return a;
      }
      // B.5 (the size of a composite is rounded up to a multiple of 8) is applied where the
      // argument takes registers or stack space; B.6 (an alignment-adjusted type is passed as a
      // copy with 8- or 16-byte alignment) is the natural alignment computed above.
      a.kind = ArgKind::kComposite;
      return a;
  }
  // Every kind is handled above; an invalid one ends here.
  return fail(Status::kUnsupported, valueName(index) + ": type " + t.toText() + " is not supported by the AAPCS64 classifier");
}

// ---- Stage C: assignment of arguments to registers and stack -----------------------------------

// Stage A: "The Next General-purpose Register Number (NGRN) is set to zero. The Next SIMD and
// Floating-point Register Number (NSRN) is set to zero. ... The next stacked argument address
// (NSAA) is set to the current stack-pointer value (SP)." (A.1, A.2, A.4; A.3's NPRN counts
// scalable predicate registers, which no C type here uses.) NSAA is kept relative to SP.
struct State {
  unsigned ngrn = 0;
  unsigned nsrn = 0;
  uint64_t nsaa = 0;  // checked against kMaxFrameSize at the end (setFrame)
};

// Allocates one argument (after stage B) to registers or to the stack, rule by rule, with a
// variant's changes (`r`).
void stageC(PlanBuilder& b, ValuePlan& v, const Arg& a, State& s, const Rules& r) {
  const bool isFloat = a.kind == ArgKind::kFloat;
  const bool isHfa = a.kind == ArgKind::kHfa;
  uint32_t size = a.size;  // the argument's size as the rules adjust it (C.3, C.5, C.16)

  // C.1: "If the argument is a Half-, Single-, Double- or Quad- precision Floating-point or Short
  // Vector Type and the NSRN is less than 8, then the argument is allocated to the least
  // significant bits of register v[NSRN]. The NSRN is incremented by one."
  if (isFloat && s.nsrn < kNumVecArgRegs) {
    b.addPiece(v, PlanBuilder::reg(PieceLoc::kVec, uint8_t(s.nsrn++), 0, size));
    return;
  }
  // C.2: "If the argument is an HFA or an HVA and there are sufficient unallocated SIMD and
  // Floating-point registers (NSRN + number of members <= 8), then the argument is allocated to
  // SIMD and Floating-point Registers (with one register per member of the HFA or HVA). The NSRN
  // is incremented by the number of registers used."
  if (isHfa && s.nsrn + a.members <= kNumVecArgRegs) {
    for (uint32_t m = 0; m < a.members; ++m) {
      b.addPiece(v, PlanBuilder::reg(PieceLoc::kVec, uint8_t(s.nsrn++), m * a.memberSize, a.memberSize));
    }
    return;
  }
  // C.3: "If the argument is an HFA or an HVA then the NSRN is set to 8 and the size of the
  // argument is rounded up to the nearest multiple of 8 bytes."
  if (isHfa) {
    s.nsrn = kNumVecArgRegs;
    if (!r.naturalStack) size = uint32_t(alignUp(size, 8));  // Apple: the members packed
  }
  // C.4: "If the argument is an HFA, an HVA, a Quad-precision Floating-point or Short Vector Type
  // then the NSAA is rounded up to the larger of 8 or the Natural Alignment of the argument's
  // type." (Release 2021Q1 reworded it: the next multiple of 8 for a natural alignment of at most
  // 8, of 16 for one of at least 16 — the same for every type here, whose natural alignment is
  // at most 16. An alignment given to a whole struct does not count, see naturalAlignment.)
  // (Apple: the natural alignment alone.)
  const uint32_t stackAlign = r.naturalStack ? a.align : std::max<uint32_t>(8, a.align);
  // (Apple: every floating-point argument, whose NSAA need not be a multiple of 8 there.)
  if (isHfa || (isFloat && (a.size == 16 || r.naturalStack))) s.nsaa = alignUp(s.nsaa, stackAlign);
  // C.5: "If the argument is a Half- or Single- precision Floating Point type, then the size of
  // the argument is set to 8 bytes." (Apple: a float takes its 4 bytes.)
  if (isFloat && size < 8 && !r.naturalStack) size = 8;
  // C.6: "If the argument is an HFA, an HVA, a Half-, Single-, Double- or Quad- precision
  // Floating-point or Short Vector Type, then the argument is copied to memory at the adjusted
  // NSAA. The NSAA is incremented by the size of the argument."
  if (isHfa || isFloat) {
    b.addPiece(v, PlanBuilder::stack(int32_t(s.nsaa), 0, a.size, 0));
    s.nsaa += size;
    return;
  }
  // C.7, C.8: Pure Scalable Types (SVE vectors and predicates) — no C type here is one.

  // C.9: "If the argument is an Integral or Pointer Type, the size of the argument is less than
  // or equal to 8 bytes and the NGRN is less than 8, the argument is copied to the least
  // significant bits in x[NGRN]. The NGRN is incremented by one."
  if (a.kind == ArgKind::kIntegral && s.ngrn < kNumGpArgRegs) {
    b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, uint8_t(s.ngrn++), 0, size, a.ext));
    return;
  }
  // C.10: "If the argument has an alignment of 16 then the NGRN is rounded up to the next even
  // number." (__int128, and composites with a 16-aligned member.)
  // (Not on Apple platforms: see rulesOf.)
  if (a.align == 16 && r.evenPairs) s.ngrn = unsigned(alignUp(s.ngrn, 2));
  // C.11: "If the argument is an Integral Type, the size of the argument is equal to 16 and the
  // NGRN is less than 7, the argument is copied to x[NGRN] and x[NGRN+1]. x[NGRN] shall contain
  // the lower addressed double-word of the memory representation of the argument. The NGRN is
  // incremented by two."
  if (a.kind == ArgKind::kQuadIntegral && s.ngrn < kNumGpArgRegs - 1) {
    b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, uint8_t(s.ngrn++), 0, 8));
    b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, uint8_t(s.ngrn++), 8, 8));
    return;
  }
  // C.12: "If the argument is a Composite Type and the size in double-words of the argument is
  // not more than 8 minus NGRN, then the argument is copied into consecutive general-purpose
  // registers, starting at x[NGRN]. The argument is passed as though it had been loaded into the
  // registers from a double-word-aligned address with an appropriate sequence of LDR
  // instructions loading consecutive registers from memory (the contents of any unused parts of
  // the registers are unspecified by this standard)." Each piece carries the value's bytes in
  // its double-word, no more: bytes past the value are unspecified.
  const unsigned doubleWords = unsigned(alignUp(size, 8) / 8);  // B.5
  if (a.kind == ArgKind::kComposite && doubleWords <= kNumGpArgRegs - s.ngrn) {
    for (unsigned d = 0; d < doubleWords; ++d) {
      b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, uint8_t(s.ngrn++), d * 8, std::min<uint32_t>(8, size - d * 8)));
    }
    return;
  }
  // C.13: "The NGRN is set to 8."
  s.ngrn = kNumGpArgRegs;
  // C.14: "The NSAA is rounded up to the larger of 8 or the Natural Alignment of the argument's
  // type." (Apple: an integer or pointer to its natural alignment alone; a composite as here.)
  s.nsaa = alignUp(s.nsaa, a.kind == ArgKind::kComposite ? std::max<uint32_t>(8, a.align) : stackAlign);
  // C.15: "If the argument is a composite type then the argument is copied to memory at the
  // adjusted NSAA. The NSAA is incremented by the size of the argument." (B.5: rounded up to a
  // multiple of 8.)
  if (a.kind == ArgKind::kComposite) {
    b.addPiece(v, PlanBuilder::stack(int32_t(s.nsaa), 0, size, 0));
    s.nsaa += doubleWords * 8;
    return;
  }
  // C.16: "If the size of the argument is less than 8 bytes then the size of the argument is set
  // to 8 bytes. The effect is as if the argument was copied to the least significant bits of a
  // 64-bit register and the remaining bits filled with unspecified values."
  // C.17: "The argument is copied to memory at the adjusted NSAA. The NSAA is incremented by the
  // size of the argument."
  // Apple: no C.16, the argument takes its own size (a narrow integer is no wider on the stack;
  // the 32-bit extension Apple's callers owe is a register's: see placeArgument).
  if (r.naturalStack) {
    b.addPiece(v, PlanBuilder::stack(int32_t(s.nsaa), 0, size, 0));
    s.nsaa += size;
    return;
  }
  b.addPiece(v, PlanBuilder::stack(int32_t(s.nsaa), 0, size, 8, a.ext));
  s.nsaa += std::max<uint32_t>(8, size);
}

// ABI[win-arm64 "Overview of ARM64 ABI conventions"], Addendum: Variadic functions: every
// argument of a variadic function by rules C.12–C.15 on "an imaginary stack, where the first 64
// bytes of the stack are loaded into x0-x7" — offset o of that stack is byte o % 8 of x[o / 8]
// below 64, the real stack at o - 64 from there. A value may so straddle x7 and the stack (as
// MSVC and the documentation have it; clang 14's callers put such a value wholly on the stack,
// its va_arg reads either). Floating-point values travel as the integers of their bits (C.9 for
// a float or double; a 16-byte vector as a composite); composites "are treated alike" (the
// caller turned HFAs into plain composites, see placeArgument).
void imaginaryStack(PlanBuilder& b, ValuePlan& v, const Arg& a, State& s) {
  constexpr uint64_t kRegBytes = kNumGpArgRegs * 8;
  const bool scalar = a.kind == ArgKind::kIntegral || (a.kind == ArgKind::kFloat && a.size <= 8);
  // C.14 (with C.10 where the offset is a register's): the larger of 8 or the natural alignment.
  uint64_t at = s.ngrn < kNumGpArgRegs ? s.ngrn * 8 : kRegBytes + s.nsaa;
  at = alignUp(at, std::max<uint32_t>(8, a.align));
  const uint64_t size = alignUp(a.size, 8);  // B.5; C.16 for a scalar
  if (scalar) {
    // C.9 / C.16–C.17: one double-word, an integer widened as named integers are.
    if (at < kRegBytes) b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, uint8_t(at / 8), 0, a.size, a.ext));
    else b.addPiece(v, PlanBuilder::stack(int32_t(at - kRegBytes), 0, a.size, a.ext == Ext::kNone ? 0 : 8, a.ext));
  } else {
    // C.12 / C.15: the double-words below 64 in registers, the rest on the stack.
    for (uint64_t d = 0; d * 8 < a.size; ++d) {
      const uint64_t o = at + d * 8;
      if (o >= kRegBytes) {
        b.addPiece(v, PlanBuilder::stack(int32_t(o - kRegBytes), uint32_t(d * 8), uint32_t(a.size - d * 8), 0));
        break;
      }
      b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, uint8_t(o / 8), uint32_t(d * 8),
                                     std::min<uint32_t>(8, uint32_t(a.size - d * 8))));
    }
  }
  const uint64_t end = at + size;
  s.ngrn = unsigned(std::min<uint64_t>(end / 8, kNumGpArgRegs));
  if (end > kRegBytes) s.nsaa = end - kRegBytes;
}

// The pointer B.4 passes in place of a large composite: a 64-bit Pointer Type.
constexpr Arg kCopyPointer = {ArgKind::kIntegral, 8, 8, 0, 0, Ext::kNone};

// Places one argument. Integer extension: ABI[aapcs64 2020Q2 6.4.2] "Unlike in the 32-bit AAPCS,
// named integral values must be narrowed by the callee rather than the caller" — a callee does
// not rely on the bits above a narrow integer (the oracle passes garbage there and checks gcc's
// callees). The plan still marks narrow integer arguments with their extension, as on x86-64:
// an emitter loads a narrow value with an extending load of the same cost either way, a caller
// that extends is correct under every AArch64 convention (Apple's callees rely on it), and a
// closure entry reads only the value's own bytes.
//
// How a variant places it (`r`; `anonymous`: a variadic argument): Apple's variadic arguments
// go to the stack in 8-byte slots — stage C with the registers used up and the standard's stack
// rules; every argument of a Windows variadic function goes through the imaginary stack.
// ABI[apple-arm64 "Writing ARM64 code for Apple platforms"]: "The caller of a function is
// responsible for signing or zero-extending any argument with fewer than 32 bits" — the
// extension marks (to 64 bits) cover it wherever a narrow integer is in a register.
Error placeArgument(PlanBuilder& b, ValuePlan& v, const Type& t, State& s, uint64_t& copies,
                    size_t index, const Rules& r, bool anonymous) {
  const Result<Arg> staged = stageB(t, b.abi(), index);
  if (!staged) return staged.error();
  Arg a = *staged;
  const bool imaginary = r.variadic == VariadicRule::kImaginaryStack && b.plan().variadic;
  // ABI[win-arm64 "Overview of ARM64 ABI conventions"]: "All composites are treated alike; no
  // special treatment of HFAs or HVAs" — B.3 does not apply, B.4 does.
  if (imaginary && a.kind == ArgKind::kHfa) a.kind = a.size > 16 ? ArgKind::kCopy : ArgKind::kComposite;
  auto place = [&](const Arg& x) {
    if (imaginary) return imaginaryStack(b, v, x, s);
    if (anonymous && r.variadic == VariadicRule::kStackSlots) {
      s.ngrn = kNumGpArgRegs;
      s.nsrn = kNumVecArgRegs;
      return stageC(b, v, x, s, Rules{});
    }
    stageC(b, v, x, s, r);
  };
  if (a.kind == ArgKind::kNothing) {
    b.begin(v, t, PassMode::kIgnore);
    return {};
  }
  if (a.kind == ArgKind::kCopy) {
    // B.4: the copy lives in the plan's copy area, 16-aligned (enough for any C type).
    b.begin(v, t, PassMode::kIndirect);
    v.copyOffset = uint32_t(copies);  // exact whenever the plan is kept (setFrame)
    copies += alignUp(a.size, 16);
    place(kCopyPointer);
    return {};
  }
  b.begin(v, t, PassMode::kDirect);
  place(a);
  return {};
}

// ABI[aapcs64 2020Q2 6.5]: "If the type, T, of the result of a function is such that
// void func(T arg) would require that arg be passed as a value in a register (or set of
// registers) according to the rules in Parameter Passing, then the result is returned in the same
// registers as would be used for such an argument. Otherwise, the caller shall reserve a block of
// memory of sufficient size and alignment to hold the result. The address of the memory block
// shall be passed as an additional argument to the function in x8. ... there is no requirement
// for the callee to preserve the value stored in x8" — so no register hands the address back.
// Narrow integer results keep their extension mark: the caller must widen them (the callee
// leaves the upper bits unspecified), as ffi_call does into an ffi_arg.
Error placeReturn(PlanBuilder& b, const Type& t) {
  ValuePlan& v = b.plan().ret;
  const Result<Arg> staged = stageB(t, b.abi(), kReturnValue);
  if (!staged) return staged.error();
  const Arg& a = *staged;
  switch (a.kind) {
    case ArgKind::kNothing: b.begin(v, t, PassMode::kIgnore); return {};
    case ArgKind::kCopy:
      b.begin(v, t, PassMode::kIndirect);
      b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, kIndirectResultReg, 0, 8));
      return {};
    default: {
      // "void func(T arg)": T alone always fits the argument registers (an HFA has at most four
      // members; anything else left here is at most 16 bytes).
      State first;
      b.begin(v, t, PassMode::kDirect);
      stageC(b, v, a, first, Rules{});
      assert(first.nsaa == 0);
      return {};
    }
  }
}

}  // namespace

Result<CallPlan> classifyAapcs64(const Signature& sig, Abi abi) {
  const Rules rules = rulesOf(abi);
  PlanBuilder b(abi, sig);
  CallPlan& plan = b.plan();
  JITFFI_TRY(placeReturn(b, sig.ret));  // x8 is no argument register: the order is free
  // ABI[aapcs64 2020Q2 6.4.1]: "In this standard a non-variadic subroutine can be considered to
  // be identical to a variadic subroutine that takes no optional arguments" — the rules of
  // stage C make no difference between named and anonymous arguments (except for Pure Scalable
  // Types, C.7), so Linux passes variadic arguments exactly like named ones.
  State s;
  uint64_t copies = 0;  // checked against kMaxFrameSize at the end (setFrame)
  for (size_t i = 0; i < sig.args.size(); ++i) {
    JITFFI_TRY(placeArgument(b, plan.args[i], sig.args[i], s, copies, i, rules, sig.variadic && i >= sig.fixedCount));
  }
  // ABI[aapcs64 2020Q2 6.2.2.2]: "SP mod 16 = 0. The stack must be quad-word aligned" at a
  // public interface, so the outgoing area is a multiple of 16 bytes.
  JITFFI_TRY(setFrame(plan, alignUp(s.nsaa, 16), copies));
  plan.argGpMask = (1u << kNumGpArgRegs) - 1;   // x0–x7
  plan.argVecMask = (1u << kNumVecArgRegs) - 1;  // v0–v7
  // ABI[aapcs64 2020Q2 6.1.1]: "A subroutine invocation must preserve the contents of the
  // registers r19-r29 and SP." (x18, the platform register, is a temporary register on Linux;
  // x30 is the link register.) ABI[apple-arm64 "Writing ARM64 code for Apple platforms"]: "The
  // platforms reserve register x18. Don't use this register." ABI[win-arm64 "Overview of ARM64
  // ABI conventions"]: x18 "in user mode, points to TEB". Under both no code may write x18, which
  // jitffi's stubs and entries never do (only Go closures take x18, as their static chain: the
  // C API refuses them under these conventions, as libffi has none there).
  plan.calleeSavedGp = 0x7FFu << 19;  // x19–x29
  plan.platformRegReserved = abi != Abi::kAapcs64;
  // ABI[aapcs64 2020Q2 6.1.2]: "Registers v8-v15 must be preserved by a callee across subroutine
  // calls ... only the bottom 64 bits of each value stored in v8-v15 need to be preserved".
  plan.calleeSavedVec = 0xFFu << 8;
  plan.calleeSavedVecBytes = 8;
  return std::move(plan);
}

}  // namespace jitffi::internal
