// SPDX-License-Identifier: MIT
// The C API (and for huge descriptions the C++ API) on inputs real libffi programs give it,
// compared with the system libffi and with gcc-compiled callees and callers (inputs_callees.c):
//  - struct layouts preset by the caller (CPython's ctypes: arrays stood in for by one pointer
//    member, unions and bit-fields and packed structs described by members that do not fill the
//    preset size consistently), by value in calls and closures, in and out;
//  - &ffi_type_void as an argument type;
//  - non-struct types of size 0 (FFI_BAD_TYPEDEF, as libffi);
//  - huge values described by few ffi_type objects (a struct of 2^24 bytes as 25 shared nodes, a
//    flat struct of 100000 members), and calls whose stack area would wrap around 32 bits.
#include <gtest/gtest.h>

#include <ffi.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "inputs_shapes.h"
#include "jitffi/call.h"
#include "jitffi/plan.h"
#include "jitffi/signature.h"
#include "support/big_stack.h"
#include "support/sysffi.h"

// The register capture callee (capture_x64.S, capture_a64.S, capture_rv64.S): what a call left in the argument
// registers and on the stack.
extern "C" {
struct InputsCaptured {
  uint64_t gp[10];  // x86-64 SysV: rdi rsi rdx rcx r8 r9; Win64: rcx rdx r8 r9; AArch64: x0-x8, x18;
                    // RISC-V 64: a0-a7, t2
  uint64_t count;   // x86-64: rax at entry (SysV: the vector register count in %al)
  uint64_t pad;
  uint8_t vec[8][16];
  uint64_t stack[64];
};
extern InputsCaptured inputs_captured;
void inputs_capture();
#if defined(__x86_64__)
void inputs_capture_w64();
#endif
}

namespace {

using jitffi::test::SysFfi;

constexpr double kSeconds = 2.0;  // loose (sanitizer builds); the real figures are milliseconds

template <class F>
double seconds(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

const SysFfi* oracle() { return SysFfi::get() && SysFfi::faithful() ? SysFfi::get() : nullptr; }

// ffi_type graphs with stable addresses.
class Graph {
 public:
  ffi_type* strct(const std::vector<ffi_type*>& elements, size_t size = 0, unsigned short align = 0) {
    elements_.push_back(elements);
    elements_.back().push_back(nullptr);
    types_.push_back({size, align, FFI_TYPE_STRUCT, elements_.back().data()});
    return &types_.back();
  }

 private:
  std::deque<ffi_type> types_;
  std::deque<std::vector<ffi_type*>> elements_;
};

// ---- preset layouts: the placement libffi makes, register by register --------------------------

// The jitffi Type of a prepared description (as the C API converts it): for the plan, which names
// the registers that matter.
jitffi::Type typeOf(const ffi_type* t) {
  using jitffi::Type;
  switch (t->type) {
    case FFI_TYPE_SINT8: return Type::i8();
    case FFI_TYPE_UINT16: return Type::u16();
    case FFI_TYPE_SINT32: return Type::i32();
    case FFI_TYPE_FLOAT: return Type::f32();
    case FFI_TYPE_DOUBLE: return Type::f64();
    case FFI_TYPE_SINT64: return Type::i64();
    case FFI_TYPE_POINTER: return Type::ptr();
    default: break;
  }
  std::vector<Type> fields;
  for (ffi_type** e = t->elements; *e; ++e) fields.push_back(typeOf(*e));
  const Type natural = Type::structOf(fields);
  const jitffi::Layout nl = natural.layout(jitffi::Abi::kSysV64);
  const jitffi::Layout given{t->size, t->alignment ? t->alignment : nl.align};
  if (given.size == nl.size && given.align == nl.align) return natural;
  return Type::structWithLayout(fields, given);
}

// "{size 12 align 4: i32 {…} f64}", for messages.
std::string describe(const ffi_type* t) {
  switch (t->type) {
    case FFI_TYPE_SINT8: return "i8";
    case FFI_TYPE_UINT16: return "u16";
    case FFI_TYPE_SINT32: return "i32";
    case FFI_TYPE_FLOAT: return "f32";
    case FFI_TYPE_DOUBLE: return "f64";
    case FFI_TYPE_SINT64: return "i64";
    case FFI_TYPE_POINTER: return "ptr";
    default: break;
  }
  std::string s = "{size " + std::to_string(t->size) + " align " + std::to_string(t->alignment) + ":";
  for (ffi_type** e = t->elements; *e; ++e) s += " " + describe(*e);
  return s + "}";
}

// Fills the stack below the caller with a poison, so that whatever libffi leaves unset in the
// register area it builds on the stack does not happen to equal the value.
__attribute__((noinline)) void poisonStack() {
  volatile unsigned char area[1 << 16];
  std::memset(const_cast<unsigned char*>(area), 0xEE, sizeof area);
  asm volatile("" : : "r"(area) : "memory");
}

using CallFn = void (*)(ffi_cif*, void (*)(void), void*, void**);

InputsCaptured captureCall(CallFn call, ffi_cif* cif, void (*fn)(void), void* rvalue, void** av) {
  poisonStack();
  call(cif, fn, rvalue, av);
  return inputs_captured;
}

struct Sig {
  ffi_type* ret;
  std::vector<ffi_type*> args;
};

// Marks the bytes of a value its members occupy (at their C offsets, each within its enclosing
// struct's size): the bytes a callee of the described type reads. The rest is padding by the
// description, where libffi passes whatever is there (it copies 4 bytes for a float eightbyte, 8
// for others).
void markMembers(const ffi_type* t, size_t at, size_t end, std::vector<bool>& covered) {
  if (t->type != FFI_TYPE_STRUCT) {
    for (size_t i = at; i < at + t->size && i < end && i < covered.size(); ++i) covered[i] = true;
    return;
  }
  end = std::min(end, at + t->size);
  size_t off = 0;
  for (ffi_type** e = t->elements; *e; ++e) {
    const size_t a = (*e)->alignment ? (*e)->alignment : 1;
    off = (off + a - 1) / a * a;
    markMembers(*e, at + off, end, covered);
    off += (*e)->size;
  }
}

#if defined(__x86_64__)
// True when libffi classifies a member at a place other than where its bytes are: a nested
// struct at an offset that is no multiple of one of its members' alignments (only a preset
// alignment smaller than the member's allows that), whose members libffi aligns again within the
// eightbyte. jitffi classifies members where the bytes are; libffi's placement of such a value is
// not reproduced (docs/design.md).
bool libffiMisplacesMembers(const ffi_type* t, size_t at) {
  if (t->type != FFI_TYPE_STRUCT) return false;
  size_t off = 0;
  for (ffi_type** e = t->elements; *e; ++e) {
    const size_t a = (*e)->alignment ? (*e)->alignment : 1;
    if ((at % 8) % std::min<size_t>(a, 8) != 0) return true;
    off = (off + a - 1) / a * a;
    if (libffiMisplacesMembers(*e, at + off)) return true;
    off += (*e)->size;
  }
  return false;
}
#elif defined(__riscv)
// A scalar member of a description as libffi's riscv port flattens it (flatten_struct, at most
// three): its type, size and alignment, and its offset at the C offsets (preset alignments).
struct Leaf {
  unsigned short type;
  size_t offset, size, align;
};

void listLeaves(const ffi_type* t, size_t at, std::vector<Leaf>& out) {
  if (out.size() == 3) return;
  if (t->type != FFI_TYPE_STRUCT) {
    out.push_back({t->type, at, t->size, t->alignment});
    return;
  }
  size_t off = 0;
  for (ffi_type** e = t->elements; *e; ++e) {
    const size_t a = (*e)->alignment ? (*e)->alignment : 1;
    off = (off + a - 1) / a * a;
    listLeaves(*e, at + off, out);
    off += (*e)->size;
  }
}

bool isFloat(unsigned short k) { return k == FFI_TYPE_FLOAT || k == FFI_TYPE_DOUBLE; }

// Whether libffi's riscv port passes a struct as its members (struct_passed_as_elements, when
// registers are left): one float or double, or two members, one or both of them float or double,
// the other an integer of at most 8 bytes (no pointer). So does the psABI ("Hardware
// Floating-Point Calling Convention"), but for the offsets and the size (next).
bool libffiPassesAsMembers(const std::vector<Leaf>& l) {
  const auto isInt = [](unsigned short k) { return k >= FFI_TYPE_UINT8 && k <= FFI_TYPE_SINT64; };
  if (l.size() == 1) return isFloat(l[0].type);
  return l.size() == 2 && (isFloat(l[0].type) || isFloat(l[1].type)) && (isFloat(l[0].type) || isInt(l[0].type)) &&
         (isFloat(l[1].type) || isInt(l[1].type));
}

// Where libffi's riscv port places a preset layout unlike the psABI (and gcc, and jitffi), which
// take the members where their bytes are; not reproduced (docs/design.md): passing a struct as
// its members, libffi takes the second one right after the first (FFI_ALIGN(the first's size,
// the second's alignment)) and never looks at the preset size, so a member elsewhere (behind a
// nested struct's preset alignment) or reaching past the value's end (ctypes' unions, described
// as structs of their members) is passed from bytes that are not its. jitffi passes a struct
// whose members reach past its end by the integer convention, as gcc passes a union
// (lib/classify/rv64.cpp, hardwareFloatFields).
bool libffiFlattensOtherBytes(const ffi_type* t) {
  if (t->type != FFI_TYPE_STRUCT) return false;
  std::vector<Leaf> l;
  listLeaves(t, 0, l);
  if (!libffiPassesAsMembers(l)) return false;
  for (const Leaf& m : l) {
    if (m.offset + m.size > t->size) return true;
  }
  return l.size() == 2 && l[1].offset != (l[0].size + l[1].align - 1) / l[1].align * l[1].align;
}
#else
// The scalar members of a description, at any offset (a union's too), in order.
void listMembers(const ffi_type* t, std::vector<unsigned short>& out) {
  if (t->type != FFI_TYPE_STRUCT) {
    out.push_back(t->type);
    return;
  }
  for (ffi_type** e = t->elements; *e; ++e) listMembers(*e, out);
}

// The scalar members that start inside [at, end), at their C offsets (preset alignments).
size_t membersWithin(const ffi_type* t, size_t at, size_t end) {
  if (at >= end) return 0;
  if (t->type != FFI_TYPE_STRUCT) return 1;
  end = std::min(end, at + t->size);
  size_t n = 0, off = 0;
  for (ffi_type** e = t->elements; *e; ++e) {
    const size_t a = (*e)->alignment ? (*e)->alignment : 1;
    off = (off + a - 1) / a * a;
    n += membersWithin(*e, at + off, end);
    off += (*e)->size;
  }
  return n;
}

// libffi 3.4's aarch64 port takes a struct for a homogeneous floating-point aggregate when all its
// members, at any offset, have one floating-point type; it counts them by the size: size / the
// member's size (at most 4, the size a multiple of it). Returns that count, or 0.
size_t libffiHfaMembers(const ffi_type* t) {
  if (t->type != FFI_TYPE_STRUCT) return 0;
  std::vector<unsigned short> members;
  listMembers(t, members);
  if (members.empty()) return 0;
  const unsigned short base = members[0];
  const size_t m = base == FFI_TYPE_FLOAT ? 4 : base == FFI_TYPE_DOUBLE ? 8 : base == FFI_TYPE_LONGDOUBLE ? 16 : 0;
  if (m == 0 || t->size % m != 0 || t->size / m > 4) return 0;
  for (unsigned short k : members) {
    if (k != base) return 0;
  }
  return t->size / m;
}

// Where libffi's aarch64 port places a preset layout unlike AAPCS64 (and gcc, and jitffi), which
// look at the members; not reproduced (docs/design.md):
//  - a preset size larger than the members makes libffi count more members than the struct has:
//    a struct {double} of 16 bytes passes as two doubles in v0, v1; AAPCS64 counts the members
//    (ABI[aapcs64 2020Q2 5.8.5]: "the size of the Base Type multiplied by the number uniquely
//    addressable Members"): no HFA;
//  - libffi rounds the registers (an even pair) and the stack slot of a value in registers or on
//    the stack by the preset alignment; AAPCS64 by the natural alignment, the largest of the
//    top-level members' (ABI[aapcs64 2020Q2 5.8]: "before any alignment adjustment of the entire
//    composite"), which differs where one of them is 16 and the other is not.
bool libffiPlacesPresetLayoutByItsSize(const ffi_type* t) {
  if (t->type != FFI_TYPE_STRUCT) return false;
  const size_t hfa = libffiHfaMembers(t);
  if (hfa != 0 && membersWithin(t, 0, t->size) != hfa) return true;
  size_t natural = 1;
  for (ffi_type** e = t->elements; *e; ++e) natural = std::max<size_t>(natural, (*e)->alignment);
  return (hfa != 0 || t->size <= 16) && (t->alignment >= 16) != (natural >= 16);
}
#endif

// The descriptions whose placement by this architecture's libffi jitffi does not reproduce.
bool libffiPlacementNotReproduced(const ffi_type* t) {
#if defined(__x86_64__)
  return libffiMisplacesMembers(t, 0);
#elif defined(__riscv)
  return libffiFlattensOtherBytes(t);
#else
  return libffiPlacesPresetLayoutByItsSize(t);
#endif
}

// The signatures whose placement by this architecture's libffi jitffi does not reproduce, for a
// description it does: on riscv, libffi 3.4.4 passes a struct of one float or double in an FP
// register without checking that one is left (struct_passed_as_elements checks only for two
// members): after fa0-fa7 its ffi_call writes the value over its own a0, a1, ... slots, where
// the psABI (and the plan) passes it by the integer convention. SystemLibffiRv64 shows it; the
// corpus leaves such cases out of its system-libffi paths (libffiLoneFloatStructPastFpRegisters).
bool libffiSignatureNotReproduced(const std::vector<ffi_type*>& args, const jitffi::CallPlan& plan) {
#if defined(__riscv)
  for (size_t i = 0; i < args.size(); ++i) {
    std::vector<Leaf> l;
    listLeaves(args[i], 0, l);
    const jitffi::ValuePlan& v = plan.args[i];
    if (args[i]->type == FFI_TYPE_STRUCT && l.size() == 1 && isFloat(l[0].type) && v.pieceCount > 0 &&
        plan.piecesOf(v)[0].loc != jitffi::PieceLoc::kVec) {
      return true;
    }
  }
#else
  (void)args, (void)plan;
#endif
  return false;
}

bool sameCovered(const uint8_t* a, const uint8_t* b, const std::vector<bool>& covered, size_t from, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (from + i < covered.size() && covered[from + i] && a[i] != b[i]) return false;
  }
  return true;
}

// The jitffi ABI of an ffi_abi value of this architecture's ffitarget.h.
jitffi::Abi jitffiAbi(ffi_abi abi) {
#if defined(__x86_64__)
  return abi == FFI_UNIX64 ? jitffi::Abi::kSysV64 : jitffi::Abi::kWin64;
#else
  (void)abi;  // FFI_SYSV
  return jitffi::kHostAbi;
#endif
}

// Which capture slot (InputsCaptured::gp) holds the GP register a plan names (its hardware
// number), or -1.
int gpCaptureSlot(jitffi::Abi abi, unsigned reg) {
#if defined(__x86_64__)
  static const int kSysV[16] = {-1, 3, 2, -1, -1, -1, 1, 0, 4, 5, -1, -1, -1, -1, -1, -1};
  static const int kW64[16] = {-1, 0, 1, -1, -1, -1, -1, -1, 2, 3, -1, -1, -1, -1, -1, -1};
  return reg < 16 ? (abi == jitffi::Abi::kSysV64 ? kSysV : kW64)[reg] : -1;
#elif defined(__riscv)
  (void)abi;
  return reg >= 10 && reg <= 17 ? int(reg) - 10 : reg == 7 ? 8 : -1;  // a0-a7 (x10-x17), t2 (x7)
#else
  (void)abi;
  return reg <= 8 ? int(reg) : reg == 18 ? 9 : -1;  // x0-x8, x18
#endif
}

// Which capture slot (InputsCaptured::vec) holds the vector or FP register a plan names.
int vecCaptureSlot(unsigned reg) {
#if defined(__riscv)
  return reg >= 10 && reg <= 17 ? int(reg) - 10 : -1;  // fa0-fa7 (f10-f17)
#else
  return reg < 8 ? int(reg) : -1;  // xmm0-xmm7, v0-v7
#endif
}

// Prepares `sig` with both libraries, calls the capture callee with both, and compares each piece
// the plan names: the same member bytes in the same register or stack slot, equal to the value's;
// as many vector registers and as much stack as libffi uses. (Which GP registers libffi leaves
// unused is seen through the scalar arguments after a struct: each sits where the plan says.)
void expectLibffiPlacement(const Sig& sig, const std::string& what, ffi_abi abi = FFI_DEFAULT_ABI) {
  const SysFfi* sys = oracle();
  ASSERT_NE(sys, nullptr);
  const unsigned n = unsigned(sig.args.size());
  ffi_cif ours, theirs;
  std::vector<ffi_type*> args = sig.args;
  ASSERT_EQ(ffi_prep_cif(&ours, abi, n, sig.ret, args.data()), FFI_OK) << what;
  ASSERT_EQ(sys->prep_cif(&theirs, abi, n, sys->map(sig.ret), args.data()), FFI_OK) << what;

  std::vector<jitffi::Type> types;
  for (ffi_type* a : args) types.push_back(typeOf(a));
  const jitffi::Abi jabi = jitffiAbi(abi);
  auto plan = jitffi::classify(jitffi::Signature(sig.ret == &ffi_type_void ? jitffi::Type() : typeOf(sig.ret), types), jabi);
  ASSERT_TRUE(plan.ok()) << what << ": " << plan.error().toString();
  const bool libffiReproduced = !libffiSignatureNotReproduced(args, *plan);  // else jitffi's alone

  // Argument values: distinct bytes, never the poison.
  std::vector<std::vector<uint8_t>> values(n);
  std::vector<std::vector<bool>> covered(n);
  std::vector<void*> av(n);
  for (unsigned i = 0; i < n; ++i) {
    values[i].resize(args[i]->size + 64);
    for (size_t b = 0; b < values[i].size(); ++b) values[i][b] = uint8_t(1 + (i * 37 + b) % 0x70);
    av[i] = values[i].data();
    covered[i].assign(args[i]->size, false);
    markMembers(args[i], 0, args[i]->size, covered[i]);
  }
  const size_t retSize = sig.ret->size < 8 ? 8 : sig.ret->size;
  std::vector<uint8_t> rOurs(retSize + 32, 0xCC), rTheirs(retSize + 32, 0xCC);
#if defined(__x86_64__)
  void (*fn)(void) = jabi == jitffi::Abi::kWin64 ? inputs_capture_w64 : inputs_capture;
#else
  void (*fn)(void) = inputs_capture;
#endif
  const InputsCaptured a = captureCall(ffi_call, &ours, fn, rOurs.data(), av.data());
  const InputsCaptured b = captureCall(sys->call, &theirs, fn, rTheirs.data(), av.data());
  unsigned vecUsed = 0;
  for (unsigned i = 0; i < n; ++i) {
    const jitffi::ValuePlan& v = plan->args[i];
    const jitffi::Piece* p = plan->piecesOf(v);
    for (uint32_t k = 0; k < v.pieceCount; ++k) {
      const jitffi::Piece& pc = p[k];
      const std::string at = what + ": argument " + std::to_string(i) + " piece " + std::to_string(k);
      const uint8_t* value = values[i].data() + pc.offset;
      const uint8_t *ra = nullptr, *rb = nullptr;
      size_t seen = pc.size;
      if (pc.loc == jitffi::PieceLoc::kGp) {
        const int s = gpCaptureSlot(jabi, pc.reg);
        ASSERT_GE(s, 0) << at;
        if (v.mode == jitffi::PassMode::kIndirect) {
          // Win64: libffi passes the caller's object itself, jitffi a copy: both an address.
          // AAPCS64: both pass a copy of their own (the copies' bytes reach gcc's callees in
          // CtypesShapesAgainstGcc).
          if (jabi != jitffi::kHostAbi) {
            EXPECT_EQ(b.gp[s], uint64_t(uintptr_t(av[i]))) << at;
          }
          continue;
        }
        ra = reinterpret_cast<const uint8_t*>(&a.gp[s]);
        rb = reinterpret_cast<const uint8_t*>(&b.gp[s]);
      } else if (pc.loc == jitffi::PieceLoc::kVec) {
        ++vecUsed;
        const int s = vecCaptureSlot(pc.reg);
        ASSERT_GE(s, 0) << at;
        ra = a.vec[s];
        rb = b.vec[s];
      } else {
        if (v.mode == jitffi::PassMode::kIndirect || pc.stackOffset >= int32_t(sizeof a.stack)) continue;
        seen = std::min<size_t>(pc.size, sizeof a.stack - size_t(pc.stackOffset));  // what was captured
        ra = reinterpret_cast<const uint8_t*>(a.stack) + pc.stackOffset;
        rb = reinterpret_cast<const uint8_t*>(b.stack) + pc.stackOffset;
      }
      EXPECT_TRUE(sameCovered(ra, value, covered[i], pc.offset, seen)) << at << " (jitffi)";
      if (libffiReproduced) {
        EXPECT_TRUE(sameCovered(rb, value, covered[i], pc.offset, seen)) << at << " (libffi)";
      }
    }
  }
  if (jabi == jitffi::Abi::kSysV64) {  // %al, and libffi's cif->bytes: its SysV stack area
    EXPECT_EQ(b.count & 0xff, vecUsed) << what << ": vector registers used by libffi";
    EXPECT_EQ((theirs.bytes + 15) / 16 * 16, plan->stackBytes) << what << ": stack bytes";
  }
  // The return value as each library stores it from the return registers (or leaves it, when
  // it returns through memory and the capture writes nothing).
  if (sig.ret != &ffi_type_void && libffiReproduced) {
    std::vector<bool> retCovered(sig.ret->size, false);
    markMembers(sig.ret, 0, sig.ret->size, retCovered);
    EXPECT_TRUE(sameCovered(rOurs.data(), rTheirs.data(), retCovered, 0, sig.ret->size)) << what << ": return value";
  }
}

// The descriptions CPython's ctypes (3.11) writes for structs by value: arrays over 16 bytes stood
// in for by one pointer, unions and bit-fields as structs of their members, packed structs with
// smaller sizes and alignments.
struct Shape {
  const char* name;
  ffi_type* type;
};

std::vector<Shape> ctypesShapes(Graph& g) {
  ffi_type* c10 = g.strct(std::vector<ffi_type*>(10, &ffi_type_sint8), 10, 1);
  ffi_type* c20 = g.strct({&ffi_type_pointer}, 20, 1);
  return {
      {"char name[32]; int id", g.strct({&ffi_type_pointer, &ffi_type_sint}, 36, 4)},
      {"char a[20]", c20},
      {"char a[1000]", g.strct({&ffi_type_pointer}, 1000, 1)},
      {"short s[10]", g.strct({&ffi_type_pointer}, 20, 2)},
      {"float f[5]", g.strct({&ffi_type_pointer}, 20, 4)},
      {"double d; struct { char a[20]; } h", g.strct({&ffi_type_double, c20}, 32, 8)},
      {"union { int a; double b; }", g.strct({&ffi_type_sint, &ffi_type_double}, 8, 8)},
      {"int a : 3; int b : 5", g.strct({&ffi_type_sint, &ffi_type_sint}, 4, 4)},
      {"int a[2][2]", g.strct({g.strct({&ffi_type_pointer, &ffi_type_pointer}, 16, 8)}, 16, 4)},
      {"char c[10]; int d", g.strct({c10, &ffi_type_sint}, 16, 4)},
      // libffi passes these two unlike gcc (a union whose first member is a double in %xmm0,
      // gcc in %rdi; a packed struct in %rdi, gcc in memory): jitffi does as libffi does.
      {"union { double b; int a; }", g.strct({&ffi_type_double, &ffi_type_sint}, 8, 8)},
      {"_pack_ 1: char c; int i", g.strct({&ffi_type_sint8, &ffi_type_sint}, 5, 1)},
      {"_pack_ 2: char c; double d; char e[9]", g.strct({&ffi_type_sint8, &ffi_type_double, &ffi_type_pointer}, 20, 2)},
      {"union { float f; int i; }", g.strct({&ffi_type_float, &ffi_type_sint}, 4, 4)},
      {"union { int i; float f; }", g.strct({&ffi_type_sint, &ffi_type_float}, 4, 4)},
  };
}

// A description in signatures with scalars after it (they show which registers it took), the
// return value among them, and with registers running out.
std::vector<Sig> signaturesWith(ffi_type* d) {
  std::vector<ffi_type*> exhaust(5, &ffi_type_sint64);
  exhaust.push_back(d);
  for (int i = 0; i < 7; ++i) exhaust.push_back(&ffi_type_double);
  for (ffi_type* t : {d, &ffi_type_sint64, &ffi_type_double, d, &ffi_type_sint64}) exhaust.push_back(t);
  return {
      {&ffi_type_void, {d, &ffi_type_sint64, &ffi_type_double}},
      {d, {&ffi_type_sint, d, &ffi_type_double, &ffi_type_sint64}},
      {&ffi_type_void, exhaust},
  };
}

TEST(PresetLayouts, CtypesDescriptionsArePlacedAsLibffiPlacesThem) {
  if (!oracle()) GTEST_SKIP() << "needs the system libffi bound to itself (not a sanitizer build)";
  Graph g;
  const auto shapes = ctypesShapes(g);
  size_t compared = 0;
  for (const Shape& s : shapes) {
    if (libffiPlacementNotReproduced(s.type)) continue;  // riscv: the unions (CtypesShapesAgainstGcc)
    ++compared;
    int k = 0;
    for (const Sig& sig : signaturesWith(s.type)) {
      expectLibffiPlacement(sig, std::string(s.name) + " #" + std::to_string(k++));
    }
#if defined(__x86_64__)
    expectLibffiPlacement({&ffi_type_sint, {s.type, &ffi_type_sint, s.type, s.type, s.type, s.type}},
                          std::string(s.name) + " win64", FFI_WIN64);
#endif
  }
#if defined(__riscv)
  EXPECT_GT(compared, 0u);  // the unions left out, the rest compared
#else
  EXPECT_EQ(compared, shapes.size());  // libffi's placement is reproduced for every shape here
#endif
}

// Random descriptions of at most 24 bytes with random preset sizes and alignments, nested.
ffi_type* randomStruct(Graph& g, std::mt19937_64& rng, int depth) {
  static ffi_type* const kScalars[] = {&ffi_type_sint8, &ffi_type_uint16, &ffi_type_sint32, &ffi_type_float,
                                       &ffi_type_double, &ffi_type_sint64, &ffi_type_pointer};
  std::vector<ffi_type*> els;
  const int n = 1 + int(rng() % 4);
  size_t natural = 0, align = 1;
  for (int i = 0; i < n; ++i) {
    ffi_type* e = depth < 2 && rng() % 4 == 0 ? randomStruct(g, rng, depth + 1) : kScalars[rng() % 7];
    els.push_back(e);
    const size_t ea = e->alignment ? e->alignment : 8;
    natural = (natural + ea - 1) / ea * ea + e->size;
    align = std::max(align, ea);
  }
  natural = (natural + align - 1) / align * align;
  switch (rng() % 5) {
    case 0: return g.strct(els, natural, (unsigned short)align);                     // natural
    case 1: return g.strct(els, 1 + rng() % natural, (unsigned short)(1u << (rng() % 4)));  // smaller
    case 2: return g.strct(els, natural + 1 + rng() % 12, (unsigned short)align);   // larger
    case 3: return g.strct(els, natural, (unsigned short)(1u << (rng() % 5)));      // aligned otherwise
    default: return g.strct(els, 1 + rng() % 24, (unsigned short)(1u << (rng() % 4)));
  }
}

TEST(PresetLayouts, RandomDescriptionsArePlacedAsLibffiPlacesThem) {
  if (!oracle()) GTEST_SKIP() << "needs the system libffi bound to itself (not a sanitizer build)";
  Graph g;
  std::mt19937_64 rng(0x1b5ff0c7a11ull);
  int compared = 0;
  for (int i = 0; i < 3000; ++i) {
    ffi_type* d = randomStruct(g, rng, 0);
    if (libffiPlacementNotReproduced(d)) continue;
    ++compared;
    int k = 0;
    for (const Sig& sig : signaturesWith(d)) {
      expectLibffiPlacement(sig, "random #" + std::to_string(i) + "." + std::to_string(k++) + " " + describe(d));
    }
  }
  EXPECT_GT(compared, 2500);  // the rest: libffiPlacementNotReproduced
}

// ---- preset layouts against gcc: calls and closures, in and out -------------------------------

struct GccShape {
  const char* name;
  ffi_type* type;
  size_t size;
  uint64_t (*take)(int, const void*, int);   // calls inputs_take_X directly
  void (*make)(unsigned, void*);             // calls inputs_make_X directly
  void (*takeFn)(void);                      // inputs_take_X
  void (*makeFn)(void);                      // inputs_make_X
  uint64_t (*callTake)(void*, unsigned);     // inputs_call_take_X(closure, seed)
  uint64_t (*callMake)(void*, unsigned);     // inputs_call_make_X(closure, seed)
};

#define INPUTS_GCC_ROW(NAME, KIND, MEMBERS)                                                           \
  GccShape{#NAME, nullptr, sizeof(KIND Inputs##NAME),                                                 \
           [](int k, const void* v, int m) {                                                          \
             KIND Inputs##NAME x;                                                                     \
             std::memcpy(&x, v, sizeof x);                                                            \
             return inputs_take_##NAME(k, x, m);                                                      \
           },                                                                                         \
           [](unsigned seed, void* out) {                                                             \
             KIND Inputs##NAME x = inputs_make_##NAME(seed);                                          \
             std::memcpy(out, &x, sizeof x);                                                          \
           },                                                                                         \
           FFI_FN(inputs_take_##NAME), FFI_FN(inputs_make_##NAME),                                    \
           [](void* fp, unsigned seed) {                                                              \
             return inputs_call_take_##NAME(reinterpret_cast<uint64_t (*)(int, KIND Inputs##NAME, int)>(fp), seed); \
           },                                                                                         \
           [](void* fp, unsigned seed) {                                                              \
             return inputs_call_make_##NAME(reinterpret_cast<KIND Inputs##NAME (*)(unsigned)>(fp), seed); \
           }},

std::vector<GccShape> gccShapes(Graph& g) {
  std::vector<GccShape> rows = {INPUTS_GCC_SHAPES(INPUTS_GCC_ROW)};
  // The same order as INPUTS_GCC_SHAPES: ctypes' descriptions of them.
  const std::vector<Shape> shapes = ctypesShapes(g);
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].type = shapes[i].type;
    EXPECT_EQ(rows[i].type->size, rows[i].size) << rows[i].name;
  }
  return rows;
}

struct TakeHandlerData {
  size_t size;
};

// A closure handler of `uint64_t (int, X, int)`: the same hash the gcc callee computes.
void takeHandler(ffi_cif*, void* ret, void** args, void* user) {
  const size_t size = static_cast<TakeHandlerData*>(user)->size;
  int k, m;
  std::memcpy(&k, args[0], sizeof k);
  std::memcpy(&m, args[2], sizeof m);
  const uint64_t h = inputsHash(args[1], size, 14695981039346656037ull) ^ (uint64_t(uint32_t(k)) << 32) ^ uint64_t(uint32_t(m));
  std::memcpy(ret, &h, sizeof h);
}

// A closure handler of `X (unsigned)`: the bytes the gcc callee inputs_make_X returns.
void makeHandler(ffi_cif*, void* ret, void** args, void* user) {
  const size_t size = static_cast<TakeHandlerData*>(user)->size;
  unsigned seed;
  std::memcpy(&seed, args[0], sizeof seed);
  auto* b = static_cast<unsigned char*>(ret);
  for (size_t i = 0; i < size; ++i) b[i] = static_cast<unsigned char>(seed + 7 * i);
}

struct Api {
  const char* name;
  ffi_status (*prep)(ffi_cif*, ffi_abi, unsigned, ffi_type*, ffi_type**);
  CallFn call;
  void* (*alloc)(size_t, void**);
  void (*free)(void*);
  ffi_status (*prepClosure)(ffi_closure*, ffi_cif*, void (*)(ffi_cif*, void*, void**, void*), void*, void*);
};

std::vector<Api> apis() {
  std::vector<Api> v = {{"jitffi", ffi_prep_cif, ffi_call, ffi_closure_alloc, ffi_closure_free, ffi_prep_closure_loc}};
  if (const SysFfi* s = oracle()) v.push_back({"libffi", s->prep_cif, s->call, s->closure_alloc, s->closure_free, s->prep_closure_loc});
  return v;
}

TEST(PresetLayouts, CtypesShapesAgainstGcc) {
  Graph g;
  for (const GccShape& s : gccShapes(g)) {
    std::vector<unsigned char> value(s.size), expected(s.size + 16), got(s.size + 16);
    s.make(5, value.data());
    for (const Api& api : apis()) {
      const std::string what = std::string(s.name) + " (" + api.name + ")";
      // Where libffi places the description unlike gcc (riscv: the union, libffiFlattensOtherBytes),
      // each check shows that it still does: when one fails, a libffi that follows the psABI is
      // installed, and libffiPlacementNotReproduced can go.
      const bool deviates = std::string(api.name) == "libffi" && libffiPlacementNotReproduced(s.type);
      const auto same = [&](bool equal, const char* check) {
        if (deviates) {
          EXPECT_FALSE(equal) << what << ": " << check << ": libffi now passes it as gcc does";
        } else {
          EXPECT_TRUE(equal) << what << ": " << check;
        }
      };
      // Calls: by value between two ints, and returned.
      ffi_cif take, make;
      ffi_type* takeArgs[] = {&ffi_type_sint, s.type, &ffi_type_sint};
      ffi_type* makeArgs[] = {&ffi_type_uint};
      ASSERT_EQ(api.prep(&take, FFI_DEFAULT_ABI, 3, &ffi_type_uint64, takeArgs), FFI_OK) << what;
      ASSERT_EQ(api.prep(&make, FFI_DEFAULT_ABI, 1, s.type, makeArgs), FFI_OK) << what;
      int k = -3, m = 77;
      void* av[] = {&k, value.data(), &m};
      uint64_t r = 0;
      api.call(&take, s.takeFn, &r, av);
      same(r == s.take(k, value.data(), m), "by value");
      unsigned seed = 9;
      void* mav[] = {&seed};
      std::fill(got.begin(), got.end(), 0);
      api.call(&make, s.makeFn, got.data(), mav);
      s.make(seed, expected.data());
      same(std::memcmp(got.data(), expected.data(), s.size) == 0, "returned");

      // Closures: gcc-compiled callers pass the value and take the returned one.
      TakeHandlerData data{s.size};
      void* code;
      auto* cl = static_cast<ffi_closure*>(api.alloc(sizeof(ffi_closure), &code));
      ASSERT_NE(cl, nullptr);
      ASSERT_EQ(api.prepClosure(cl, &take, takeHandler, &data, code), FFI_OK) << what;
      s.make(31, expected.data());
      same(s.callTake(code, 31) == s.take(11, expected.data(), 22), "closure argument");
      ASSERT_EQ(api.prepClosure(cl, &make, makeHandler, &data, code), FFI_OK) << what;
      s.make(44, expected.data());
      same(s.callMake(code, 44) == inputsHash(expected.data(), s.size, 14695981039346656037ull), "closure return");
      api.free(cl);
    }
  }
}

// ---- void arguments ----------------------------------------------------------------------------

int voidHandlerResult = 0;
// user: null, or a bool saying that the closure leaves a void argument's args[i] unset (libffi
// 3.4.4 on AArch64: its closure's argument loop has no case for FFI_TYPE_VOID, so args[i] is
// whatever its stack held, null or not), which is then not looked at.
void voidHandler(ffi_cif* cif, void* ret, void** args, void* user) {
  const bool voidUnset = user && *static_cast<const bool*>(user);
  int r = int(cif->nargs) * 1000;
  for (unsigned i = 0; i < cif->nargs; ++i) {
    if (voidUnset && cif->arg_types[i]->type == FFI_TYPE_VOID) continue;
    if (!args[i]) r = -1;
    if (cif->arg_types[i] == &ffi_type_sint) r += *static_cast<int*>(args[i]);
    if (cif->arg_types[i] == &ffi_type_double) r += int(*static_cast<double*>(args[i]) * 10);
  }
  voidHandlerResult = r;
  const ffi_arg out = ffi_arg(r);
  std::memcpy(ret, &out, sizeof out);
}

TEST(VoidArguments, CallsAndClosuresAsLibffi) {
  for (const Api& api : apis()) {
    const SysFfi* sys = oracle();
    const bool isLibffi = std::string(api.name) == "libffi";
    auto t = [&](ffi_type* x) { return isLibffi ? sys->map(x) : x; };
    // SysV, AAPCS64: a void argument passes nothing and takes no register.
    ffi_cif cif;
    ffi_type* a3[] = {t(&ffi_type_void), t(&ffi_type_sint), t(&ffi_type_double)};
    ASSERT_EQ(api.prep(&cif, FFI_DEFAULT_ABI, 3, t(&ffi_type_sint), a3), FFI_OK) << api.name;
    int a = 7;
    double d = 2.5;
    void* av[] = {nullptr, &a, &d};  // libffi never reads a void argument's value under SysV
    ffi_arg r = 0;
#if defined(__riscv)
    if (isLibffi) {
      // libffi 3.4.4's riscv port passes a void argument as a 1-byte value of its own: it reads
      // the byte (a NULL avalue crashes it) and gives it a0, so the int arrives in a1, where the
      // callee of int(int, double) does not look. When this fails, libffi passes it as nothing.
      unsigned char byte = 5;
      void* lav[] = {&byte, &a, &d};
      const InputsCaptured c = captureCall(api.call, &cif, inputs_capture, &r, lav);
      EXPECT_EQ(c.gp[0] & 0xff, byte) << "libffi's riscv port now passes a void argument as nothing";
      EXPECT_EQ(c.gp[1], uint64_t(a)) << "libffi's riscv port now passes a void argument as nothing";
    } else
#endif
    {
      api.call(&cif, FFI_FN(inputs_int_double), &r, av);
      EXPECT_EQ(int(r), 72) << api.name;
    }
#if defined(__x86_64__)
    // Win64: the one byte of ffi_type_void in its slot.
    for (ffi_abi abi : {FFI_WIN64, FFI_GNUW64}) {
      ffi_type* w3[] = {t(&ffi_type_void), t(&ffi_type_sint), t(&ffi_type_sint)};
      ASSERT_EQ(api.prep(&cif, abi, 3, t(&ffi_type_sint), w3), FFI_OK) << api.name;
      unsigned short byte = 0x155;  // only its first byte travels
      int x = 3, y = 4;
      void* wav[] = {&byte, &x, &y};
      api.call(&cif, FFI_FN(inputs_w64_byte_int_int), &r, wav);
      EXPECT_EQ(int(r), 0x55 * 10000 + 304) << api.name;
    }
#endif
    // Ruby-FFI's Closure.new(:int, [:void]): a closure of one void argument, called with none.
    ffi_type* a1[] = {t(&ffi_type_void)};
    ffi_cif ccif;
    ASSERT_EQ(api.prep(&ccif, FFI_DEFAULT_ABI, 1, t(&ffi_type_sint), a1), FFI_OK) << api.name;
    void* code;
    auto* cl = static_cast<ffi_closure*>(api.alloc(sizeof(ffi_closure), &code));
#if defined(__aarch64__)
    bool voidUnset = isLibffi;
#else
    bool voidUnset = false;
#endif
    ASSERT_EQ(api.prepClosure(cl, &ccif, voidHandler, &voidUnset, code), FFI_OK) << api.name;
    EXPECT_EQ(inputs_call_void(reinterpret_cast<int (*)()>(code)), 1000) << api.name;
    api.free(cl);
  }
  // Arguments after a void one: jitffi's closure finds them where its ffi_call puts them (and
  // where a C caller of int(int, double) does). libffi's closure gives the void argument a
  // register of its own and reads the next ones one register off, unlike its own ffi_call.
  ffi_cif ccif;
  ffi_type* a3[] = {&ffi_type_void, &ffi_type_sint, &ffi_type_double};
  ASSERT_EQ(ffi_prep_cif(&ccif, FFI_DEFAULT_ABI, 3, &ffi_type_sint, a3), FFI_OK);
  void* code;
  auto* cl = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code));
  ASSERT_EQ(ffi_prep_closure_loc(cl, &ccif, voidHandler, nullptr, code), FFI_OK);
  EXPECT_EQ(inputs_call_int_double(reinterpret_cast<int (*)(int, double)>(code), 7, 2.5), 3000 + 7 + 25);
  int a = 7;
  double d = 2.5;
  void* av[] = {nullptr, &a, &d};
  ffi_arg r = 0;
  ffi_call(&ccif, FFI_FN(code), &r, av);  // jitffi's ffi_call into jitffi's closure
  EXPECT_EQ(int(r), 3000 + 7 + 25);
  ffi_closure_free(cl);
}

TEST(VoidArguments, VariadicVoidIsBadArgType) {
  ffi_cif cif;
  ffi_type* args[] = {&ffi_type_sint, &ffi_type_void};
  EXPECT_EQ(ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 1, 2, &ffi_type_sint, args), FFI_BAD_ARGTYPE);
  if (const SysFfi* sys = oracle()) {
    ffi_type* sargs[] = {sys->map(&ffi_type_sint), sys->map(&ffi_type_void)};
    EXPECT_EQ(sys->prep_cif_var(&cif, FFI_DEFAULT_ABI, 1, 2, sys->map(&ffi_type_sint), sargs), FFI_BAD_ARGTYPE);
  }
}

#if defined(__riscv)
// ---- libffi 3.4.4's riscv port against the psABI -----------------------------------------------
// Two bugs of the second oracle that the corpus leaves out of its system-libffi paths
// (corpus_harness.cpp, systemLibffiExcluded and libffiLoneFloatStructPastFpRegisters), shown
// where they happen: when a check here fails, the installed libffi has the bug fixed, and the
// exclusion can go. jitffi's ffi_call, beside it, does what the psABI says.

// A void call has no return storage, but libffi's ffi_call unmarshals ffi_type_void (size 1)
// like a 1-byte value: a0's low byte (the capture returns 0x11 in every byte of a0) lands in it.
TEST(SystemLibffiRv64, WritesIntoAVoidCallsReturnStorage) {
  const SysFfi* sys = oracle();
  if (!sys) GTEST_SKIP() << "needs the system libffi bound to itself (not a sanitizer build)";
  ffi_cif ours, theirs;
  ASSERT_EQ(ffi_prep_cif(&ours, FFI_DEFAULT_ABI, 0, &ffi_type_void, nullptr), FFI_OK);
  ASSERT_EQ(sys->prep_cif(&theirs, FFI_DEFAULT_ABI, 0, sys->map(&ffi_type_void), nullptr), FFI_OK);
  unsigned char a[8], b[8];
  std::memset(a, 0xA7, sizeof a);
  std::memset(b, 0xA7, sizeof b);
  ffi_call(&ours, inputs_capture, a, nullptr);
  sys->call(&theirs, inputs_capture, b, nullptr);
  EXPECT_EQ(a[0], 0xA7) << "jitffi";
  EXPECT_EQ(b[0], 0x11) << "libffi's riscv ffi_call no longer writes into a void call's return storage";
  EXPECT_EQ(std::memcmp(a + 1, b + 1, 7), 0);
}

// After f64 x8 the FP argument registers are taken: a struct {f32} goes by the integer
// convention, to a0 (ABI[riscv-psabi 1.0 "Hardware Floating-Point Calling Convention"]: "A
// struct containing just one floating-point real is passed as though it were a standalone
// floating-point real", which "is passed according to the integer calling convention" when no
// FP register is left), the i64 after it to a1. libffi writes the float to a ninth FP slot,
// which is its a0 slot, then the i64 over it: the callee finds the i64 in a0 and nothing in a1.
TEST(SystemLibffiRv64, PassesALoneFloatStructInAnFpRegisterThatIsNotThere) {
  const SysFfi* sys = oracle();
  if (!sys) GTEST_SKIP() << "needs the system libffi bound to itself (not a sanitizer build)";
  ffi_type* f32s[] = {&ffi_type_float, nullptr};
  ffi_type oursF32{0, 0, FFI_TYPE_STRUCT, f32s};
  ffi_type* sysF32s[] = {sys->map(&ffi_type_float), nullptr};
  ffi_type theirsF32{0, 0, FFI_TYPE_STRUCT, sysF32s};
  std::vector<ffi_type*> oursArgs(8, &ffi_type_double), theirsArgs(8, sys->map(&ffi_type_double));
  oursArgs.push_back(&oursF32);
  oursArgs.push_back(&ffi_type_sint64);
  theirsArgs.push_back(&theirsF32);
  theirsArgs.push_back(sys->map(&ffi_type_sint64));
  ffi_cif ours, theirs;
  ASSERT_EQ(ffi_prep_cif(&ours, FFI_DEFAULT_ABI, 10, &ffi_type_void, oursArgs.data()), FFI_OK);
  ASSERT_EQ(sys->prep_cif(&theirs, FFI_DEFAULT_ABI, 10, sys->map(&ffi_type_void), theirsArgs.data()), FFI_OK);
  double d = 0.5;
  float f = 1.5f;
  int64_t i = 0x0123456789abcdef;
  void* av[] = {&d, &d, &d, &d, &d, &d, &d, &d, &f, &i};
  uint32_t fBits;
  std::memcpy(&fBits, &f, sizeof fBits);
  const InputsCaptured a = captureCall(ffi_call, &ours, inputs_capture, nullptr, av);
  EXPECT_EQ(uint32_t(a.gp[0]), fBits) << "jitffi: {f32} in a0";
  EXPECT_EQ(a.gp[1], uint64_t(i)) << "jitffi: the i64 in a1";
  const InputsCaptured b = captureCall(sys->call, &theirs, inputs_capture, nullptr, av);
  EXPECT_EQ(b.gp[0], uint64_t(i)) << "libffi's riscv port now passes {f32} in a0 when no FP register is left";
}
#endif

// ---- non-struct types of size 0 ---------------------------------------------------------------

TEST(SizeZeroTypes, AreBadTypedefAsInLibffi) {
  ffi_type void0 = ffi_type_void;
  void0.size = 0;
  ffi_type sint0 = ffi_type_sint32;
  sint0.size = 0;
  ffi_cif cif;
  // As the return value, also when the same signature with the real type is cached.
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 0, &ffi_type_void, nullptr), FFI_OK);
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 0, &void0, nullptr), FFI_BAD_TYPEDEF);
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 0, &sint0, nullptr), FFI_BAD_TYPEDEF);
  ffi_type* one[] = {&ffi_type_double};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, one), FFI_OK);
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &void0, one), FFI_BAD_TYPEDEF);
  // As an argument and as a struct member. (ffi_prep_cif's cache hit knows predefined scalar
  // arguments by their type codes: these signatures are prepared here for the first time.)
  ffi_type* z1[] = {&ffi_type_sint8, &void0};
  ffi_type* z2[] = {&ffi_type_sint8, &sint0};
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_uint16, z1), FFI_BAD_TYPEDEF);
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_uint16, z2), FFI_BAD_TYPEDEF);
  ffi_type* inStruct[] = {&sint0, nullptr};
  ffi_type s = {0, 0, FFI_TYPE_STRUCT, inStruct};
  ffi_type* z3[] = {&s};
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, z3), FFI_BAD_TYPEDEF);
  if (const SysFfi* sys = oracle()) {
    ffi_type* s1[] = {sys->map(&ffi_type_sint8), &void0};
    ffi_type* s2[] = {sys->map(&ffi_type_sint8), &sint0};
    EXPECT_EQ(sys->prep_cif(&cif, FFI_DEFAULT_ABI, 0, &void0, nullptr), FFI_BAD_TYPEDEF);
    EXPECT_EQ(sys->prep_cif(&cif, FFI_DEFAULT_ABI, 0, &sint0, nullptr), FFI_BAD_TYPEDEF);
    EXPECT_EQ(sys->prep_cif(&cif, FFI_DEFAULT_ABI, 2, sys->map(&ffi_type_uint16), s1), FFI_BAD_TYPEDEF);
    EXPECT_EQ(sys->prep_cif(&cif, FFI_DEFAULT_ABI, 2, sys->map(&ffi_type_uint16), s2), FFI_BAD_TYPEDEF);
  }
}

// The same argument types when the signature with the real types is cached already: ffi_prep_cif's
// cache hits know arguments by their type codes, and must still look at the size.
TEST(SizeZeroTypes, AsArgumentsWhenTheSignatureIsCached) {
  ffi_type void0 = ffi_type_void;
  void0.size = 0;
  ffi_type sint0 = ffi_type_sint32;
  sint0.size = 0;
  ffi_type dbl0 = ffi_type_double;
  dbl0.size = 0;
  ffi_type* pairEl[] = {&ffi_type_double, &ffi_type_double, nullptr};
  ffi_type pair = {0, 0, FFI_TYPE_STRUCT, pairEl};
  struct Case {
    std::vector<ffi_type*> real, zero;
    bool variadic;
  };
  const Case cases[] = {
      {{&ffi_type_sint8, &ffi_type_void}, {&ffi_type_sint8, &void0}, false},
      {{&ffi_type_sint32}, {&sint0}, false},
      {{&ffi_type_sint8, &ffi_type_sint32, &ffi_type_double}, {&ffi_type_sint8, &ffi_type_sint32, &dbl0}, false},
      {{&ffi_type_pointer, &ffi_type_sint32}, {&ffi_type_pointer, &sint0}, true},  // ffi_prep_cif_var
      {{&pair, &ffi_type_sint32}, {&pair, &sint0}, false},  // the hit with structs
  };
  for (const Case& c : cases) {
    const auto n = unsigned(c.real.size());
    auto prep = [&](ffi_cif& cif, const std::vector<ffi_type*>& types) {
      auto* t = const_cast<ffi_type**>(types.data());
      return c.variadic ? ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 1, n, &ffi_type_uint16, t)
                        : ffi_prep_cif(&cif, FFI_DEFAULT_ABI, n, &ffi_type_uint16, t);
    };
    ffi_cif cif;
    ASSERT_EQ(prep(cif, c.real), FFI_OK) << n;
    ASSERT_EQ(prep(cif, c.real), FFI_OK) << n;  // now a cache hit
    EXPECT_EQ(prep(cif, c.zero), FFI_BAD_TYPEDEF) << n;
    if (const SysFfi* sys = oracle()) {
      std::vector<ffi_type*> mapped;
      for (ffi_type* t : c.zero) mapped.push_back(t == &pair || t->size == 0 ? t : sys->map(t));
      const ffi_status st = c.variadic ? sys->prep_cif_var(&cif, FFI_DEFAULT_ABI, 1, n, sys->map(&ffi_type_uint16), mapped.data())
                                       : sys->prep_cif(&cif, FFI_DEFAULT_ABI, n, sys->map(&ffi_type_uint16), mapped.data());
      EXPECT_EQ(st, FFI_BAD_TYPEDEF) << n;
    }
  }
}

// ---- huge values, few objects ------------------------------------------------------------------

// A struct of 2^k uint8 leaves described by k + 1 ffi_type objects, each level {S, S}.
std::vector<ffi_type*> doublingDag(Graph& g, int k) {
  std::vector<ffi_type*> levels = {&ffi_type_uint8};
  for (int i = 0; i < k; ++i) levels.push_back(g.strct({levels.back(), levels.back()}));
  return levels;
}

TEST(HugeDescriptions, DoublingDagsPrepareAtOnce) {
  for (int k : {20, 24}) {
    Graph g;
    ffi_type* top = doublingDag(g, k).back();
    ffi_cif cif;
    ffi_type* args[] = {top, &ffi_type_sint};
    ffi_status st = FFI_BAD_ABI;
    const double t = seconds([&] { st = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_uint64, args); });
    EXPECT_EQ(st, FFI_OK) << "k=" << k;
    EXPECT_LT(t, kSeconds) << "k=" << k;
    EXPECT_EQ(top->size, size_t(1) << k);
    EXPECT_EQ(top->alignment, 1u);
    // Prepared again: the hit paths take no struct of nested structs; the full walk is as quick.
    EXPECT_LT(seconds([&] { st = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_uint64, args); }), kSeconds);
    EXPECT_EQ(st, FFI_OK);
#if defined(__x86_64__)
    EXPECT_LT(seconds([&] { st = ffi_prep_cif(&cif, FFI_WIN64, 2, &ffi_type_uint64, args); }), kSeconds);
    EXPECT_EQ(st, FFI_OK);
#endif
    // The layout and offsets the system libffi computes for a fresh copy of the same graph.
    if (const SysFfi* sys = oracle()) {
      Graph h;
      ffi_type* fresh = doublingDag(h, k).back();
      size_t offsets[2], ours[2];
      ASSERT_EQ(sys->get_struct_offsets(FFI_DEFAULT_ABI, fresh, offsets), FFI_OK);
      ASSERT_EQ(ffi_get_struct_offsets(FFI_DEFAULT_ABI, top, ours), FFI_OK);
      EXPECT_EQ(fresh->size, top->size);
      EXPECT_EQ(fresh->alignment, top->alignment);
      EXPECT_EQ(std::vector<size_t>(ours, ours + 2), std::vector<size_t>(offsets, offsets + 2));
    }
  }
}

TEST(HugeDescriptions, DoublingDagOf16MiBIsCalled) {
  Graph g;
  ffi_type* top = doublingDag(g, 24).back();
  ffi_type* args[] = {top};
  std::vector<unsigned char> value(size_t(1) << 24);
  for (size_t i = 0; i < value.size(); ++i) value[i] = uint8_t(i * 2654435761u >> 13);
  const uint64_t expected = inputsHash(value.data(), value.size(), 14695981039346656037ull);
  for (const Api& api : apis()) {
    ffi_cif cif;
    ASSERT_EQ(api.prep(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_uint64, args), FFI_OK) << api.name;
    uint64_t r = 0;
    void* av[] = {value.data()};
    // 16 MiB of stack arguments, plus libffi's own copy.
    ASSERT_TRUE(jitffi::test::onBigStack(size_t(96) << 20, [&] { api.call(&cif, FFI_FN(inputs_hash_big24), &r, av); }));
    EXPECT_EQ(r, expected) << api.name;
  }
  // One more level is over the 16 MiB limit of a value passed by value.
  ffi_type* bigger = g.strct({top, top});
  ffi_type* args2[] = {bigger};
  ffi_cif cif;
  ffi_status st = FFI_OK;
  EXPECT_LT(seconds([&] { st = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_uint64, args2); }), kSeconds);
  EXPECT_EQ(st, FFI_BAD_TYPEDEF);
}

TEST(HugeDescriptions, SharedNodesAndCycles) {
  // The same struct object as the return value and both arguments, and nested twice.
  ffi_type* el[] = {&ffi_type_double, &ffi_type_double, nullptr};
  ffi_type d2 = {0, 0, FFI_TYPE_STRUCT, el};
  ffi_type* el2[] = {&d2, &d2, nullptr};
  ffi_type pair = {0, 0, FFI_TYPE_STRUCT, el2};
  ffi_cif cif;
  ffi_type* args[] = {&d2, &pair, &d2};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 3, &d2, args), FFI_OK);
  EXPECT_EQ(pair.size, 32u);
  // A struct that contains itself further down: FFI_BAD_TYPEDEF, however it is reached.
  ffi_type* loopEl[] = {&d2, nullptr, nullptr};
  ffi_type loop = {0, 0, FFI_TYPE_STRUCT, loopEl};
  ffi_type* midEl[] = {&loop, nullptr};
  ffi_type mid = {0, 0, FFI_TYPE_STRUCT, midEl};
  loopEl[1] = &mid;
  ffi_type* bad[] = {&d2, &mid};
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_void, bad), FFI_BAD_TYPEDEF);
  size_t off[2];
  EXPECT_EQ(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &loop, off), FFI_BAD_TYPEDEF);
}

TEST(HugeDescriptions, FlatStructOfMoreThan65536Members) {
  std::vector<ffi_type*> els(100000, &ffi_type_uint8);
  Graph g;
  ffi_type* flat = g.strct(els);
  std::vector<unsigned char> value(100000);
  for (size_t i = 0; i < value.size(); ++i) value[i] = uint8_t(i * 7 + 1);
  struct InputsFlat direct;
  std::memcpy(&direct, value.data(), sizeof direct);
  const uint64_t expected = inputs_hash_flat(5, direct);
  for (const Api& api : apis()) {
    ffi_cif cif;
    ffi_type* args[] = {&ffi_type_sint, flat};
    ffi_status st = FFI_BAD_ABI;
    EXPECT_LT(seconds([&] { st = api.prep(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_uint64, args); }), kSeconds);
    ASSERT_EQ(st, FFI_OK) << api.name;
    int k = 5;
    void* av[] = {&k, value.data()};
    uint64_t r = 0;
    api.call(&cif, FFI_FN(inputs_hash_flat), &r, av);
    EXPECT_EQ(r, expected) << api.name;
  }
  if (const SysFfi* sys = oracle()) {
    std::vector<size_t> ours(els.size()), theirs(els.size());
    ffi_type* fresh = g.strct(els);
    ASSERT_EQ(sys->get_struct_offsets(FFI_DEFAULT_ABI, fresh, theirs.data()), FFI_OK);
    ASSERT_EQ(ffi_get_struct_offsets(FFI_DEFAULT_ABI, flat, ours.data()), FFI_OK);
    EXPECT_EQ(ours, theirs);
  }
}

// 256 arguments of 16 MiB need 4 GiB of stack (or of copies): refused at once (the 32-bit frame
// size used to wrap around to 0). Under the 1 GiB limit is fine.
TEST(HugeDescriptions, FrameSizeLimit) {
  Graph g;
  ffi_type* mib16 = doublingDag(g, 24).back();
#if defined(__x86_64__)
  constexpr unsigned kMost = 64;  // on the stack: 64 fill the limit exactly
#else
  constexpr unsigned kMost = 63;  // AAPCS64, RISC-V: copies, plus the stack words of the pointers past x7 / a7
#endif
  for (unsigned n : {2u, kMost, kMost + 1, 256u}) {
    std::vector<ffi_type*> args(n, mib16);
    ffi_cif cif;
    ffi_status st = FFI_OK;
    EXPECT_LT(seconds([&] { st = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, n, &ffi_type_void, args.data()); }), kSeconds);
    EXPECT_EQ(st, n <= kMost ? FFI_OK : FFI_BAD_TYPEDEF) << n;
  }
}

// A call of 1000 arguments: its stub (about 15 KB on x86-64, 12 KB on AArch64) outgrows the buffer
// each thread assembles into first (kAssembleBuffer, runtime/jit_compile.cpp), and is assembled again into one
// that grows. The gcc-compiled callee reads every argument with va_arg.
TEST(HugeDescriptions, StubLargerThanTheAssemblyBuffer) {
  constexpr unsigned kVarargs = 999;
  std::vector<ffi_type*> types(kVarargs + 1, &ffi_type_sint64);
  types[0] = &ffi_type_sint;
  int n = int(kVarargs);
  std::vector<int64_t> values(kVarargs);
  std::vector<void*> av = {&n};
  int64_t expected = 0;
  for (unsigned i = 0; i < kVarargs; ++i) {
    values[i] = int64_t(i * 2654435761u % 100003) - 50000;
    expected += int64_t(i + 1) * values[i];
    av.push_back(&values[i]);
  }
  ffi_cif cif;
  ASSERT_EQ(ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 1, kVarargs + 1, &ffi_type_sint64, types.data()), FFI_OK);
  int64_t r = 0;
  ffi_call(&cif, FFI_FN(inputs_weighted_sum), &r, av.data());
  EXPECT_EQ(r, expected);
}

// ---- the same through the C++ API ---------------------------------------------------------------

// The text form: the cache key is written before classification (it used to expand 2^32 leaves
// for the last of these, for 84 s and 4 GB before failing with std::bad_alloc).
TEST(HugeDescriptions, CallInterfaceGetFromText) {
  struct Row {
    const char* sig;
    bool ok;
  } rows[] = {
      {"void({{{}[65536]}[65536]})", true},
      {"{{{{i8[65536]}[65536]}[65536]}[65536]}()", false},
      {"i32({{i8[65536]}[65536]})", false},
      {"i32({{{}[65536]}[65536]}, i32)", true},
  };
  for (const Row& r : rows) {
    jitffi::Result<const jitffi::CallInterface*> ci = jitffi::Error();
    EXPECT_LT(seconds([&] { ci = jitffi::CallInterface::get(r.sig); }), kSeconds) << r.sig;
    EXPECT_EQ(ci.ok(), r.ok) << r.sig << (ci.ok() ? "" : ": " + ci.error().toString());
    if (!r.ok && !ci.ok()) {
      EXPECT_EQ(ci.error().status(), jitffi::Status::kUnsupported) << r.sig;
    }
  }
  // The struct of 2^32 empty structs passes nothing: the int after it is the first argument of a
  // gcc-compiled int f(struct {...} e, int x).
  auto ci = jitffi::CallInterface::get("i32({{{}[65536]}[65536]}, i32)");
  ASSERT_TRUE(ci.ok());
  int x = 14;
  void* av[] = {nullptr, &x};  // nothing of the empty struct is read
  ffi_arg r = 0;
  (*ci)->call(inputs_empty_then_int, &r, av);
  EXPECT_EQ(int(r), 42);
}

// C++ Types: 2^24 leaves as 25 shared nodes, and nesting far past the limit.
TEST(HugeDescriptions, CallInterfaceGetFromTypes) {
  jitffi::Type s = jitffi::Type::u8();
  for (int k = 0; k < 24; ++k) s = jitffi::Type::structOf({s, s});
  jitffi::Result<const jitffi::CallInterface*> ci = jitffi::Error();
  EXPECT_LT(seconds([&] { ci = jitffi::CallInterface::get(jitffi::Signature(jitffi::Type::u64(), {s})); }), kSeconds);
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  std::vector<unsigned char> value(size_t(1) << 24);
  for (size_t i = 0; i < value.size(); ++i) value[i] = uint8_t(i * 40503u >> 7);
  uint64_t r = 0;
  void* av[] = {value.data()};
  ASSERT_TRUE(jitffi::test::onBigStack(size_t(64) << 20, [&] { (*ci)->call(jitffi::toFn(inputs_hash_big24), &r, av); }));
  EXPECT_EQ(r, inputsHash(value.data(), value.size(), 14695981039346656037ull));

  // 2^40 empty structs (size 0: passes nothing) and 2^40 bytes (too large), 41 nodes each.
  jitffi::Type empty = jitffi::Type::structOf({}), bytes = jitffi::Type::u8();
  for (int k = 0; k < 40; ++k) {
    empty = jitffi::Type::structOf({empty, empty});
    bytes = jitffi::Type::structOf({bytes, bytes});
  }
  EXPECT_LT(seconds([&] { ci = jitffi::CallInterface::get(jitffi::Signature(jitffi::Type::i32(), {empty, jitffi::Type::i32()})); }),
            kSeconds);
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  int x = 5;
  void* av2[] = {nullptr, &x};
  ffi_arg r2 = 0;
  (*ci)->call(inputs_empty_then_int, &r2, av2);
  EXPECT_EQ(int(r2), 15);
  EXPECT_LT(seconds([&] { ci = jitffi::CallInterface::get(jitffi::Signature(jitffi::Type::void_(), {bytes})); }), kSeconds);
  ASSERT_FALSE(ci.ok());
  EXPECT_EQ(ci.error().status(), jitffi::Status::kUnsupported);

  jitffi::Type deep = jitffi::Type::i32();
  for (int k = 0; k < 100000; ++k) deep = jitffi::Type::structOf({deep});
  EXPECT_LT(seconds([&] { ci = jitffi::CallInterface::get(jitffi::Signature(jitffi::Type::void_(), {deep})); }), kSeconds);
  ASSERT_FALSE(ci.ok());
  EXPECT_EQ(ci.error().status(), jitffi::Status::kBadTypedef);
}

}  // namespace
