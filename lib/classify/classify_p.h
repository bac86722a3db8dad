// SPDX-License-Identifier: MIT
// Shared pieces of the classifiers (pure: no asmjit, no system calls, no global state).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "jitffi/plan.h"
#include "jitffi/signature.h"

namespace jitffi::internal {

// x86-64 register numbers (the hardware encoding, as asmjit numbers them).
namespace x64 {
inline constexpr uint8_t kRax = 0, kRcx = 1, kRdx = 2, kRbx = 3, kRsp = 4, kRbp = 5, kRsi = 6,
                         kRdi = 7, kR8 = 8, kR9 = 9, kR10 = 10, kR11 = 11;
}  // namespace x64

// A scalar leaf of a value: structs, unions and arrays flattened, complex numbers split into
// their two parts; a vector is one leaf; a bit-field is a leaf of its integer type covering the
// bytes its bits touch (a zero-width one is none); a record's filler (Filler) a kU8 leaf of its
// bytes.
struct Leaf {
  TypeKind kind;    // never kStruct, kArray or a complex kind
  uint64_t offset;  // from the start of the outermost value (plus `base`); a bit-field: the byte
                    // of its first bit
  Layout layout;    // the scalar's own; a bit-field: {bytes its bits touch, 1}
  bool bitField = false;
  // Inside a struct with a preset layout (Type::structWithLayout): placed as libffi places it.
  bool preset = false;
};
// Appends the leaves of a value at their C offsets, in order. Only for the small values an ABI
// classifies member by member (at most kMaxFlattenedSize bytes): the work is bounded by the
// leaves inside the value, never by the description's size (zero-size sub-trees are skipped
// whole, arrays only visit the elements that start inside the value).
//
// Explicit layouts (Type::structWithLayout) may describe fields that reach past the struct's
// size (ctypes' unions, bit-fields and packed structs): a field that starts at or past the end
// of its enclosing struct, rounded up to the next multiple of 8 bytes from the value's start, is
// not part of the value and is left out (libffi's x86-64 classification stops there too, as the
// runtime tests check against it). Overlapping explicit layouts nested
// in each other could make the leaves many: past kMaxLeafSteps visited nodes flattenLeaves
// stops and returns false (validateSignature refuses such values, so classifiers need not
// check).
// The filler before a record member at a given offset (Field::offset): the bytes between the end
// of the member before it and it, an `unsigned char` array in C ({0, 0} for any other member).
struct Filler {
  uint64_t offset = 0, size = 0;
};
Filler fillerBefore(const Type& record, size_t i, Abi abi);

inline constexpr uint64_t kMaxFlattenedSize = 64;
inline constexpr uint32_t kMaxLeafSteps = 1u << 16;
bool flattenLeaves(const Type& type, Abi abi, uint64_t base, std::vector<Leaf>& out);

// Which value of a signature an error message names: the return value, or argument `index`.
inline constexpr size_t kReturnValue = SIZE_MAX;
// "return value", "argument 3": put into words only when an error needs them.
std::string valueName(size_t index);

// Checks that hold for every ABI: argument counts, nesting depth, value sizes (and values small
// enough to flatten that flatten in bounded time), arrays as values, void arguments (allowed,
// except variadic ones), variadic promotion.
Error validateSignature(const Signature& sig, Abi abi);
// The last check of every plan: its outgoing stack area plus copy area, computed in 64 bits by
// the classifier, within kMaxFrameSize (stored into the plan's 32-bit fields only then).
Error setFrame(CallPlan& plan, uint64_t stackBytes, uint64_t copyBytes);

// Integer extension for a scalar kind narrower than 8 bytes.
constexpr Ext extensionOf(TypeKind kind) {
  switch (kind) {
    case TypeKind::kI8:
    case TypeKind::kI16:
    case TypeKind::kI32: return Ext::kSext;
    case TypeKind::kU8:
    case TypeKind::kU16:
    case TypeKind::kU32: return Ext::kZext;
    default: return Ext::kNone;
  }
}

// Appends values and pieces to a plan. (The small steps are inline: a table-placed signature
// takes them once per value.)
class PlanBuilder {
 public:
  PlanBuilder(Abi abi, const Signature& sig);

  // Starts the plan of a value (the return value first, then each argument in order) and fills
  // its size, alignment and slot mode from the type.
  ValuePlan& begin(ValuePlan& v, const Type& type, PassMode mode);
  // The same from the value's layout and slot mode, known already (placeByTable's scalars).
  ValuePlan& begin(ValuePlan& v, PassMode mode, Layout l, bool inSlot) {
    v.mode = mode;
    v.size = uint32_t(l.size);
    v.align = l.align;
    v.inSlot = inSlot;
    v.firstPiece = uint32_t(plan_.pieces.size());
    v.pieceCount = 0;
    return v;
  }
  void addPiece(ValuePlan& v, const Piece& p) {
    plan_.pieces.push_back(p);
    ++v.pieceCount;
  }
  // Helpers that build common pieces.
  static Piece reg(PieceLoc loc, uint8_t reg, uint32_t offset, uint32_t size, Ext ext = Ext::kNone) {
    Piece p;
    p.loc = loc;
    p.reg = reg;
    p.ext = ext;
    p.offset = offset;
    p.size = size;
    p.width = ext == Ext::kNone ? 0 : 8;
    return p;
  }
  static Piece stack(int32_t stackOffset, uint32_t offset, uint32_t size, uint8_t width, Ext ext = Ext::kNone) {
    Piece p;
    p.loc = PieceLoc::kStack;
    p.ext = ext;
    p.offset = offset;
    p.size = size;
    p.width = ext == Ext::kNone ? 0 : width;
    p.stackOffset = stackOffset;
    return p;
  }

  CallPlan& plan() { return plan_; }
  Abi abi() const { return plan_.abi; }

 private:
  CallPlan plan_;
};

inline uint64_t alignUp(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

// Per-ABI classifiers (one file each).
// byTable: signatures of one-eightbyte scalars are placed from a table (sysv_x64.cpp); false
// places every signature value by value (the tests compare both).
Result<CallPlan> classifySysV64(const Signature& sig, bool byTable = true);
Result<CallPlan> classifyWin64(const Signature& sig, Abi abi);
Result<CallPlan> classifyAapcs64(const Signature& sig, Abi abi);
Result<CallPlan> classifyRv64(const Signature& sig);

}  // namespace jitffi::internal
