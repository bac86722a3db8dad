// SPDX-License-Identifier: MIT
// The RISC-V 64 classifier, LP64D (Linux): "RISC-V ABIs Specification", version 1.0 (the RISC-V
// ELF psABI, github.com/riscv-non-isa/riscv-elf-psabi-doc, riscv-cc.adoc). Tags:
// ABI[riscv-psabi 1.0 "<section>"], with the section's title: "Integer Register Convention" and
// "Floating-Point Register Convention" (the registers), "Integer Calling Convention" (XLEN = 64:
// a0–a7), "Hardware Floating-Point Calling Convention" (ABI_FLEN = 64: fa0–fa7), "Named ABIs"
// (LP64D is both with ABI_FLEN = 64), "C/C++ Type Sizes and Alignments".
// ABI[riscv gcc]: where the text leaves a choice to the compiler (which fields flattening
// counts), as riscv64 gcc 12 makes it; and where gcc 12 differs from the text (arrays of no size
// and empty unions inside structs, a struct passed by its real machine mode), as gcc does it,
// saying so.
//
// Every table row in tests/classify/rv64_rows.h is checked against what riscv64 gcc does by
// tests/abi_oracle (caller and callee side, arguments and results, executed under qemu).
#include <algorithm>
#include <unordered_set>

#include "classify_p.h"

namespace jitffi::internal {
namespace {

// ABI[riscv-psabi 1.0 "Integer Register Convention"]: x10–x17 are a0–a7, "Argument registers".
// ABI[riscv-psabi 1.0 "Floating-Point Register Convention"]: f10–f17 are fa0–fa7.
constexpr uint8_t kA0 = 10, kFa0 = 10;
constexpr unsigned kNumArgRegs = 8;  // of each kind
constexpr uint32_t kXlen = 8;        // XLEN and ABI_FLEN, in bytes (RV64, LP64D)

// The registers and stack consumed so far.
struct State {
  unsigned gprs = 0;   // a0 … a(gprs-1) are taken
  unsigned fprs = 0;   // fa0 … fa(fprs-1) are taken
  uint64_t stack = 0;  // the next stack offset (checked against kMaxFrameSize by setFrame)
};

// ---- The hardware floating-point convention's view of a struct -----------------------------

// ABI[riscv-psabi 1.0 "Hardware Floating-Point Calling Convention"]: "For the purposes of this
// section, "struct" refers to a C struct with its hierarchy flattened, including any array
// fields." A field is a floating-point real of at most ABI_FLEN bits or an integer of at most
// XLEN bits (the only fields the rules below accept); anything else ends the flattening.
struct FlatField {
  bool fp;
  uint32_t offset;
  uint32_t size;
};
struct Flat {
  FlatField fields[2];
  unsigned count = 0;
  unsigned reals = 0;  // how many of the fields are reals
};

// The walk of flatten: the fields found so far, and the structs and arrays found to hold no field
// at all (explicit layouts of padding only: shared, they could make the walk exponential).
struct Flattening {
  Abi abi;
  Flat flat;
  std::unordered_set<const void*> fieldless;

  // Adds a field; false when the struct would have more than two.
  bool add(bool fp, uint64_t offset, uint64_t size) {
    if (flat.count >= 2) return false;
    flat.fields[flat.count++] = {fp, uint32_t(offset), uint32_t(size)};
    flat.reals += fp;
    return true;
  }
};

// Appends the fields of `t` at `offset`; false when `t` cannot be one of the structs the rules
// name (more than two fields, or a field of another kind). Each node adds a field, fails, or holds
// no field (and is then not walked again), so the walk is linear in the description's nodes.
bool flatten(const Type& t, uint64_t offset, Flattening& w) {
  const Abi abi = w.abi;
  Flat& flat = w.flat;
  const Layout l = t.layout(abi);
  if ((t.isStruct() || t.isArray()) && w.fieldless.count(t.identity())) return true;
  const unsigned before = flat.count;
  // ABI[riscv-psabi 1.0 "Hardware Floating-Point Calling Convention"]: "Unions are never
  // flattened and are always passed according to the integer calling convention." ABI[riscv
  // gcc]: nor is a struct with a union member, an empty union included: gcc 12 differs from "Fields
  // containing empty structs or unions are ignored while flattening", which it follows for empty
  // structs only (its riscv_flatten_aggregate_field takes records, arrays, complex numbers and
  // scalars; anything else ends the flattening).
  if (t.isUnion()) return false;
  if (t.isStruct()) {
    const auto fields = t.fields();
    const auto offsets = t.fieldOffsets(abi);
    for (size_t i = 0; i < fields.size(); ++i) {
      // The filler before a member at a given offset is an unsigned char array in C: a one-byte
      // integer field per element.
      const Filler filler = fillerBefore(t, i, abi);
      for (uint64_t k = 0; k < filler.size; ++k) {
        if (!w.add(false, offset + filler.offset + k, 1)) return false;
      }
      const uint32_t bits = t.fieldBits(i);
      // "Fields containing zero-length bit-fields ... are ignored while flattening" (gcc 10 and
      // later).
      if (bits == 0) continue;
      if (bits != Field::kNoBits) {
        // "one floating-point real and one integer (or bitfield)": ABI[riscv gcc]: a bit-field is
        // an integer of its width's mode (at most XLEN bits: wider ones end the flattening),
        // taken from the byte of its first bit. Of a struct of two fields the bit-field starts on
        // a byte (only zero-width bit-fields and whole members can come before it), so the
        // bytes its bits touch lie within that mode; they are the piece (gcc's callee uses no
        // other byte of the register: in a packed struct the mode can reach into the real).
        if (bits > kXlen * 8) return false;
        const uint64_t first = t.fieldBitOffset(i, abi);
        if (!w.add(false, offset + first / 8, (first % 8 + bits + 7) / 8)) return false;
        continue;
      }
      // ABI[riscv gcc]: packing plays no part: a field is taken where it lies, misaligned or not.
      if (!flatten(fields[i], offset + offsets[i], w)) return false;
    }
    if (flat.count == before) w.fieldless.insert(t.identity());
    return true;
  }
  if (t.isArray()) {
    // "including any array fields": each element's fields, element after element (at most two
    // elements have a field each; if the first has none, none has). ABI[riscv gcc]: an array of
    // no size, zero-length or of empty structs, ends the flattening: gcc 12 differs from "Fields
    // containing ... zero-length arrays are ignored while flattening" (and from the note that C
    // treats an array of empty structs as an empty field).
    if (l.size == 0) return false;
    const Type element = t.element();
    const uint64_t stride = element.layout(abi).size;
    for (uint64_t i = 0; i < t.arrayLength() && !w.fieldless.count(element.identity()); ++i) {
      if (flat.count >= 2) return false;
      if (!flatten(element, offset + i * stride, w)) return false;
    }
    if (flat.count == before) w.fieldless.insert(t.identity());
    return true;
  }
  if (t.isComplex()) {
    // "A complex floating-point number, or a struct containing just one complex floating-point
    // number, is passed as though it were a struct containing two floating-point reals."
    // ABI[riscv gcc]: a complex number counts as its two parts only as the first field (gcc's
    // riscv_flatten_aggregate_field), and complex integers flatten to two integers (which no
    // rule accepts).
    const TypeKind part = complexPart(t.kind());
    const uint32_t partSize = uint32_t(scalarLayout(part, longDoubleModel(abi)).size);
    if (flat.count != 0 || partSize > kXlen) return false;
    const bool fp = part == TypeKind::kF32 || part == TypeKind::kF64;
    return w.add(fp, offset, partSize) && w.add(fp, offset + partSize, partSize);
  }
  // ABI[riscv gcc]: a field is a real of at most ABI_FLEN bits (float, double) or an integer of
  // at most XLEN bits (bool and enums included, pointers not: gcc's INTEGRAL_TYPE_P); long
  // double (binary128), __int128 and vectors are none.
  const bool fp = t.kind() == TypeKind::kF32 || t.kind() == TypeKind::kF64;
  const bool integer = t.isInteger() && l.size <= kXlen;
  return (fp || integer) && w.add(fp, offset, l.size);
}

// ABI[riscv gcc]: gcc passes a named argument "in FPRs" by its machine mode too, after the
// flattened structs of reals and before those of a real and an integer: a struct whose one member
// with bytes fills it, itself a float, a double, a complex of them, an array of one such element
// or such a struct, has that member's mode (gcc's compute_record_mode; unless the struct is
// aligned below the mode, as packed ones are: then it has none). The psABI has no such rule; it
// differs from flattening only where flattening fails on members of no size (an empty union, a
// zero-length array) beside such a member: struct { double d; union {} u; } goes in fa0.
// Returns the real or complex kind of that mode, kVoid when there is none.
TypeKind floatMode(const Type& t) {
  const TypeKind k = t.kind();
  if (k == TypeKind::kF32 || k == TypeKind::kF64 || k == TypeKind::kComplexF32 || k == TypeKind::kComplexF64) return k;
  if (t.isArray()) return t.arrayLength() == 1 ? floatMode(t.element()) : TypeKind::kVoid;
  if (!t.isStruct() || t.isUnion()) return TypeKind::kVoid;
  const Layout l = t.layout(Abi::kRv64);
  const auto fields = t.fields();
  // A description no C type has, a member placed past the value's end (ctypes' unions described
  // as structs, preset sizes smaller than the members), has no mode: the integer convention, as
  // hardwareFloatFields passes such a struct when it flattens, and as libffi passes it.
  const auto offsets = t.fieldOffsets(Abi::kRv64);
  for (size_t i = 0; i < fields.size(); ++i) {
    const bool bitField = t.fieldBits(i) != Field::kNoBits;  // (its offset is its unit's)
    if (!bitField && offsets[i] + fields[i].layout(Abi::kRv64).size > l.size) return TypeKind::kVoid;
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (t.fieldBits(i) != Field::kNoBits || fields[i].layout(Abi::kRv64).size != l.size) continue;
    const TypeKind mode = floatMode(fields[i]);
    const bool complex = mode == TypeKind::kComplexF32 || mode == TypeKind::kComplexF64;
    const uint64_t modeAlign = complex ? l.size / 2 : l.size;
    return l.size != 0 && l.align >= modeAlign ? mode : TypeKind::kVoid;
  }
  return TypeKind::kVoid;
}

// The fields of a struct that the hardware floating-point convention may pass in registers:
// "a struct containing just one floating-point real", "two floating-point reals", "one
// floating-point real and one integer (or bitfield), in either order". Empty when it is none of
// them. "Attributes such as aligned or packed do not interfere with a struct's eligibility": the
// size of the struct plays no part. A field an explicit layout places past the value's end
// (ctypes' unions described as structs) would carry bytes the value does not have: such a
// struct is passed by the integer convention.
Flat hardwareFloatFields(const Type& t) {
  Flattening w{Abi::kRv64, {}, {}};
  const uint64_t size = t.layout(Abi::kRv64).size;
  if (!flatten(t, 0, w)) {
    // A struct of a real or complex mode: its member as the struct's only field.
    Flattening m{Abi::kRv64, {}, {}};
    const TypeKind mode = floatMode(t);
    if (mode != TypeKind::kVoid) flatten(Type::scalar(mode), 0, m);
    return m.flat;
  }
  for (unsigned i = 0; i < w.flat.count; ++i) {
    if (w.flat.fields[i].offset + w.flat.fields[i].size > size) return {};
  }
  if (w.flat.reals == 0) return {};  // no real at all: the integer convention
  return w.flat;
}

// ---- Placement -----------------------------------------------------------------------------------

// A 4-byte float in a 64-bit FP register: ABI[riscv-psabi 1.0 "Hardware Floating-Point Calling
// Convention"]: "When a floating-point argument narrower than FLEN bits is passed in a
// floating-point register, it is 1-extended (NaN-boxed) to FLEN bits."
Piece fpRegister(unsigned index, uint32_t offset, uint32_t size) {
  return PlanBuilder::reg(PieceLoc::kVec, uint8_t(kFa0 + index), offset, size,
                          size < kXlen ? Ext::kNanBox : Ext::kNone);
}

// ABI[riscv-psabi 1.0 "Integer Calling Convention"]: "When passed in registers or on the stack,
// integer scalars narrower than XLEN bits are widened according to the sign of their type up to
// 32 bits, then sign-extended to XLEN bits" — an unsigned int is sign-extended, unsigned char
// and short are zero-extended (to 32 bits, then sign-extended from bit 31, which is 0).
Ext integerExtension(TypeKind kind) {
  return kind == TypeKind::kU32 ? Ext::kSext : extensionOf(kind);
}

// The integer calling convention for a value of `size` bytes (at most 2×XLEN) whose bytes are
// taken as they lie in memory, or for a narrow integer scalar (`ext`).
// ABI[riscv-psabi 1.0 "Integer Calling Convention"]:
// - "Scalars that are at most XLEN bits wide are passed in a single argument register, or on the
//   stack by value if none is available." "When passed in registers or on the stack,
//   floating-point types narrower than XLEN bits are widened to XLEN bits, with the upper bits
//   undefined."
// - "Scalars that are 2×XLEN bits wide are passed in a pair of argument registers, with the
//   low-order XLEN bits in the lower-numbered register and the high-order XLEN bits in the
//   higher-numbered register. If no argument registers are available, the scalar is passed on
//   the stack by value. If exactly one register is available, the low-order XLEN bits are passed
//   in the register and the high-order XLEN bits are passed on the stack."
// - "Aggregates whose total size is no more than XLEN bits are passed in a register, with the
//   fields laid out as though they were passed in memory. If no register is available, the
//   aggregate is passed on the stack. Aggregates whose total size is no more than 2×XLEN bits are
//   passed in a pair of registers; if only one register is available, the first XLEN bits are
//   passed in a register and the remaining bits are passed on the stack. If no registers are
//   available, the aggregate is passed on the stack. Bits unused due to padding, and bits past
//   the end of an aggregate whose size in bits is not divisible by XLEN, are undefined."
// - "Aggregates or scalars passed on the stack are aligned to the greater of the type alignment
//   and XLEN bits, but never more than the stack alignment" (16 bytes, "Integer Calling
//   Convention": "the stack pointer shall be aligned to a 128-bit boundary").
// - Variadic arguments: "Variadic arguments with 2×XLEN-bit alignment and size at most 2×XLEN
//   bits are passed in an *aligned* register pair (i.e., the first register in the pair is
//   even-numbered), or on the stack by value if none is available. After a variadic argument
//   has been passed on the stack, all future arguments will also be passed on the stack (i.e.
//   the last argument register may be left unused due to the aligned register pair rule)."
void placeInteger(PlanBuilder& b, ValuePlan& v, uint32_t size, uint32_t align, Ext ext, bool variadic,
                  State& s) {
  if (variadic && align > kXlen) s.gprs = unsigned(alignUp(s.gprs, 2));
  const unsigned words = unsigned(alignUp(size, kXlen) / kXlen);  // 1 or 2
  unsigned w = 0;
  for (; w < words && s.gprs < kNumArgRegs; ++w) {
    b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, uint8_t(kA0 + s.gprs++), w * kXlen,
                                   std::min(kXlen, size - w * kXlen), ext));
  }
  if (w == words) return;
  // The rest on the stack. An argument split between a7 and the stack is the first on the
  // stack (every argument register is taken only now), at offset 0, so its alignment is moot.
  if (w == 0) s.stack = alignUp(s.stack, std::clamp<uint32_t>(align, kXlen, 16));
  const uint32_t rest = size - w * kXlen;
  b.addPiece(v, PlanBuilder::stack(int32_t(s.stack), w * kXlen, rest, kXlen, ext));
  s.stack += alignUp(rest, kXlen);
}

// How a value travels when it gets the registers it asks for.
enum class Kind : uint8_t {
  kNothing,    // a GNU C empty struct (or libffi's void argument)
  kInteger,    // the integer convention: by value up to 2×XLEN bytes, else by reference
  kFloat,      // a real of at most ABI_FLEN bits
  kFlattened,  // a struct (or complex number) the hardware floating-point convention flattens
};

struct Value {
  Kind kind = Kind::kNothing;
  uint32_t size = 0;
  uint32_t align = 1;
  Ext ext = Ext::kNone;  // a narrow integer scalar
  Flat flat;             // kFlattened
  // ABI[riscv-psabi 1.0 "Integer Calling Convention"]: "Scalars wider than 2×XLEN bits are
  // passed by reference and are replaced in the argument list with the address." "Aggregates
  // larger than 2×XLEN bits are passed by reference".
  bool byReference() const { return size > 2 * kXlen; }
};

Value valueOf(const Type& t) {
  const Layout l = t.layout(Abi::kRv64);
  Value v;
  v.size = uint32_t(l.size);
  v.align = l.align;
  // ABI[riscv-psabi 1.0 "Integer Calling Convention"]: "Empty structs or union arguments or
  // return values are ignored by C compilers which support them as a non-standard extension."
  if (l.size == 0) return v;
  if (t.kind() == TypeKind::kF32 || t.kind() == TypeKind::kF64) {
    v.kind = Kind::kFloat;
    return v;
  }
  // ABI[riscv-psabi 1.0 "Hardware Floating-Point Calling Convention"]: structs of one or two
  // reals, or of a real and an integer; a complex number as a struct of its two parts.
  if (t.isStruct() || t.kind() == TypeKind::kComplexF32 || t.kind() == TypeKind::kComplexF64) {
    v.flat = hardwareFloatFields(t);
    if (v.flat.count > 0) {
      v.kind = Kind::kFlattened;
      return v;
    }
  }
  // Everything else by the integer convention: integers, pointers, long double (binary128,
  // "C/C++ Type Sizes and Alignments": a real wider than ABI_FLEN, "Otherwise, it is passed
  // according to the integer calling convention"), complex integers and complex long double,
  // vectors ("Fixed-length vectors are treated as aggregates"), the other structs.
  v.kind = Kind::kInteger;
  if (t.isInteger() && l.size < kXlen) v.ext = integerExtension(t.kind());
  return v;
}

// Places one argument (or the result, as "a first named argument of the same type").
// ABI[riscv-psabi 1.0 "Hardware Floating-Point Calling Convention"]: "The remainder of this
// section applies only to named arguments. Variadic arguments are passed according to the
// integer calling convention."
void place(PlanBuilder& b, ValuePlan& v, const Type& t, const Value& val, bool variadic, State& s,
           uint64_t& copies) {
  if (val.kind == Kind::kNothing) {
    b.begin(v, t, PassMode::kIgnore);
    return;
  }
  if (!variadic && val.kind == Kind::kFloat && s.fprs < kNumArgRegs) {
    // "A real floating-point argument is passed in a floating-point argument register if it is
    // no more than ABI_FLEN bits wide and at least one floating-point argument register is
    // available. Otherwise, it is passed according to the integer calling convention."
    b.begin(v, t, PassMode::kDirect);
    b.addPiece(v, fpRegister(s.fprs++, 0, val.size));
    return;
  }
  if (!variadic && val.kind == Kind::kFlattened) {
    const Flat& f = val.flat;
    // "A struct containing just one floating-point real is passed as though it were a
    // standalone floating-point real." "A struct containing two floating-point reals is passed
    // in two floating-point registers, if neither real is more than ABI_FLEN bits wide and at
    // least two floating-point argument registers are available. (The registers need not be an
    // aligned pair and are assigned to the two reals in memory order.)" "A struct containing one
    // floating-point real and one integer (or bitfield), in either order, is passed in a
    // floating-point register and an integer register, provided ... at least one floating-point
    // argument register and at least one integer argument register is available. If the struct
    // is passed in this manner, and the integer is narrower than XLEN bits, the remaining bits
    // are unspecified. If the struct is not passed in this manner, then it is passed according
    // to the integer calling convention."
    if (s.fprs + f.reals <= kNumArgRegs && s.gprs + (f.count - f.reals) <= kNumArgRegs) {
      b.begin(v, t, PassMode::kDirect);
      for (unsigned i = 0; i < f.count; ++i) {
        const FlatField& field = f.fields[i];
        b.addPiece(v, field.fp ? fpRegister(s.fprs++, field.offset, field.size)
                               : PlanBuilder::reg(PieceLoc::kGp, uint8_t(kA0 + s.gprs++), field.offset, field.size));
      }
      return;
    }
  }
  // The integer calling convention.
  if (val.byReference()) {
    // "Arguments passed by reference may be modified by the callee": the caller makes a copy
    // (16-aligned in the plan's copy area, enough for any C type here).
    b.begin(v, t, PassMode::kIndirect);
    v.copyOffset = uint32_t(copies);  // exact whenever the plan is kept (setFrame)
    copies += alignUp(val.size, 16);
    placeInteger(b, v, kXlen, kXlen, Ext::kNone, false, s);
    return;
  }
  b.begin(v, t, PassMode::kDirect);
  placeInteger(b, v, val.size, val.align, val.ext, variadic, s);
}

}  // namespace

Result<CallPlan> classifyRv64(const Signature& sig) {
  PlanBuilder b(Abi::kRv64, sig);
  CallPlan& plan = b.plan();
  State s;
  uint64_t copies = 0;  // checked against kMaxFrameSize at the end (setFrame)

  // ABI[riscv-psabi 1.0 "Integer Calling Convention"]: "Values are returned in the same manner
  // as a first named argument of the same type would be passed. If such an argument would have
  // been passed by reference, the caller allocates memory for the return value, and passes the
  // address as an implicit first parameter." "There is no requirement that the address be
  // returned from the function": sretReturnReg stays -1. (A first argument takes at most a0, a1
  // and fa0, fa1: "the first two of which are also used to return values".)
  const Value ret = valueOf(sig.ret);
  if (ret.kind == Kind::kInteger && ret.byReference()) {
    b.begin(plan.ret, sig.ret, PassMode::kIndirect);
    b.addPiece(plan.ret, PlanBuilder::reg(PieceLoc::kGp, kA0, 0, 8));
    s.gprs = 1;
  } else {
    State first;
    uint64_t none = 0;
    place(b, plan.ret, sig.ret, ret, false, first, none);
  }

  for (size_t i = 0; i < sig.args.size(); ++i) {
    const bool variadic = sig.variadic && i >= sig.fixedCount;
    place(b, plan.args[i], sig.args[i], valueOf(sig.args[i]), variadic, s, copies);
  }
  // "The stack pointer shall be aligned to a 128-bit boundary upon procedure entry."
  JITFFI_TRY(setFrame(plan, alignUp(s.stack, 16), copies));
  plan.argGpMask = 0xFFu << kA0;   // a0–a7
  plan.argVecMask = 0xFFu << kFa0;  // fa0–fa7
  // ABI[riscv-psabi 1.0 "Integer Register Convention"]: s0–s1 (x8, x9) and s2–s11 (x18–x27) are
  // "Callee-saved registers"; sp is preserved too ("Yes"), but no argument travels in it.
  plan.calleeSavedGp = (0x3u << 8) | (0x3FFu << 18);
  // ABI[riscv-psabi 1.0 "Hardware Floating-Point Calling Convention"]: "Floating-point
  // registers fs0-fs11 shall be preserved across procedure calls, provided they hold values no
  // more than ABI_FLEN bits wide" — f8, f9, f18–f27, their 64 bits.
  plan.calleeSavedVec = (0x3u << 8) | (0x3FFu << 18);
  plan.calleeSavedVecBytes = kXlen;
  return plan;
}

}  // namespace jitffi::internal
