// SPDX-License-Identifier: MIT
// The Microsoft x64 classifier (libffi's FFI_WIN64 / FFI_EFI64 and FFI_GNUW64).
//
// Implements Microsoft's "x64 calling convention" (learn.microsoft.com, cpp/build/x64-calling-
// convention), tags ABI[win64 …], with gcc's choices for the types MSVC does not have
// (ABI[gnuw64 …]: what gcc 12 does for __attribute__((ms_abi)) / x86_64-w64-mingw32).
#include <algorithm>
#include <string>

#include "classify_p.h"

namespace jitffi::internal {
namespace {

// ABI[win64 parameter passing]: "The first four arguments are assigned to registers by
// position": integer slots RCX, RDX, R8, R9; floating-point slots XMM0–XMM3.
constexpr uint8_t kIntSlotRegs[] = {x64::kRcx, x64::kRdx, x64::kR8, x64::kR9};
constexpr unsigned kRegisterSlots = 4;
// ABI[win64 stack allocation]: "the caller is responsible for allocating space for the
// parameters [to the callee] ... always allocate sufficient space to store four register
// parameters" — the 32-byte home area.
constexpr uint32_t kHomeArea = 32;

enum class How : uint8_t {
  kIgnore,     // passes nothing
  kInteger,    // by value in an integer slot (integers, pointers, small aggregates)
  kFloat,      // by value in a floating-point slot
  kReference,  // by reference to a caller-made copy
  kVector16,   // (returns only) in XMM0, all 16 bytes
  kVoidByte,   // (arguments only) a void argument: libffi's FFI_WIN64 and FFI_GNUW64 pass the one
               // byte ffi_type_void has (size 1) in the argument's slot, zero-extended, and a
               // closure finds it there; the slot is taken either way
};

bool isAggregate(const Type& t) { return t.isStruct() || t.isComplex(); }

How howArgument(const Type& t, Abi abi, uint64_t size) {
  if (isAggregate(t)) {
    // ABI[win64 parameter passing]: "Structs and unions of size 8, 16, 32, or 64 bits ... are
    // passed as if they were integers of the same size. Structs or unions of other sizes are
    // passed as a pointer to memory allocated by the caller." gcc treats complex numbers (of
    // floating and of integer parts) and empty structs (size 0) the same way.
    return (size == 1 || size == 2 || size == 4 || size == 8) ? How::kInteger : How::kReference;
  }
  switch (t.kind()) {
    case TypeKind::kVoid: return How::kVoidByte;
    case TypeKind::kF32:
    case TypeKind::kF64: return How::kFloat;
    case TypeKind::kLongDouble:
      // FFI_WIN64: long double is double. ABI[gnuw64]: gcc's 80-bit long double is passed by
      // reference.
      return abi == Abi::kWin64 ? How::kFloat : How::kReference;
    case TypeKind::kI128:
    case TypeKind::kU128:
      // ABI[gnuw64]: __int128 is passed by reference (16 bytes is not an integer size).
      return How::kReference;
    default: return How::kInteger;
  }
}

How howReturn(const Type& t, Abi abi, uint64_t size) {
  if (size == 0) return How::kIgnore;  // void; ABI[gnuw64]: an empty struct returns nothing
  if (isAggregate(t)) {
    // ABI[win64 return values]: "User-defined types can be returned by value ... if they have
    // a length of 1, 2, 4, 8 ... bits [bytes]" in RAX; "otherwise, the caller must allocate
    // memory for the return value and pass a pointer to it as the first argument".
    return (size == 1 || size == 2 || size == 4 || size == 8) ? How::kInteger : How::kReference;
  }
  switch (t.kind()) {
    case TypeKind::kF32:
    case TypeKind::kF64: return How::kFloat;  // "returned in XMM0"
    case TypeKind::kLongDouble: return abi == Abi::kWin64 ? How::kFloat : How::kReference;
    case TypeKind::kI128:
    case TypeKind::kU128: return How::kVector16;  // ABI[gnuw64]: __int128 comes back in XMM0
    default: return How::kInteger;  // "returned in RAX"
  }
}

Ext scalarExt(const Type& t) { return isAggregate(t) ? Ext::kNone : extensionOf(t.kind()); }

// Vectors (__m128 and the like, alone or in a struct): MSVC passes __m128 by reference and
// returns it in XMM0, gcc's ms_abi differs, and libffi refuses them (FFI_BAD_TYPEDEF); so does
// jitffi.
Error refuseVectors(const Type& t, size_t index) {
  if (t.largestVector() == 0) return {};
  return fail(Status::kBadTypedef, valueName(index) + ": " + t.toText() + " holds a vector (not supported by Win64)");
}

}  // namespace

Result<CallPlan> classifyWin64(const Signature& sig, Abi abi) {
  JITFFI_TRY(refuseVectors(sig.ret, kReturnValue));
  for (size_t i = 0; i < sig.args.size(); ++i) JITFFI_TRY(refuseVectors(sig.args[i], i));
  PlanBuilder b(abi, sig);
  CallPlan& plan = b.plan();
  unsigned slot = 0;  // the next positional slot
  uint64_t copies = 0;  // checked against kMaxFrameSize at the end (setFrame)

  // The return value (its hidden pointer takes the first slot).
  {
    ValuePlan& v = plan.ret;
    const uint64_t size = sig.ret.layout(abi).size;
    switch (howReturn(sig.ret, abi, size)) {
      case How::kIgnore: b.begin(v, sig.ret, PassMode::kIgnore); break;
      case How::kInteger:
        b.begin(v, sig.ret, PassMode::kDirect);
        b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, x64::kRax, 0, uint32_t(size), scalarExt(sig.ret)));
        break;
      case How::kFloat:
        b.begin(v, sig.ret, PassMode::kDirect);
        b.addPiece(v, PlanBuilder::reg(PieceLoc::kVec, 0, 0, uint32_t(size)));
        break;
      case How::kVector16:
        b.begin(v, sig.ret, PassMode::kDirect);
        b.addPiece(v, PlanBuilder::reg(PieceLoc::kVec, 0, 0, 16));
        break;
      case How::kReference:
        // ABI[win64 return values]: the hidden pointer is "the first argument", and "the
        // callee must return the same pointer ... in RAX".
        b.begin(v, sig.ret, PassMode::kIndirect);
        b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, kIntSlotRegs[slot++], 0, 8));
        plan.sretReturnReg = int8_t(x64::kRax);
        break;
      case How::kVoidByte: break;  // not produced for returns
    }
  }

  for (size_t i = 0; i < sig.args.size(); ++i) {
    const Type& t = sig.args[i];
    ValuePlan& v = plan.args[i];
    const uint64_t size = t.layout(abi).size;
    const unsigned s = slot++;
    const bool onStack = s >= kRegisterSlots;
    // ABI[win64 stack allocation]: stack arguments follow the home area, 8 bytes each.
    const int32_t stackOffset = int32_t(kHomeArea + 8 * (s - (onStack ? kRegisterSlots : 0)));
    const bool variadicPart = sig.variadic && i >= sig.fixedCount;
    switch (howArgument(t, abi, size)) {
      case How::kInteger:
        b.begin(v, t, PassMode::kDirect);
        if (onStack) b.addPiece(v, PlanBuilder::stack(stackOffset, 0, uint32_t(size), 8, scalarExt(t)));
        else b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, kIntSlotRegs[s], 0, uint32_t(size), scalarExt(t)));
        break;
      case How::kFloat:
        b.begin(v, t, PassMode::kDirect);
        if (onStack) {
          b.addPiece(v, PlanBuilder::stack(stackOffset, 0, uint32_t(size), 8));
        } else {
          b.addPiece(v, PlanBuilder::reg(PieceLoc::kVec, uint8_t(s), 0, uint32_t(size)));
          // ABI[win64 varargs]: "For floating-point values only, both the integer register
          // and the floating-point register must contain the value, in case the callee expects
          // the value in the integer registers." (gcc does so for the variadic part.)
          if (variadicPart) b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, kIntSlotRegs[s], 0, uint32_t(size)));
        }
        break;
      case How::kReference: {
        // The copy is required (callers must not pass their own object: the callee may write
        // it). ABI[win64 parameter passing]: "the caller-allocated temporary memory must be
        // 16-byte aligned".
        b.begin(v, t, PassMode::kIndirect);
        v.copyOffset = uint32_t(copies);
        copies += alignUp(std::max<uint64_t>(size, 1), 16);
        if (onStack) b.addPiece(v, PlanBuilder::stack(stackOffset, 0, 8, 8));
        else b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, kIntSlotRegs[s], 0, 8));
        break;
      }
      case How::kVoidByte:
        b.begin(v, t, PassMode::kDirect);
        v.size = 1;
        if (onStack) b.addPiece(v, PlanBuilder::stack(stackOffset, 0, 1, 8, Ext::kZext));
        else b.addPiece(v, PlanBuilder::reg(PieceLoc::kGp, kIntSlotRegs[s], 0, 1, Ext::kZext));
        break;
      case How::kIgnore:
      case How::kVector16: break;  // not produced for arguments
    }
  }

  const unsigned stackSlots = slot > kRegisterSlots ? slot - kRegisterSlots : 0;
  JITFFI_TRY(setFrame(plan, alignUp(kHomeArea + 8 * stackSlots, 16), copies));
  for (uint8_t r : kIntSlotRegs) plan.argGpMask |= 1u << r;
  plan.argVecMask = (1u << kRegisterSlots) - 1;
  // ABI[win64 caller/callee saved registers]: "RBX, RBP, RDI, RSI, RSP, R12, R13, R14, R15,
  // and XMM6-XMM15 are considered nonvolatile and must be saved and restored by a function
  // that uses them."
  plan.calleeSavedGp = (1u << x64::kRbx) | (1u << x64::kRbp) | (1u << x64::kRdi) | (1u << x64::kRsi) | (0xFu << 12);
  plan.calleeSavedVec = 0xFFC0;  // xmm6–xmm15
  plan.calleeSavedVecBytes = 16;
  return std::move(plan);
}

}  // namespace jitffi::internal
