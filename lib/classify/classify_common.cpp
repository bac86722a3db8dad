// SPDX-License-Identifier: MIT
// Checks and helpers shared by every classifier, and the classify() entry point.
#include "classify_p.h"

#include <string>

namespace jitffi {
namespace internal {

void flattenLeaves(const Type& type, LongDoubleModel model, uint64_t base, std::vector<Leaf>& out) {
  switch (type.kind()) {
    case TypeKind::kStruct: {
      auto fields = type.fields();
      auto offsets = type.fieldOffsets(model);
      for (size_t i = 0; i < fields.size(); ++i) flattenLeaves(fields[i], model, base + offsets[i], out);
      return;
    }
    case TypeKind::kComplexF32:
    case TypeKind::kComplexF64:
    case TypeKind::kComplexLongDouble: {
      const TypeKind part = type.kind() == TypeKind::kComplexF32   ? TypeKind::kF32
                            : type.kind() == TypeKind::kComplexF64 ? TypeKind::kF64
                                                                   : TypeKind::kLongDouble;
      const Layout pl = scalarLayout(part, model);
      out.push_back({part, base, pl});
      out.push_back({part, base + pl.size, pl});
      return;
    }
    case TypeKind::kVoid: return;
    default: out.push_back({type.kind(), base, type.layout(model)}); return;
  }
}

namespace {

Error checkType(const Type& t, Abi abi, const std::string& what) {
  if (t.depth() > kMaxDepth) {
    return fail(Status::kBadTypedef, what + ": structs nested deeper than " +
                                         std::to_string(kMaxDepth) + " levels");
  }
  if (t.layout(abi).size > kMaxValueSize) {
    return fail(Status::kUnsupported, what + ": a value of " + std::to_string(t.layout(abi).size) +
                                          " bytes is larger than the " +
                                          std::to_string(kMaxValueSize) + "-byte limit");
  }
  return {};
}

}  // namespace

Error validateSignature(const Signature& sig, Abi abi) {
  if (sig.args.size() > kMaxArgs) {
    return fail(Status::kBadArgType, std::to_string(sig.args.size()) +
                                         " arguments: more than the limit of " +
                                         std::to_string(kMaxArgs));
  }
  if (sig.fixedCount > sig.args.size()) {
    return fail(Status::kBadArgType, "more fixed arguments than arguments");
  }
  if (!sig.variadic && sig.fixedCount != sig.args.size()) {
    return fail(Status::kBadArgType, "fixed argument count differs from the argument count");
  }
  JITFFI_TRY(checkType(sig.ret, abi, "return value"));
  for (size_t i = 0; i < sig.args.size(); ++i) {
    const Type& a = sig.args[i];
    const std::string what = "argument " + std::to_string(i);
    if (a.isVoid()) return fail(Status::kBadTypedef, what + ": void is not an argument type");
    JITFFI_TRY(checkType(a, abi, what));
    // C's default argument promotions: a variadic argument is never a float or an integer
    // narrower than int (libffi's ffi_prep_cif_var rejects these with FFI_BAD_ARGTYPE).
    if (sig.variadic && i >= sig.fixedCount) {
      const Layout l = a.layout(abi);
      if (a.kind() == TypeKind::kF32 || (a.isInteger() && l.size < 4)) {
        return fail(Status::kBadArgType,
                    what + ": a variadic " + a.toText() +
                        " must be promoted by the caller (to f64 or i32)");
      }
    }
  }
  return {};
}

Ext extensionOf(TypeKind kind) {
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

PlanBuilder::PlanBuilder(Abi abi, const Signature& sig) : model_(longDoubleModel(abi)) {
  plan_.abi = abi;
  plan_.arch = archOf(abi);
  plan_.variadic = sig.variadic;
  plan_.fixedCount = sig.fixedCount;
  plan_.args.resize(sig.args.size());
}

ValuePlan& PlanBuilder::begin(ValuePlan& v, const Type& type, PassMode mode) {
  const Layout l = type.layout(model_);
  v.mode = mode;
  v.size = uint32_t(l.size);
  v.align = l.align;
  // Interpreter shape: scalars of at most 8 bytes sit in their slot; the rest by pointer.
  v.inSlot = !type.isStruct() && !type.isVoid() && l.size <= 8;
  v.firstPiece = uint32_t(plan_.pieces.size());
  v.pieceCount = 0;
  return v;
}

void PlanBuilder::addPiece(ValuePlan& v, const Piece& p) {
  plan_.pieces.push_back(p);
  ++v.pieceCount;
}

Piece PlanBuilder::reg(PieceLoc loc, uint8_t reg, uint32_t offset, uint32_t size, Ext ext) {
  Piece p;
  p.loc = loc;
  p.reg = reg;
  p.ext = ext;
  p.offset = offset;
  p.size = size;
  p.width = ext == Ext::kNone ? 0 : 8;
  return p;
}

Piece PlanBuilder::stack(int32_t stackOffset, uint32_t offset, uint32_t size, uint8_t width, Ext ext) {
  Piece p;
  p.loc = PieceLoc::kStack;
  p.ext = ext;
  p.offset = offset;
  p.size = size;
  p.width = ext == Ext::kNone ? 0 : width;
  p.stackOffset = stackOffset;
  return p;
}

}  // namespace internal

Result<CallPlan> classify(const Signature& sig, Abi abi) {
  if (uint8_t(abi) >= kAbiCount) {
    return internal::fail(Status::kBadAbi, "unknown ABI " + std::to_string(int(abi)));
  }
  JITFFI_TRY(internal::validateSignature(sig, abi));
  switch (abi) {
    case Abi::kSysV64: return internal::classifySysV64(sig);
    case Abi::kWin64:
    case Abi::kGnuWin64: return internal::classifyWin64(sig, abi);
    case Abi::kAapcs64:
    case Abi::kApple64: return internal::classifyAapcs64(sig, abi);
  }
  return internal::fail(Status::kBadAbi, "unknown ABI");
}

}  // namespace jitffi
