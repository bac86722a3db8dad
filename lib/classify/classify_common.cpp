// SPDX-License-Identifier: MIT
// Checks and helpers shared by every classifier, and the classify() entry point.
#include "classify_p.h"

#include <algorithm>
#include <string>

namespace jitffi {
namespace internal {

namespace {

struct Flattener {
  Abi abi;
  std::vector<Leaf>& out;
  uint64_t base;  // where the value starts
  uint32_t steps = kMaxLeafSteps;

  // Appends the leaves of `type` at `at` that start before `end`.
  bool visit(const Type& type, uint64_t at, uint64_t end, bool preset) {
    const Layout l = type.layout(abi);
    if (l.size == 0 || at >= end) return true;  // nothing, or not part of the value
    if (--steps == 0) return false;
    switch (type.kind()) {
      case TypeKind::kStruct: {
        // Fields that start past the struct's end, rounded up to the value's next eightbyte, are
        // not part of it.
        const uint64_t own = std::min(end, saturatingAdd(base, alignUp(saturatingAdd(at - base, l.size), 8)));
        auto fields = type.fields();
        auto offsets = type.fieldOffsets(abi);
        preset = preset || type.hasExplicitLayout();
        for (size_t i = 0; i < fields.size() && at + offsets[i] < own; ++i) {  // offsets ascend
          if (const Filler f = fillerBefore(type, i, abi); f.size != 0) {
            out.push_back({TypeKind::kU8, at + f.offset, {f.size, 1}, false, preset});
          }
          if (const uint32_t bits = type.fieldBits(i); bits != Field::kNoBits) {
            if (bits == 0) continue;  // a zero-width bit-field holds nothing
            const uint64_t first = type.fieldBitOffset(i, abi);
            const uint64_t bytes = (first + bits + 7) / 8 - first / 8;
            out.push_back({fields[i].kind(), at + first / 8, {bytes, 1}, true, preset});
            continue;
          }
          if (!visit(fields[i], at + offsets[i], own, preset)) return false;
        }
        return true;
      }
      case TypeKind::kArray: {
        const Type element = type.element();
        const uint64_t stride = element.layout(abi).size;
        const uint64_t n = std::min(type.arrayLength(), (end - at + stride - 1) / stride);
        for (uint64_t i = 0; i < n; ++i) {
          if (!visit(element, at + i * stride, end, preset)) return false;
        }
        return true;
      }
      default:
        if (type.isComplex()) {
          const TypeKind part = complexPart(type.kind());
          const Layout pl = scalarLayout(part, longDoubleModel(abi));
          out.push_back({part, at, pl, false, preset});
          if (at + pl.size < end) out.push_back({part, at + pl.size, pl, false, preset});
          return true;
        }
        out.push_back({type.kind(), at, l, false, preset});  // a scalar, or a whole vector
        return true;
    }
  }
};

}  // namespace

Filler fillerBefore(const Type& record, size_t i, Abi abi) {
  const uint64_t at = record.fieldGivenOffset(i);
  if (at == Field::kNextOffset) return {};
  // The member before it is no bit-field (Type::record): it ends with its bytes.
  const uint64_t end = i == 0 ? 0 : record.fieldOffsets(abi)[i - 1] + record.fields()[i - 1].layout(abi).size;
  return {end, at - end};
}

bool flattenLeaves(const Type& type, Abi abi, uint64_t base, std::vector<Leaf>& out) {
  Flattener f{abi, out, base};
  return f.visit(type, base, saturatingAdd(base, alignUp(type.layout(abi).size, 8)), false);
}

namespace {

std::string sizeText(uint64_t size) {
  return size >= kSizeSaturated ? "at least 2^62" : std::to_string(size);
}

// The checks of a struct or array value (a scalar, with no node, has no depth, is no array and
// has at most 32 bytes: validateSignature calls this for aggregates only, so that a scalar makes
// no Error to return).
Error checkAggregate(const Type& t, Abi abi, size_t index) {
  if (t.depth() > kMaxDepth) {
    return fail(Status::kBadTypedef, valueName(index) + ": structs and arrays nested deeper than " +
                                         std::to_string(kMaxDepth) + " levels");
  }
  if (t.isArray()) {
    return fail(Status::kBadTypedef, valueName(index) + ": an array is no value type (C passes no array by "
                                            "value; a struct can hold one)");
  }
  const Layout l = t.layout(abi);
  if (l.size > kMaxValueSize) {
    return fail(Status::kUnsupported, valueName(index) + ": a value of " + sizeText(l.size) +
                                          " bytes is larger than the " +
                                          std::to_string(kMaxValueSize) + "-byte limit");
  }
  if (l.size <= kMaxFlattenedSize && t.isStruct()) {
    std::vector<Leaf> leaves;
    if (!flattenLeaves(t, abi, 0, leaves)) {
      return fail(Status::kUnsupported, valueName(index) + ": explicit layouts nested in each other describe more "
                                               "than " + std::to_string(kMaxLeafSteps) + " members");
    }
  }
  return {};
}

}  // namespace

std::string valueName(size_t index) {
  return index == kReturnValue ? "return value" : "argument " + std::to_string(index);
}

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
  if (sig.ret.isAggregate()) JITFFI_TRY(checkAggregate(sig.ret, abi, kReturnValue));
  for (size_t i = 0; i < sig.args.size(); ++i) {
    const Type& a = sig.args[i];
    if (a.isAggregate()) JITFFI_TRY(checkAggregate(a, abi, i));
    // C's default argument promotions: a variadic argument is never a float or an integer
    // narrower than int (libffi's ffi_prep_cif_var rejects these with FFI_BAD_ARGTYPE, and a
    // variadic void, which it counts as one byte, too).
    if (sig.variadic && i >= sig.fixedCount) {
      const Layout l = a.layout(abi);
      if (a.kind() == TypeKind::kF32 || (a.isInteger() && l.size < 4) || a.isVoid()) {
        return fail(Status::kBadArgType,
                    valueName(i) + ": a variadic " + a.toText() +
                        (a.isVoid() ? " is no value" : " must be promoted by the caller (to f64 or i32)"));
      }
    }
  }
  return {};
}

Error setFrame(CallPlan& plan, uint64_t stackBytes, uint64_t copyBytes) {
  if (stackBytes + copyBytes > kMaxFrameSize) {
    return fail(Status::kUnsupported, "the arguments need " + std::to_string(stackBytes) +
                                          " bytes of stack and " + std::to_string(copyBytes) +
                                          " bytes of copies, more than the " +
                                          std::to_string(kMaxFrameSize) + "-byte limit of one call");
  }
  plan.stackBytes = uint32_t(stackBytes);
  plan.copyBytes = uint32_t(copyBytes);
  return {};
}

PlanBuilder::PlanBuilder(Abi abi, const Signature& sig) {
  plan_.abi = abi;
  plan_.arch = archOf(abi);
  plan_.variadic = sig.variadic;
  plan_.fixedCount = sig.fixedCount;
  plan_.args.resize(sig.args.size());
  // One piece per value is the common case (scalars): one allocation for all of them.
  plan_.pieces.reserve(sig.args.size() + 1);
}

ValuePlan& PlanBuilder::begin(ValuePlan& v, const Type& type, PassMode mode) {
  const Layout l = type.layout(plan_.abi);
  // Interpreter shape: scalars of at most 8 bytes sit in their slot; the rest by pointer.
  return begin(v, mode, l, !type.isStruct() && !type.isVoid() && l.size <= 8);
}

}  // namespace internal

namespace {

Result<CallPlan> classifyForAbi(const Signature& sig, Abi abi) {
  switch (abi) {
    case Abi::kSysV64: return internal::classifySysV64(sig);
    case Abi::kWin64:
    case Abi::kGnuWin64: return internal::classifyWin64(sig, abi);
    case Abi::kAapcs64:
    case Abi::kApple64:
    case Abi::kWinArm64: return internal::classifyAapcs64(sig, abi);
    case Abi::kRv64: return internal::classifyRv64(sig);
  }
  return internal::fail(Status::kBadAbi, "unknown ABI");
}

}  // namespace

Result<CallPlan> classify(const Signature& sig, Abi abi, CallOptions options) {
  if (uint8_t(abi) >= kAbiCount) {
    return internal::fail(Status::kBadAbi, "unknown ABI " + std::to_string(int(abi)));
  }
  if (!knownOptions(options)) {
    return internal::fail(Status::kInvalidArgument, "unknown errno mode " + std::to_string(int(options.errnoMode)));
  }
  JITFFI_TRY(internal::validateSignature(sig, abi));
  auto plan = classifyForAbi(sig, abi);
  if (plan) {
    plan->retWiden = internal::extensionOf(sig.ret.kind());
    plan->errnoMode = options.errnoMode;
  }
  return plan;
}

}  // namespace jitffi
