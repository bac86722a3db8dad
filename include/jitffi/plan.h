// SPDX-License-Identifier: MIT
// jitffi — the call plan: the whole contract between classification and code.
//
// A classifier (lib/classify, pure) turns a Signature into a CallPlan for one ABI. Emitters
// (lib/emit) and the interpreted fallback read only the plan — never a Type — and make no ABI
// decision: anything they need to know is here.
//
// For the return value and for each argument the plan says how the value travels (ValuePlan::
// mode) and, piece by piece, exactly where: which register of which class or which stack offset,
// which bytes of the C value, and how a narrow integer is widened.
//
// The plan prints as stable text (formatPlan), which is what the classifier tests compare and
// what `jitffi plan` shows:
//
//   ret: direct rax=0+4:s          the return value's bytes [0,4) in rax, sign-extended
//   a0: direct xmm0=0+8            argument 0's bytes [0,8) in xmm0
//   a1: direct rdi=0+8 xmm1=8+8    a struct split between a general and a vector register
//   a2: direct [sp+0]=0+24         24 bytes copied to the outgoing stack area at offset 0
//   a3: direct [sp+24]=0+1:s/8     a char on the stack, sign-extended to an 8-byte slot
//   a4: indirect rcx copy+0        a pointer to a caller-made copy (at offset 0 of the copy area)
//   ret: indirect rdi ->rax        hidden result pointer in rdi, handed back in rax
//   ret: indirect x8               (AAPCS64) the result address in x8, not handed back
//   a0: direct v0=0+4 v1=4+4       (AAPCS64) an HFA of two floats, one member per register
//   a0: direct fa0=0+4:n a0=4+4    (RISC-V) a struct {float; int}: the float NaN-boxed in fa0,
//                                  the int in a0 (registers by their ABI names)
//   frame: stack=32 copy=0 fixed=1 count=rax:2   outgoing stack bytes, copy-area bytes, fixed
//                                  argument count (variadic), constant register at the call
//   errno: set+capture             (a call option) the stub sets errno before the call and
//                                  reads it after (ErrnoMode)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "jitffi/abi.h"
#include "jitffi/error.h"
#include "jitffi/export.h"

namespace jitffi {

struct Signature;

enum class PieceLoc : uint8_t {
  kGp = 0,     // general-purpose register `reg`
  kVec = 1,    // vector/FP register `reg` (xmm n / v n); the piece sits in its low bytes
               // (AArch64: s n for 4 bytes, d n for 8, q n for 16)
  kX87 = 2,    // x87 stack register st(`reg`) (returns only)
  kStack = 3,  // outgoing stack area at `stackOffset`
};

enum class Ext : uint8_t {
  kNone = 0,
  kSext = 1,    // sign-extend the piece's `size` bytes to the destination's width
  kZext = 2,    // zero-extend
  kNanBox = 3,  // (RISC-V) fill the bytes above the piece with ones up to the destination's
                // width: a float in a 64-bit FP register is NaN-boxed
};

struct Piece {
  PieceLoc loc = PieceLoc::kGp;
  uint8_t reg = 0;        // hardware register number (x86-64: rax=0 … r15=15, xmm0=0 …;
                          // AArch64: x0=0 … x30=30, v0=0 … v31=31; RISC-V: x0 … x31, so
                          // a0=10 … a7=17, and f0 … f31, so fa0=10 … fa7=17)
  Ext ext = Ext::kNone;   // for integers narrower than 8 bytes, and (kNanBox) floats in
                          // RISC-V FP registers. RISC-V's psABI makes it a contract (the
                          // caller widens arguments, the callee results: an unsigned int is
                          // kSext there); elsewhere the register is widened as C widens the
                          // type (AAPCS64 callees ignore the bits above)
  uint8_t width = 0;      // with an extension: the bytes the widened value fills (8 for a
                          // register or an 8-byte stack slot); 0 without one, when exactly
                          // `size` bytes are moved
  uint32_t offset = 0;    // first byte of the C value carried by this piece
  uint32_t size = 0;      // number of bytes of the C value carried by this piece
  int32_t stackOffset = 0;  // kStack: offset from the stack pointer at the call instruction

  bool operator==(const Piece&) const = default;
};

enum class PassMode : uint8_t {
  kIgnore = 0,    // nothing travels: a void return, an empty struct
  kDirect = 1,    // the value's bytes travel in the pieces
  kIndirect = 2,  // an address travels in the single piece: for an argument, the address of a
                  // copy the caller makes (copyOffset); for the return value, the hidden
                  // result pointer (the callee writes the value there)
};

struct ValuePlan {
  PassMode mode = PassMode::kIgnore;
  // Interpreter (slot) shape: the value itself sits in its 8-byte slot (scalars of at most 8
  // bytes); otherwise the slot holds a pointer to the value (structs, long double, int128…).
  bool inSlot = false;
  uint32_t size = 0;        // bytes of the C value
  uint32_t align = 1;
  uint32_t firstPiece = 0;  // index into CallPlan::pieces
  uint32_t pieceCount = 0;
  uint32_t copyOffset = 0;  // kIndirect argument: where the copy lives in the copy area

  bool operator==(const ValuePlan&) const = default;
};

// What a call stub does with the calling thread's errno, a call option (CallOptions). The stubs of
// a plan with an errno mode have a fifth parameter and a result (emit_p.h, "errno stubs"):
//   int stub(ctx, fn, rvalue, args, int errnoIn)
enum class ErrnoMode : uint8_t {
  kNone = 0,
  // errno is read right after the function returns, before anything else can change it, and is
  // the stub's result.
  kCapture = 1,
  // errno is also set to errnoIn just before the function is called (strtol and others report
  // some errors only through errno, so the caller must clear it first). Setting without reading
  // is this mode with the result ignored.
  kSetAndCapture = 2,
};
inline constexpr unsigned kErrnoModeCount = 3;

// Options of a call that change its stubs; part of an interface's identity (the cache key) and
// copied into its plan, which is all the emitters read.
struct CallOptions {
  ErrnoMode errnoMode = ErrnoMode::kNone;

  bool operator==(const CallOptions&) const = default;
};

// Whether every option holds a value this version knows (classify refuses the others with
// kInvalidArgument; the cache consults this before building a key of them).
inline constexpr bool knownOptions(CallOptions options) { return uint8_t(options.errnoMode) < kErrnoModeCount; }

struct CallPlan {
  Abi abi = Abi::kSysV64;
  Arch arch = Arch::kX64;
  ValuePlan ret;
  std::vector<ValuePlan> args;
  std::vector<Piece> pieces;
  // Outgoing stack argument area (including any home/shadow area), a multiple of 16.
  uint32_t stackBytes = 0;
  // Area for caller-made copies of by-reference arguments, a multiple of 16; it lies above the
  // outgoing argument area in the caller's frame.
  uint32_t copyBytes = 0;
  bool variadic = false;
  uint32_t fixedCount = 0;
  // A register that must hold a constant at the call (SysV x86-64: %al = number of vector
  // registers used, for variadic callees); -1 when none.
  int8_t countReg = -1;
  uint8_t countValue = 0;
  // When the return is kIndirect: a register in which the callee hands the hidden result
  // pointer back (SysV and Win64: rax); -1 when the ABI does not require it (AAPCS64: the
  // callee need not preserve x8 nor return the address).
  int8_t sretReturnReg = -1;
  // The registers that can carry arguments under this ABI: a bit per GP register and a bit per
  // vector/FP register (hardware numbers). Variadic closure entries save all of them for the
  // variadic-argument cursor.
  uint32_t argGpMask = 0;
  uint32_t argVecMask = 0;
  // Registers a callee must preserve under this ABI (a bit per GP register, a bit per vector
  // register). A closure entry saves the ones its handler's (host) convention may clobber.
  uint32_t calleeSavedGp = 0;
  uint32_t calleeSavedVec = 0;
  // How many low bytes of each register in calleeSavedVec a callee must preserve: 16 on Win64
  // (all of xmm6–xmm15), 8 on AArch64 (only the low 64 bits of v8–v15, i.e. d8–d15; the caller
  // preserves the rest); 0 when calleeSavedVec is empty.
  uint8_t calleeSavedVecBytes = 0;
  // How a call widens an integral return narrower than 8 bytes into the caller's 8-byte result
  // (ffi_call's ffi_arg): as C converts the return type to a 64-bit integer — kSext for a signed
  // type, kZext for an unsigned one, kNone for anything else. The same as the return piece's ext
  // but on RISC-V, whose psABI has the callee sign-extend an unsigned int in its register.
  Ext retWiden = Ext::kNone;
  // The call options' errno mode (not an ABI fact: classification copies it from CallOptions).
  // Closure entries ignore it.
  ErrnoMode errnoMode = ErrnoMode::kNone;
  // The ABI reserves the platform register (AArch64 x18 on Apple platforms and Windows): no
  // code may write it, so nothing travels in it (no static chain: no Go closures or calls).
  bool platformRegReserved = false;

  const Piece* piecesOf(const ValuePlan& v) const { return pieces.data() + v.firstPiece; }
  bool operator==(const CallPlan&) const = default;
};

// Classify a signature for an ABI: pure (no system state, no code generation), available for
// every ABI on every host. The options are copied into the plan. Errors: kBadTypedef,
// kBadArgType, kUnsupported (the message says which argument and why).
JITFFI_API Result<CallPlan> classify(const Signature& sig, Abi abi, CallOptions options = {});

// Register names for printing: "rdi", "xmm0", "st0", "x8", "v1".
JITFFI_API std::string registerName(Arch arch, PieceLoc loc, unsigned reg);
// The plan as stable text (see the header comment). With a signature, each line also names the
// value's type after the line (as a comment "  # i32").
JITFFI_API std::string formatPlan(const CallPlan& plan, const Signature* sig = nullptr);
// "capture", "set+capture" ("none" for kNone): the plan text's and the tool's names.
JITFFI_API const char* errnoModeName(ErrnoMode mode);

}  // namespace jitffi
