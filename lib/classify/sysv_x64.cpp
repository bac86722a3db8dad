// SPDX-License-Identifier: MIT
// The x86-64 System V classifier.
//
// Implements "System V Application Binary Interface, AMD64 Architecture Processor Supplement"
// (psABI 1.0, x86-64-ABI on gitlab), section 3.2.3 "Parameter Passing". Tags: ABI[sysv-x64 …].
#include <algorithm>
#include <array>
#include <string>
#include <unordered_set>
#include <utility>

#include "classify_p.h"

namespace jitffi::internal {
namespace {

// ABI[sysv-x64 3.2.3]: the classes.
enum class Class : uint8_t { kNoClass, kInteger, kSse, kSseUp, kX87, kX87Up, kComplexX87, kMemory };

// ABI[sysv-x64 3.2.3]: argument registers, in order.
constexpr uint8_t kIntArgRegs[] = {x64::kRdi, x64::kRsi, x64::kRdx, x64::kRcx, x64::kR8, x64::kR9};
constexpr unsigned kNumIntArgRegs = 6;
constexpr unsigned kNumSseArgRegs = 8;  // %xmm0–%xmm7

struct Classification {
  // Classes of the value's eightbytes; an empty list means "passes nothing" (size 0); a single
  // kMemory means "in memory".
  std::array<Class, 4> eightbytes{};
  unsigned count = 0;
  bool inMemory() const { return count == 1 && eightbytes[0] == Class::kMemory; }
};

struct PairHash {
  size_t operator()(const std::pair<const void*, unsigned>& p) const {
    return std::hash<const void*>()(p.first) * 8 + p.second;
  }
};

Classification memory() {
  Classification c;
  c.eightbytes[0] = Class::kMemory;
  c.count = 1;
  return c;
}

// ABI[sysv-x64 3.2.3]: "Classification of aggregate types", step 4 — merging two classes.
Class merge(Class a, Class b) {
  if (a == b) return a;                                          // (a) equal
  if (a == Class::kNoClass) return b;                            // (b) NO_CLASS yields the other
  if (b == Class::kNoClass) return a;
  if (a == Class::kMemory || b == Class::kMemory) return Class::kMemory;     // (c)
  if (a == Class::kInteger || b == Class::kInteger) return Class::kInteger;  // (d)
  auto isX87 = [](Class c) {
    return c == Class::kX87 || c == Class::kX87Up || c == Class::kComplexX87;
  };
  if (isX87(a) || isX87(b)) return Class::kMemory;  // (e)
  return Class::kSse;                               // (f)
}

// ABI[sysv-x64 3.2.3]: the class of each part of a scalar leaf, eightbyte by eightbyte.
constexpr Class leafClass(TypeKind kind, unsigned part) {
  switch (kind) {
    case TypeKind::kF32:
    case TypeKind::kF64: return Class::kSse;  // float, double: SSE
    case TypeKind::kLongDouble:
      // "The 64-bit mantissa of arguments of type long double belongs to class X87, the
      // 16-bit exponent plus 6 bytes of padding belongs to class X87UP."
      return part == 0 ? Class::kX87 : Class::kX87Up;
    case TypeKind::kVector:
      // "Arguments of types __m64 ... are in class SSE." "Arguments of type __float128,
      // _Decimal128 and __m128 are split into two halves. The least significant ones belong to
      // class SSE, the most significant one to class SSEUP." (Whatever their lanes: gcc
      // classifies every 8- and 16-byte vector so.)
      return part == 0 ? Class::kSse : Class::kSseUp;
    default: return Class::kInteger;  // _Bool, char, short, int, long, long long, pointers,
                                      // both halves of __int128, the parts of complex integers
  }
}

// True when a struct member of `type` (at `at`, in bytes from the value's start), at any depth,
// spans more than two eightbytes. Each (node, offset within its eightbyte) is looked at once.
bool hasWideMember(const Type& type, uint64_t at, Abi abi,
                   std::unordered_set<std::pair<const void*, unsigned>, PairHash>& seen) {
  if (!type.isAggregate() || !seen.insert({type.identity(), unsigned(at % 8)}).second) return false;
  if (type.isArray()) {
    const Type element = type.element();
    const uint64_t stride = element.layout(abi).size;
    for (uint64_t i = 0; i < std::min<uint64_t>(type.arrayLength(), 8); ++i) {
      if (hasWideMember(element, at + i * stride, abi, seen)) return true;
    }
    return false;
  }
  auto fields = type.fields();
  auto offsets = type.fieldOffsets(abi);
  for (size_t i = 0; i < fields.size(); ++i) {
    const uint64_t fa = at + offsets[i];
    if (fields[i].isStruct() && fa % 8 + fields[i].layout(abi).size > 16) return true;
    if (hasWideMember(fields[i], fa, abi, seen)) return true;
  }
  return false;
}

// ABI[sysv-x64 3.2.3]: aggregates, step 5, post-merger cleanup.
Classification cleanUp(Classification c) {
  for (unsigned e = 0; e < c.count; ++e) {
    // (a) "If one of the classes is MEMORY, the whole argument is passed in memory."
    if (c.eightbytes[e] == Class::kMemory) return memory();
    // (b) "If X87UP is not preceded by X87, the whole argument is passed in memory."
    if (c.eightbytes[e] == Class::kX87Up && (e == 0 || c.eightbytes[e - 1] != Class::kX87)) {
      return memory();
    }
    // (d) "If SSEUP is not preceded by SSE or SSEUP, it is converted to SSE."
    if (c.eightbytes[e] == Class::kSseUp &&
        (e == 0 || (c.eightbytes[e - 1] != Class::kSse && c.eightbytes[e - 1] != Class::kSseUp))) {
      c.eightbytes[e] = Class::kSse;
    }
  }
  return c;
}

Classification classifyType(const Type& type, Abi abi) {
  const Layout layout = type.layout(abi);
  if (layout.size == 0) return {};  // GNU C empty struct: no class, passes nothing

  // ABI[sysv-x64 3.2.3]: "Arguments of complex T where T is one of the types long double are
  // classified as COMPLEX_X87." Other complex types, of floating or of integer parts, are treated
  // as a struct of two T (the flattened leaves below).
  if (type.kind() == TypeKind::kComplexLongDouble) {
    Classification c;
    c.eightbytes[0] = Class::kComplexX87;
    c.count = 1;
    return c;
  }

  // ABI[sysv-x64 3.2.3] aggregates, step 1: "If the size of an object is larger than eight
  // eightbytes, or it contains unaligned fields, it has class MEMORY." Without __m256/__m512
  // (refused, see classifySysV64), step 5(c) already sends anything over two eightbytes to
  // memory, so: size > 16.
  if (layout.size > 16) return memory();

  Classification c;
  c.count = unsigned((layout.size + 7) / 8);
  if (!type.isAggregate() && !type.isComplex()) {
    // A scalar (or a vector) is its own single leaf, at offset 0: steps 2–4 give each eightbyte
    // the leaf's class for that part.
    for (unsigned e = 0; e < c.count; ++e) c.eightbytes[e] = leafClass(type.kind(), e);
    return cleanUp(c);
  }
  // libffi classifies every struct member on its own before merging it, and a member it passes
  // in memory (one that spans more than two eightbytes where it lies) sends the whole value to
  // memory, even where an explicit layout leaves that member past the value's end. With natural
  // layouts every member lies inside the value; only explicit layouts (Type::structWithLayout)
  // can describe this.
  std::unordered_set<std::pair<const void*, unsigned>, PairHash> seen;
  if (hasWideMember(type, 0, abi, seen)) return memory();

  std::vector<Leaf> leaves;
  flattenLeaves(type, abi, 0, leaves);  // every leaf starts inside the c.count eightbytes
  for (const Leaf& leaf : leaves) {
    // Step 1: "If ... it contains unaligned fields, it has class MEMORY." Only packed and
    // explicitly placed records (Type::record) can put a field off its alignment; a scalar is
    // unaligned when its offset is no multiple of its own alignment (gcc: of its machine mode's
    // size; the same for every scalar here). Bit-fields are never unaligned: "bit-fields are
    // always classified as integer" by the eightbytes their bits touch (gcc).
    // Under a preset layout (Type::structWithLayout: ctypes' packed structs) the placement libffi
    // makes for the description is followed instead: it classifies every field by the eightbytes
    // it overlaps and ignores the rule (fields past the value's last eightbyte are not among the
    // leaves).
    if (!leaf.bitField && !leaf.preset && leaf.offset % leaf.layout.align != 0) return memory();
    // Steps 2–4: each eightbyte's class is the merge of the fields that overlap it (a union's
    // members overlap the same eightbytes).
    const unsigned first = unsigned(leaf.offset / 8);
    const unsigned last = std::min(unsigned((leaf.offset + leaf.layout.size - 1) / 8), c.count - 1);
    for (unsigned e = first; e <= last; ++e) {
      c.eightbytes[e] = merge(c.eightbytes[e], leafClass(leaf.kind, e - first));
    }
  }
  return cleanUp(c);
}

// The bytes an SSE eightbyte's vector register carries: with the SSEUP eightbyte after it ("If
// the class is SSEUP, the eightbyte is passed in the next available eightbyte chunk of the last
// used vector register"), the 16 bytes of both.
uint32_t withSseUp(const Classification& c, unsigned e, uint32_t size) {
  return e + 1 < c.count && c.eightbytes[e + 1] == Class::kSseUp ? 16 : size;
}

// ABI[sysv-x64 3.2.3]: __m256 and __m512 (and aggregates of them) are passed in %ymm and %zmm
// registers, "SSE" and "SSEUP" eightbytes of one register, where the callee was compiled for AVX;
// gcc's baseline x86-64 code passes them in memory instead (with the note "AVX vector argument
// without AVX enabled changes the ABI"). Which one a callee expects depends on how it was
// compiled, so such a value is refused, as libffi 3.8 refuses it (FFI_BAD_TYPEDEF). (Their
// 32- and 64-byte alignment, which Type::vectorOf does not give them, is no concern then.)
Error refuseWideVectors(const Type& t, size_t index) {
  if (t.largestVector() <= 16) return {};
  return fail(Status::kBadTypedef, valueName(index) + ": " + t.toText() + " holds a vector of " +
                                       std::to_string(t.largestVector()) +
                                       " bytes (__m256/__m512 travel in %ymm/%zmm registers only "
                                       "in AVX code, in memory otherwise)");
}

struct Counter {
  unsigned gp = 0;   // next free general-purpose argument register
  unsigned sse = 0;  // next free vector argument register
  uint64_t stack = 0;  // checked against kMaxFrameSize at the end (setFrame)
};

// ABI[sysv-x64 3.2.3]: "Passing" — arguments.
void placeArgument(PlanBuilder& b, ValuePlan& v, const Type& type, Counter& n) {
  const Classification c = classifyType(type, b.abi());
  if (c.count == 0) {
    b.begin(v, type, PassMode::kIgnore);
    return;
  }
  b.begin(v, type, PassMode::kDirect);

  bool inRegisters = !c.inMemory();
  unsigned needGp = 0, needSse = 0;
  for (unsigned e = 0; e < c.count && inRegisters; ++e) {
    switch (c.eightbytes[e]) {
      case Class::kInteger: ++needGp; break;    // "the next available register of the sequence
                                                //  %rdi, %rsi, %rdx, %rcx, %r8 and %r9"
      case Class::kSse: ++needSse; break;       // "the next available vector register"
      case Class::kSseUp: break;                // upper half of the last vector register
      case Class::kNoClass: break;              // padding-only eightbyte: no register
      default: inRegisters = false; break;      // MEMORY, X87, X87UP, COMPLEX_X87: memory
    }
  }
  // "If there are no registers available for any eightbyte of an argument, the whole argument
  // is passed on the stack. If registers have already been assigned for some eightbytes of such
  // an argument, the assignments get reverted." (The registers stay free for later arguments.)
  if (inRegisters && (n.gp + needGp > kNumIntArgRegs || n.sse + needSse > kNumSseArgRegs)) {
    inRegisters = false;
  }

  if (inRegisters) {
    const bool scalar = !type.isStruct() && !type.isComplex();
    for (unsigned e = 0; e < c.count; ++e) {
      const uint32_t off = e * 8;
      const uint32_t size = std::min<uint32_t>(8, v.size - off);
      switch (c.eightbytes[e]) {
        case Class::kInteger:
          b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, kIntArgRegs[n.gp++], off, size,
                                         scalar ? extensionOf(type.kind()) : Ext::kNone));
          break;
        case Class::kSse:
          b.addPiece(v, PlanBuilder::reg(PieceLoc::kVec, uint8_t(n.sse++), off, withSseUp(c, e, size)));
          break;
        default: break;
      }
    }
    return;
  }

  // ABI[sysv-x64 3.2.3]: memory arguments are pushed in right-to-left order, each "aligned on
  // an eightbyte boundary" — or on its own alignment when that is larger (16 for long double,
  // __int128 and aggregates containing them) — and occupy whole eightbytes.
  const uint32_t align = std::max<uint32_t>(8, v.align);
  n.stack = alignUp(n.stack, align);
  const bool scalar = !type.isStruct() && !type.isComplex();
  const Ext ext = scalar ? extensionOf(type.kind()) : Ext::kNone;
  b.addPiece(v, PlanBuilder::stack(int32_t(n.stack), 0, v.size, 8, ext));
  n.stack += alignUp(v.size, 8);
}

// ---- signatures of one-eightbyte scalars, by table ----
//
// Most signatures pass nothing but integers of up to 8 bytes, pointers, float and double. Each
// such value is one eightbyte of class INTEGER or SSE, so it goes in the next register of its
// class or, none being left, in the next stack eightbyte: what placeArgument and placeReturn make
// of it, read from a table that the same rules (leafClass, scalarLayout, extensionOf) fill when
// compiled, instead of classified value by value.
struct OneEightbyte {
  Class cls = Class::kNoClass;  // kInteger or kSse; kNoClass: not such a scalar
  Ext ext = Ext::kNone;
  Layout layout;  // (a scalar of at most 8 bytes: in its interpreter slot)
};
constexpr auto kOneEightbyte = [] {
  std::array<OneEightbyte, kTypeKindCount> t{};
  for (int k = 0; k < kTypeKindCount; ++k) {
    const TypeKind kind = TypeKind(k);
    // (TypeKind lists the plain scalars first, through kPtr; complex numbers, aggregates and
    // vectors after them.)
    const Layout layout = scalarLayout(kind, LongDoubleModel::kWide);
    if (kind > TypeKind::kPtr || layout.size == 0 || layout.size > 8) continue;
    t[size_t(k)] = {leafClass(kind, 0), extensionOf(kind), layout};
  }
  return t;
}();

// Places a signature whose every value is such a scalar (the result may be void); false, with
// nothing placed, for any other signature.
bool placeByTable(const Signature& sig, PlanBuilder& b, Counter& n) {
  const auto entry = [](const Type& t) { return kOneEightbyte[size_t(t.kind())]; };
  if (!sig.ret.isVoid() && entry(sig.ret).cls == Class::kNoClass) return false;
  for (const Type& t : sig.args) {
    if (entry(t).cls == Class::kNoClass) return false;
  }
  CallPlan& plan = b.plan();
  if (sig.ret.isVoid()) {
    b.begin(plan.ret, sig.ret, PassMode::kIgnore);
  } else {
    // "If the class is INTEGER, the next available register of the sequence %rax, %rdx is
    // used." "If the class is SSE, the next available vector register of the sequence %xmm0,
    // %xmm1 is used."
    const OneEightbyte r = entry(sig.ret);
    ValuePlan& v = b.begin(plan.ret, PassMode::kDirect, r.layout, true);
    b.addPiece(v, r.cls == Class::kInteger ? PlanBuilder::reg(PieceLoc::kGp, x64::kRax, 0, v.size, r.ext)
                                           : PlanBuilder::reg(PieceLoc::kVec, 0, 0, v.size));
  }
  for (size_t i = 0; i < sig.args.size(); ++i) {
    const OneEightbyte a = entry(sig.args[i]);
    ValuePlan& v = b.begin(plan.args[i], PassMode::kDirect, a.layout, true);
    if (a.cls == Class::kInteger && n.gp < kNumIntArgRegs) {
      b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, kIntArgRegs[n.gp++], 0, v.size, a.ext));
    } else if (a.cls == Class::kSse && n.sse < kNumSseArgRegs) {
      b.addPiece(v, PlanBuilder::reg(PieceLoc::kVec, uint8_t(n.sse++), 0, v.size));
    } else {
      // Memory arguments "aligned on an eightbyte boundary" occupy one eightbyte each.
      b.addPiece(v, PlanBuilder::stack(int32_t(n.stack), 0, v.size, 8, a.ext));
      n.stack += 8;
    }
  }
  return true;
}

// ABI[sysv-x64 3.2.3]: "Returning of Values".
void placeReturn(PlanBuilder& b, const Type& type, Counter& n) {
  CallPlan& plan = b.plan();
  ValuePlan& v = plan.ret;
  const Classification c = classifyType(type, b.abi());
  if (c.count == 0) {
    b.begin(v, type, PassMode::kIgnore);  // void, empty struct
    return;
  }
  // "If the type has class MEMORY, then the caller provides space for the return value and
  // passes the address of this storage in %rdi as if it were the first argument to the
  // function. … On return %rax will contain the address that has been passed in by the caller
  // in %rdi."
  if (c.inMemory()) {
    b.begin(v, type, PassMode::kIndirect);
    b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, kIntArgRegs[n.gp++], 0, 8));
    plan.sretReturnReg = int8_t(x64::kRax);
    return;
  }
  b.begin(v, type, PassMode::kDirect);
  // "If the class is COMPLEX_X87, the real part of the value is returned in %st0 and the
  // imaginary part in %st1."
  if (c.eightbytes[0] == Class::kComplexX87) {
    b.addPiece(v, PlanBuilder::reg(PieceLoc::kX87, 0, 0, 10));
    b.addPiece(v, PlanBuilder::reg(PieceLoc::kX87, 1, v.size / 2, 10));
    return;
  }
  const bool scalar = !type.isStruct() && !type.isComplex();
  static constexpr uint8_t kIntRetRegs[] = {x64::kRax, x64::kRdx};
  unsigned gp = 0, sse = 0;
  for (unsigned e = 0; e < c.count; ++e) {
    const uint32_t off = e * 8;
    const uint32_t size = std::min<uint32_t>(8, v.size - off);
    switch (c.eightbytes[e]) {
      case Class::kInteger:
        // "If the class is INTEGER, the next available register of the sequence %rax, %rdx
        // is used."
        b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, kIntRetRegs[gp++], off, size,
                                       scalar ? extensionOf(type.kind()) : Ext::kNone));
        break;
      case Class::kSse:
        // "If the class is SSE, the next available vector register of the sequence %xmm0,
        // %xmm1 is used." "If the class is SSEUP, the eightbyte is returned in the next
        // available eightbyte chunk of the last used vector register."
        b.addPiece(v, PlanBuilder::reg(PieceLoc::kVec, uint8_t(sse++), off, withSseUp(c, e, size)));
        break;
      case Class::kX87:
        // "If the class is X87, the value is returned on the X87 stack in %st0 together with
        // the previous value in %st1." (The X87UP eightbyte travels with it.)
        b.addPiece(v, PlanBuilder::reg(PieceLoc::kX87, 0, off, 10));
        break;
      default: break;  // X87UP (with X87), SSEUP, NO_CLASS
    }
  }
}

}  // namespace

Result<CallPlan> classifySysV64(const Signature& sig, bool byTable) {
  PlanBuilder b(Abi::kSysV64, sig);
  CallPlan& plan = b.plan();
  Counter n;
  if (!byTable || !placeByTable(sig, b, n)) {
    JITFFI_TRY(refuseWideVectors(sig.ret, kReturnValue));
    for (size_t i = 0; i < sig.args.size(); ++i) JITFFI_TRY(refuseWideVectors(sig.args[i], i));
    placeReturn(b, sig.ret, n);
    for (size_t i = 0; i < sig.args.size(); ++i) placeArgument(b, plan.args[i], sig.args[i], n);
  }

  // ABI[sysv-x64 3.2.2]: "The end of the input argument area shall be aligned on a 16 byte
  // boundary" at the call.
  JITFFI_TRY(setFrame(plan, alignUp(n.stack, 16), 0));
  for (uint8_t r : kIntArgRegs) plan.argGpMask |= 1u << r;
  plan.argVecMask = (1u << kNumSseArgRegs) - 1;
  // ABI[sysv-x64 3.2.1]: "Registers %rbp, %rbx and %r12 through %r15 'belong' to the calling
  // function and the called function is required to preserve their values."
  plan.calleeSavedGp = (1u << x64::kRbx) | (1u << x64::kRbp) | (0xFu << 12);
  // ABI[sysv-x64 3.2.3]: "For calls that may call functions that use varargs or stdargs …
  // %al is used as hidden argument to specify the number of vector registers used."
  // Set for variadic plans, and also for fixed plans that use vector registers: libffi does
  // so, and programs call printf through a non-variadic ffi_cif and rely on it.
  if (sig.variadic || n.sse > 0) {
    plan.countReg = int8_t(x64::kRax);
    plan.countValue = uint8_t(n.sse);
  }
  return std::move(plan);
}

}  // namespace jitffi::internal
