// SPDX-License-Identifier: MIT
// The generated execution corpus harness (see corpus.h and gen_corpus.cpp), shared by
// corpus_test (the corpus of the host's C convention) and, on x86-64, corpus_win64_test (the
// Win64 corpora): each program lists its corpora in `corpus_sets` (corpus_sets_host.c,
// corpus_sets_win64.c) and this file runs them.
//
// Runs: a corpus runs under one or two ABIs (CorpusRun below):
//   - the host corpus under the host's C ABI (kHostAbi / FFI_DEFAULT_ABI: SysV x86-64 /
//     FFI_UNIX64, AAPCS64 / FFI_SYSV);
//   - the Win64 corpus (ms_abi callees, gcc's 80-bit long double) under Abi::kGnuWin64 /
//     FFI_GNUW64, and its cases without a long double also under Abi::kWin64 / FFI_WIN64 (for
//     them the two ABIs are the same convention);
//   - the Win64 corpus with `ld` typed double in C (gen_corpus --ld-as-double: FFI_WIN64's long
//     double), which holds the cases with a long double, under Abi::kWin64 / FFI_WIN64.
// So every signature runs under FFI_WIN64 once, with long double meaning what FFI_WIN64 says.
//
// For each case and path, each call is made twice (the second finds the interface in the cache)
// and checks:
//   - the hash the callee computed over every argument byte (corpus_last_hash) equals the one
//     the direct call produced (and the generator predicted): one wrong argument byte changes it;
//   - the return bytes equal the direct call's, compared under the case's mask (struct padding and
//     the 6 padding bytes of an 80-bit long double are not compared);
//   - nothing is written past the return storage ffi_call's rules promise (max(8, size) bytes);
//   - the argument values are left unchanged, and are not read past their end (each argument
//     copy ends at an inaccessible page).
//
// Closure paths: the case's generated C caller (caller_i) calls a closure of the case's
// signature with the case's arguments. The closure's handler plays the callee: it checks every
// argument byte it received against the case's argument images (under the same masks), computes
// the callee's hash from what it received (into corpus_last_hash, so the check above applies
// unchanged), and hands back the direct call's return value, which caller_i must then return
// (the return check above). The handler also checks its ctx and user_data and that it runs once
// per call. A closure is called through a thunk (regcheck_x64.S, regcheck_a64.S) that loads the
// ABI's callee-saved registers with canaries and checks that the closure gives them back (Win64:
// rsi, rdi and xmm6-xmm15 too, which the SysV handler may clobber; AAPCS64: x19-x29 and d8-d15),
// and that the stack pointer comes back.
//
// Around every path's call, the floating-point state: on x86-64 the x87 register stack is empty
// afterwards (a value left there could also stand in for a long double a later closure fails to
// return) and the x87 control word and MXCSR control bits are unchanged; on AArch64 FPCR is
// unchanged.
//
// Paths are a table: to add one, add a row to kPaths.
#include <gtest/gtest.h>

#include <ffi.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "c_decl.h"
#include "corpus.h"
#include "jitffi/call.h"
#include "jitffi/closure.h"
#include "jitffi/signature.h"
#include "support/sysffi.h"

// The corpora of this test program, null-terminated (corpus_sets_*.c).
extern "C" const CorpusSet* const corpus_sets[];

// The callee-saved register check around closure calls (regcheck_<arch>.S): the thunk a caller
// calls instead of the closure, and the register file it loads and saves.
extern "C" {
#if defined(__x86_64__)
struct RegFile {
  uint64_t gp[8];             // rbx rbp r12 r13 r14 r15 rsi rdi
  unsigned char vec[10][16];  // xmm6 … xmm15
};
void corpus_regcheck_sysv();
void corpus_regcheck_win64();
// A Win64 handler that scribbles over its home area, then jumps to corpus_w64_handler_target.
extern const void* corpus_w64_handler_target;
void corpus_w64_scribble_home();
#elif defined(__aarch64__)
struct RegFile {
  uint64_t gp[12];           // x19 … x29 (and one unused)
  unsigned char vec[8][8];   // d8 … d15: the low 64 bits of v8 … v15
};
void corpus_regcheck_aapcs64();
#elif defined(__riscv) && __riscv_xlen == 64
struct RegFile {
  uint64_t gp[12];           // s0 … s11
  unsigned char vec[12][8];  // fs0 … fs11 (64 bits each under LP64D)
};
void corpus_regcheck_rv64();
#else
#error "corpus_harness.cpp: no register check for this architecture"
#endif
extern RegFile corpus_regcheck_canary, corpus_regcheck_after;
extern const void* corpus_regcheck_target;
extern uint64_t corpus_regcheck_sp[2];
}

namespace {

using jitffi::Abi;
using jitffi::CallInterface;
using jitffi::RawClosure;
using jitffi::Signature;
using jitffi::test::SysFfi;

// ---- the corpus ---------------------------------------------------------------------------

const CorpusType& typeOf(const CorpusSet& set, uint32_t id) { return set.types[id]; }
const CorpusType& retType(const CorpusCase& c) { return typeOf(*c.set, c.types[0]); }
const CorpusType& argType(const CorpusCase& c, uint32_t k) { return typeOf(*c.set, c.types[1 + k]); }

std::vector<const CorpusCase*> casesOf(const CorpusSet& set) {
  std::vector<const CorpusCase*> out;
  for (uint32_t p = 0; p < set.part_count; ++p) {
    for (uint32_t i = 0; i < set.part_sizes[p]; ++i) out.push_back(&set.parts[p][i]);
  }
  return out;
}

// The interpreter shape's rule (ValuePlan::inSlot): non-struct values of at most 8 bytes travel
// in their slot; everything else by pointer.
bool inSlot(const CorpusType& t) { return t.kind != CK_STRUCT && t.size <= 8; }

bool isVector(const CorpusType& t) { return t.kind >= CK_FIRST_VECTOR && t.kind < CK_STRUCT; }
bool isComplexInteger(int kind) { return kind >= CK_CI8 && kind <= CK_CU128; }

template <class Pred>
bool anyType(const CorpusSet& set, uint32_t id, Pred pred) {
  const CorpusType& t = typeOf(set, id);
  if (pred(t)) return true;
  for (uint32_t i = 0; i < t.nfields; ++i) {
    if (anyType(set, set.type_fields[t.first + i], pred)) return true;
  }
  return false;
}

// Whether a long double (or complex long double) appears anywhere in the signature.
bool hasLongDouble(const CorpusCase& c) {
  for (uint32_t k = 0; k <= c.nargs; ++k) {
    if (anyType(*c.set, c.types[k], [](const CorpusType& t) { return t.kind == CK_LD || t.kind == CK_CLD; })) {
      return true;
    }
  }
  return false;
}

// Folds argument k as its callee does: cm_arg, then each meaningful byte in address order, masked
// (corpus.h, cm_h and cm_hm: the same for the 0xff masks of everything but records' bit-fields).
uint64_t foldArgument(uint64_t h, const CorpusCase& c, uint32_t k, const unsigned char* bytes) {
  const CorpusType& t = argType(c, k);
  return cm_hm(cm_arg(h, k), bytes, t.mask, t.size);
}

// The hash callee_i computes from the case's argument images: the generator's prediction, or for
// a case with a record (whose mask only the C compiler knows) the fold of the images.
uint64_t expectedHash(const CorpusCase& c) {
  if (c.hash_predicted) return c.expected_hash;
  uint64_t h = cm_seed(c.index);
  for (uint32_t k = 0; k < c.nargs; ++k) h = foldArgument(h, c, k, static_cast<const unsigned char*>(c.args[k]));
  return h;
}

bool hasRecord(const CorpusCase& c) {
  for (uint32_t k = 0; k <= c.nargs; ++k) {
    if (anyType(*c.set, c.types[k], [](const CorpusType& t) { return t.record != 0; })) return true;
  }
  return false;
}

// One corpus under one ABI.
struct CorpusRun {
  const CorpusSet* set;
  Abi abi;
  ffi_abi ffiAbi;
  const char* label;  // test-name prefix
  bool ldFreeOnly;    // only the cases without a long double (see the header comment)
};

const std::vector<CorpusRun>& runs() {
  static const std::vector<CorpusRun> v = [] {
    std::vector<CorpusRun> out;
    for (const CorpusSet* const* s = corpus_sets; *s; ++s) {
      const CorpusSet* set = *s;
      set->init();  // the records' masks, from the C compiler's layouts
      if (!set->ms_abi) {
        out.push_back({set, jitffi::kHostAbi, FFI_DEFAULT_ABI, "", false});
      }
#if defined(__x86_64__)  // (the ms_abi corpora are built for x86-64 hosts only)
      else if (!set->ld_as_double) {
        out.push_back({set, Abi::kGnuWin64, FFI_GNUW64, "gnuw64_", false});
        out.push_back({set, Abi::kWin64, FFI_WIN64, "win64_", true});
      } else {
        out.push_back({set, Abi::kWin64, FFI_WIN64, "win64ld_", false});
      }
#endif
    }
    return out;
  }();
  return v;
}

struct Entry {
  const CorpusRun* run;
  const CorpusCase* c;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> v = [] {
    std::vector<Entry> out;
    for (const CorpusRun& r : runs()) {
      for (const CorpusCase* c : casesOf(*r.set)) {
        if (!r.ldFreeOnly || !hasLongDouble(*c)) out.push_back({&r, c});
      }
    }
    return out;
  }();
  return v;
}

const char* ffiAbiName(ffi_abi a) {
  switch (a) {
#if defined(__x86_64__)
    case FFI_UNIX64: return "FFI_UNIX64";
    case FFI_WIN64: return "FFI_WIN64";
    case FFI_GNUW64: return "FFI_GNUW64";
#elif defined(__aarch64__)
    case FFI_SYSV: return "FFI_SYSV";
    case FFI_WIN64: return "FFI_WIN64";
#elif defined(__riscv)
    case FFI_SYSV: return "FFI_SYSV";
#endif
    default: return "?";
  }
}

// ---- messages ------------------------------------------------------------------------------

std::string hexBytes(const unsigned char* p, size_t n) {
  std::string s;
  char b[4];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(b, sizeof b, "%02x", p[i]);
    if (i) s += (i % 16 == 0) ? " | " : " ";
    s += b;
  }
  return s;
}

std::string hex64(uint64_t x) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%016" PRIx64, x);
  return b;
}

std::string describe(const CorpusRun& r, const CorpusCase& c) {
  std::string s = "case " + std::to_string(c.index) + (c.origin == CO_FIXED ? " (fixed)" : " (random)") +
                  " of corpus '" + r.set->name + "'\n  signature: " + c.sig + "\n  C:         " + c.proto +
                  "\n  ABI:       " + std::string(jitffi::abiName(r.abi)) + " (" + ffiAbiName(r.ffiAbi) + ")";
  if (r.set->ld_as_double) s += ", ld is double in C";
  return s;
}

// ---- crash context: a path that crashes still says which case and path ------------------------

char g_where[1024];

void crashHandler(int sig) {
  static const char kHead[] = "\n*** corpus test: fatal signal during ";
  (void)!write(2, kHead, sizeof kHead - 1);
  (void)!write(2, g_where, strnlen(g_where, sizeof g_where));
  (void)!write(2, "\n", 1);
  raise(sig);  // SA_RESETHAND: the default action now
}

void installCrashHandler() {
  static bool done = false;
  if (done) return;
  done = true;
  static std::vector<char> altStack(1 << 16);
  stack_t ss{};
  ss.ss_sp = altStack.data();
  ss.ss_size = altStack.size();
  sigaltstack(&ss, nullptr);
  struct sigaction sa{};
  sa.sa_handler = crashHandler;
  sa.sa_flags = SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
  for (int s : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) sigaction(s, &sa, nullptr);
}

void setWhere(const CorpusRun& r, const CorpusCase& c, const char* path, int rep) {
  std::snprintf(g_where, sizeof g_where, "case %u of '%s' (%s), path '%s', run %d: %s", c.index,
                r.set->name, ffiAbiName(r.ffiAbi), path, rep + 1, c.sig);
}

// ---- 16-aligned byte buffers -------------------------------------------------------------

class Bytes {
 public:
  explicit Bytes(size_t n = 0) : chunks_((n + 15) / 16 + 1), n_(n) {}
  unsigned char* data() { return reinterpret_cast<unsigned char*>(chunks_.data()); }
  const unsigned char* data() const { return reinterpret_cast<const unsigned char*>(chunks_.data()); }
  size_t size() const { return n_; }

 private:
  struct alignas(16) Chunk {
    unsigned char b[16];
  };
  std::vector<Chunk> chunks_;
  size_t n_;
};

// ---- argument copies that end at an inaccessible page ------------------------------------------
// Each argument's copy ends exactly where a PROT_NONE page begins (sizes are multiples of their
// alignment, so the copy stays aligned): a stub that reads past the end of an argument — say 8
// bytes for a 1-byte char or a 3-byte struct — faults instead of going unnoticed.
class GuardedArgs {
 public:
  GuardedArgs(const CorpusCase& c) {
    const size_t page = size_t(sysconf(_SC_PAGESIZE));
    std::vector<size_t> pages;
    size_t total = 0;
    for (uint32_t k = 0; k < c.nargs; ++k) {
      pages.push_back((argType(c, k).size + page - 1) / page + 1);  // data pages + a guard page
      total += pages.back() * page;
    }
    if (total == 0) return;
    void* m = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return;
    base_ = static_cast<unsigned char*>(m);
    size_ = total;
    unsigned char* p = base_;
    for (uint32_t k = 0; k < c.nargs; ++k) {
      unsigned char* guard = p + (pages[k] - 1) * page;
      mprotect(guard, page, PROT_NONE);
      ptrs_.push_back(guard - argType(c, k).size);
      std::memcpy(ptrs_.back(), c.args[k], argType(c, k).size);
      p = guard + page;
    }
  }
  ~GuardedArgs() {
    if (base_) munmap(base_, size_);
  }
  GuardedArgs(const GuardedArgs&) = delete;
  GuardedArgs& operator=(const GuardedArgs&) = delete;
  bool ok(const CorpusCase& c) const { return ptrs_.size() == c.nargs; }
  unsigned char* operator[](uint32_t k) { return ptrs_[k]; }

 private:
  unsigned char* base_ = nullptr;
  size_t size_ = 0;
  std::vector<unsigned char*> ptrs_;
};

// ---- ffi_type graphs, one per library -----------------------------------------------------

ffi_type* ourScalar(int kind) {
  switch (kind) {
    case CK_VOID: return &ffi_type_void;
    case CK_I8: return &ffi_type_sint8;
    case CK_U8: return &ffi_type_uint8;
    case CK_I16: return &ffi_type_sint16;
    case CK_U16: return &ffi_type_uint16;
    case CK_I32: return &ffi_type_sint32;
    case CK_U32: return &ffi_type_uint32;
    case CK_I64: return &ffi_type_sint64;
    case CK_U64: return &ffi_type_uint64;
    case CK_I128: return &ffi_type_sint128;
    case CK_U128: return &ffi_type_uint128;
    case CK_F32: return &ffi_type_float;
    case CK_F64: return &ffi_type_double;
    case CK_LD: return &ffi_type_longdouble;
    case CK_PTR: return &ffi_type_pointer;
    case CK_C32: return &ffi_type_complex_float;
    case CK_C64: return &ffi_type_complex_double;
    case CK_CLD: return &ffi_type_complex_longdouble;
    default: return nullptr;
  }
}

// Builds ffi_type objects for corpus types, for jitffi's C API (sys == null) or for the system
// libffi (its own predefined scalars). Struct nodes start with size 0, as libffi users write
// them; ffi_prep_cif lays them out, and layoutErrors() checks that against gcc's layout.
//
// libffi 3.4.4 has no 128-bit integer type: for the system library an __int128 is described as
// a struct of two uint64 with size 16 and alignment 16 given up front (libffi keeps a preset
// layout), which the SysV x86-64 ABI passes exactly like __int128 (INTEGER, INTEGER; 16-aligned
// on the stack), and Win64 too (by reference) — but not as a Win64 return value (gcc returns
// __int128 in xmm0, a 16-byte struct through a hidden pointer; see systemLibffiExcluded).
//
// A corpus whose long double is double in C (ld_as_double, run under FFI_WIN64): jitffi's C API
// gets ffi_type_longdouble, which FFI_WIN64 defines as double — that is what is tested. The
// system libffi on Linux has one ffi_type_longdouble, the 80-bit one, whatever the ABI, so it is
// given the C type: ffi_type_double (and complex double for cld).
class FfiGraph {
 public:
  FfiGraph(const CorpusSet& set, const SysFfi* sys) : set_(set), sys_(sys) {}

  ffi_type* get(uint32_t id) {
    auto it = memo_.find(id);
    if (it != memo_.end()) return it->second;
    const CorpusType& t = typeOf(set_, id);
    ffi_type* out;
    if (t.kind != CK_STRUCT) {
      out = scalar(t.kind);
    } else if (t.record) {
      out = record(t);
    } else {
      std::vector<ffi_type*>& el = elements_.emplace_back();
      for (uint32_t i = 0; i < t.nfields; ++i) el.push_back(get(set_.type_fields[t.first + i]));
      el.push_back(nullptr);
      out = &nodes_.emplace_back(ffi_type{0, 0, FFI_TYPE_STRUCT, el.data()});
      structs_.push_back({id, out});
    }
    memo_[id] = out;
    return out;
  }

  // Struct layouts as ffi_prep_cif filled them in, against the table (checked by gcc).
  std::string layoutErrors() const {
    std::string s;
    for (auto [id, node] : structs_) {
      const CorpusType& t = typeOf(set_, id);
      if (node->size != t.size || node->alignment != t.align) {
        s += "  struct " + std::string(t.text) + ": ffi_prep_cif laid it out as size " +
             std::to_string(node->size) + " align " + std::to_string(node->alignment) +
             ", gcc says size " + std::to_string(t.size) + " align " + std::to_string(t.align) + "\n";
      }
    }
    return s;
  }

 private:
  ffi_type* scalar(int kind) {
    // A complex integer: FFI_TYPE_COMPLEX with its part as the element, its size given (libffi
    // computes none for complex types). A vector: FFI_TYPE_VECTOR with its lanes as elements,
    // size 0 (ffi_prep_cif fills it in).
    if (isComplexInteger(kind)) {
      const int part = CK_I8 + (kind - CK_CI8);
      std::vector<ffi_type*>& el = elements_.emplace_back();
      el = {scalar(part), nullptr};
      const CorpusType& t = typeOf(set_, uint32_t(kind));
      return &nodes_.emplace_back(ffi_type{t.size, uint16_t(t.align), FFI_TYPE_COMPLEX, el.data()});
    }
    if (kind >= CK_FIRST_VECTOR && kind < CK_STRUCT) {
      static constexpr struct {
        int lane;
        unsigned count;
      } kLanes[] = {{CK_F32, 2}, {CK_I16, 4}, {CK_F32, 4}, {CK_F64, 2}, {CK_I32, 4}, {CK_U8, 16}};
      static_assert(std::size(kLanes) == CK_STRUCT - CK_FIRST_VECTOR);
      const auto& v = kLanes[kind - CK_FIRST_VECTOR];
      std::vector<ffi_type*>& el = elements_.emplace_back(v.count, scalar(v.lane));
      el.push_back(nullptr);
      ffi_type* out = &nodes_.emplace_back(ffi_type{0, 0, FFI_TYPE_VECTOR, el.data()});
      structs_.push_back({uint32_t(kind), out});
      return out;
    }
    if (!sys_) return ourScalar(kind);
    if (kind == CK_I128 || kind == CK_U128) {
      std::vector<ffi_type*>& el = elements_.emplace_back();
      el = {sys_->scalar[FFI_TYPE_UINT64], sys_->scalar[FFI_TYPE_UINT64], nullptr};
      return &nodes_.emplace_back(ffi_type{16, 16, FFI_TYPE_STRUCT, el.data()});
    }
    if (set_.ld_as_double && kind == CK_LD) return sys_->map(&ffi_type_double);
    if (set_.ld_as_double && kind == CK_CLD) return sys_->map(&ffi_type_complex_double);
    return sys_->map(ourScalar(kind));
  }

  // A record, through jitffi's C extension (ffi.h; the system libffi has none: never asked).
  ffi_type* record(const CorpusType& t) {
    std::vector<ffi_type*>& el = elements_.emplace_back();
    std::vector<unsigned> bits;
    std::vector<size_t> at;
    bool anyBits = false, anyAt = false;
    for (uint32_t i = 0; i < t.nfields; ++i) {
      el.push_back(get(set_.type_fields[t.first + i]));
      bits.push_back(t.bits[i] == CORPUS_NO_BITS ? JITFFI_NOT_BITFIELD : t.bits[i]);
      at.push_back(t.at[i] == CORPUS_NO_AT ? JITFFI_NEXT_OFFSET : t.at[i]);
      anyBits = anyBits || t.bits[i] != CORPUS_NO_BITS;
      anyAt = anyAt || t.at[i] != CORPUS_NO_AT;
    }
    el.push_back(nullptr);
    ffi_type* out = nullptr;
    const ffi_status st = t.record == 2 ? jitffi_type_union(&out, el.data(), t.pack)
                          : anyBits   ? jitffi_type_bitfield_struct(&out, el.data(), bits.data(), t.pack)
                          : anyAt     ? jitffi_type_struct_at(&out, el.data(), at.data(), t.pack)
                                      : jitffi_type_struct_packed(&out, el.data(), t.pack);
    if (st != FFI_OK) {
      ADD_FAILURE() << "jitffi_type_* refused the record " << t.text << ": status " << int(st);
      return &ffi_type_void;
    }
    records_.emplace_back(out);
    return out;
  }

  struct FreeRecord {
    void operator()(ffi_type* t) const { jitffi_type_free(t); }
  };

  const CorpusSet& set_;
  const SysFfi* sys_;
  std::vector<std::unique_ptr<ffi_type, FreeRecord>> records_;
  std::map<uint32_t, ffi_type*> memo_;
  std::deque<ffi_type> nodes_;
  std::deque<std::vector<ffi_type*>> elements_;
  std::vector<std::pair<uint32_t, ffi_type*>> structs_;
};

// ---- one case, ready to call --------------------------------------------------------------

struct CallCtx {
  const CorpusRun& run;
  const CorpusCase& c;
  const Signature& sig;     // the case's signature, parsed
  void** av;                // avalues: fresh copies of the argument images
  const uint64_t* slots;    // interpreter shape
  FfiGraph& ours;
  FfiGraph& sys;
  std::vector<ffi_type*>& ourArgs;
  std::vector<ffi_type*>& sysArgs;
  const unsigned char* expectedRet;  // the direct call's return bytes (closures return them)
  std::string* layoutNote;  // set by the ffi paths when a struct layout disagrees
  std::string* detail;      // set by closure handlers: what they found wrong
};

// ---- the call paths ---------------------------------------------------------------------------
// Each makes one call and returns "" or why the call could not be made.

std::string viaCaller(CallCtx& x, void* rvalue) {
  x.c.caller(x.c.callee, x.av, rvalue);
  return "";
}

std::string getInterface(const CallCtx& x, const CallInterface*& out) {
  auto ci = CallInterface::get(x.c.sig, x.run.abi);
  if (!ci) return "CallInterface::get failed: " + ci.error().toString();
  out = *ci;
  return "";
}

std::string viaCall(CallCtx& x, void* rvalue) {
  const CallInterface* ci;
  if (auto e = getInterface(x, ci); !e.empty()) return e;
  ci->call(x.c.callee, rvalue, x.av);
  return "";
}

std::string viaSlots(CallCtx& x, void* rvalue) {
  const CallInterface* ci;
  if (auto e = getInterface(x, ci); !e.empty()) return e;
  ci->callSlots(x.c.callee, rvalue, x.slots);
  return "";
}

std::string viaBound(CallCtx& x, void* rvalue) {
  const CallInterface* ci;
  if (auto e = getInterface(x, ci); !e.empty()) return e;
  auto b = ci->bind(x.c.callee);
  if (!b) return "CallInterface::bind failed: " + b.error().toString();
  (*b)(rvalue, x.av);
  return "";
}

std::string prepOurs(CallCtx& x, ffi_cif& cif) {
  ffi_type* rt = x.ours.get(x.c.types[0]);
  const ffi_status st =
      x.c.variadic
          ? ffi_prep_cif_var(&cif, x.run.ffiAbi, x.c.nfixed, x.c.nargs, rt, x.ourArgs.data())
          : ffi_prep_cif(&cif, x.run.ffiAbi, x.c.nargs, rt, x.ourArgs.data());
  if (st != FFI_OK) return "jitffi's ffi_prep_cif" + std::string(x.c.variadic ? "_var" : "") +
                           " returned status " + std::to_string(int(st));
  *x.layoutNote += x.ours.layoutErrors();
  return "";
}

std::string viaFfiCall(CallCtx& x, void* rvalue) {
  ffi_cif cif;
  if (auto e = prepOurs(x, cif); !e.empty()) return e;
  ffi_call(&cif, x.c.callee, rvalue, x.av);
  return "";
}

std::string viaFfiCallNullRvalue(CallCtx& x, void*) {
  ffi_cif cif;
  if (auto e = prepOurs(x, cif); !e.empty()) return e;
  ffi_call(&cif, x.c.callee, nullptr, x.av);
  return "";
}

std::string prepSys(CallCtx& x, ffi_cif& cif) {
  const SysFfi* sys = SysFfi::get();
  ffi_type* rt = x.sys.get(x.c.types[0]);
  const ffi_status st =
      x.c.variadic
          ? sys->prep_cif_var(&cif, x.run.ffiAbi, x.c.nfixed, x.c.nargs, rt, x.sysArgs.data())
          : sys->prep_cif(&cif, x.run.ffiAbi, x.c.nargs, rt, x.sysArgs.data());
  if (st != FFI_OK) return "system ffi_prep_cif returned status " + std::to_string(int(st));
  *x.layoutNote += x.sys.layoutErrors();
  return "";
}

std::string viaSystemLibffi(CallCtx& x, void* rvalue) {
  ffi_cif cif;
  if (auto e = prepSys(x, cif); !e.empty()) return e;
  // libffi 3.4.4's riscv ffi_call stores the result of a void call too: it unmarshals
  // ffi_type_void (size 1) as a 1-byte value, a0's low byte into rvalue, where a void call has
  // no return storage (inputs_test.cpp's SystemLibffiRv64 shows it; its closures are right).
  // That byte goes to storage of its own, so the callee's check of its arguments still runs.
  uint64_t voidStore = 0;
  if (x.run.abi == Abi::kRv64 && retType(x.c).kind == CK_VOID) rvalue = &voidStore;
  SysFfi::get()->call(&cif, x.c.callee, rvalue, x.av);
  return "";
}

// ---- closures -----------------------------------------------------------------------------

// What a closure's handler checks and returns during one call through caller_i.
struct HandlerCheck {
  const CorpusCase* c = nullptr;
  const Signature* sig = nullptr;        // the case's signature (types for VarArgs::next)
  const unsigned char* ret = nullptr;    // the return bytes to hand back (the direct call's)
  const void* ctx = nullptr;             // the ctx the handler must receive
  bool widen = false;  // write a narrow integral return as a widened 8-byte ffi_arg (libffi's
                       // rule); otherwise exactly the value's size (jitffi accepts both)
  // Non-null: the closure is for the fixed parameters plus `...`, and the handler reads the
  // variadic arguments through a VarArgs cursor made from this interface and args[nfixed].
  const CallInterface* cursor = nullptr;
  int calls = 0;
  std::string problems;
};

// The check of the closure call in progress (the corpus runs on one thread).
HandlerCheck* g_check = nullptr;

// ---- callee-saved registers across a closure call (regcheck_<arch>.S) ----------------------------

// The registers of the RegFile a closure of `abi` must preserve.
struct SavedRegs {
  const char* const* gpNames;
  int gp;
  const char* vecName;  // vector register n is vecName + (vecFirst + n)
  int vecFirst, vec, vecBytes;
};

#if defined(__x86_64__)
const char* const kRegFileGpNames[8] = {"rbx", "rbp", "r12", "r13", "r14", "r15", "rsi", "rdi"};
// SysV: rbx, rbp, r12-r15; Win64: rsi, rdi and xmm6-xmm15 too.
SavedRegs savedRegs(Abi abi) {
  return abi == Abi::kSysV64 ? SavedRegs{kRegFileGpNames, 6, "xmm", 6, 0, 16}
                             : SavedRegs{kRegFileGpNames, 8, "xmm", 6, 10, 16};
}
// The thunk that checks them around a call of the case's convention.
CorpusFn regcheckThunk(Abi abi) { return abi == Abi::kSysV64 ? corpus_regcheck_sysv : corpus_regcheck_win64; }
#elif defined(__riscv)
const char* const kRegFileGpNames[12] = {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11"};
// ABI[riscv-psabi 1.0 "Integer Register Convention", "Floating-point Register Convention"]:
// s0-s11 and fs0-fs11 (their 64 bits under LP64D).
SavedRegs savedRegs(Abi) { return SavedRegs{kRegFileGpNames, 12, "fs", 0, 12, 8}; }
CorpusFn regcheckThunk(Abi) { return corpus_regcheck_rv64; }
#else
const char* const kRegFileGpNames[11] = {"x19", "x20", "x21", "x22", "x23", "x24",
                                         "x25", "x26", "x27", "x28", "x29"};
// ABI[aapcs64 2020Q2 6.1.1, 6.1.2]: x19-x29 and the low 64 bits of v8-v15 (d8-d15).
SavedRegs savedRegs(Abi) { return SavedRegs{kRegFileGpNames, 11, "d", 8, 8, 8}; }
CorpusFn regcheckThunk(Abi) { return corpus_regcheck_aapcs64; }
#endif

// Sets fresh canaries (a call that happened to leave an old one behind is still caught).
void setCanaries() {
  static uint64_t serial = 0;
  ++serial;
  for (uint64_t i = 0; i < std::size(corpus_regcheck_canary.gp); ++i) {
    corpus_regcheck_canary.gp[i] = 0xc5a1ee0000000000ULL | (serial << 8) | i;
  }
  for (size_t i = 0; i < std::size(corpus_regcheck_canary.vec); ++i) {
    for (size_t b = 0; b < sizeof corpus_regcheck_canary.vec[i]; ++b) {
      corpus_regcheck_canary.vec[i][b] = uint8_t(0x60 + 16 * i + b + serial);
    }
  }
}

// What the callee did not preserve of the ABI's callee-saved registers, or "".
std::string clobberedRegisters(Abi abi) {
  const SavedRegs regs = savedRegs(abi);
  std::string s;
  for (int i = 0; i < regs.gp; ++i) {
    if (corpus_regcheck_after.gp[i] != corpus_regcheck_canary.gp[i]) s += std::string(" ") + regs.gpNames[i];
  }
  for (int i = 0; i < regs.vec; ++i) {
    if (std::memcmp(corpus_regcheck_after.vec[i], corpus_regcheck_canary.vec[i], size_t(regs.vecBytes)) != 0) {
      s += " " + std::string(regs.vecName) + std::to_string(regs.vecFirst + i);
    }
  }
  if (corpus_regcheck_sp[0] != corpus_regcheck_sp[1]) {
    s += " sp (moved by " + std::to_string(int64_t(corpus_regcheck_sp[1] - corpus_regcheck_sp[0])) + ")";
  }
  return s;
}

// ---- floating-point state around every call -------------------------------------------------

#if defined(__x86_64__)
struct FpState {
  uint16_t x87Control;
  uint32_t mxcsr;
  int x87Depth;  // registers in use on the x87 stack
};

FpState fpState() {
  // fnstenv's 28-byte image: control, status, tag words (each padded to 4 bytes), pointers.
  struct {
    uint16_t cw, pad0, sw, pad1, tw, pad2;
    uint32_t rest[4];
  } env;
  asm volatile("fnstenv %0" : "=m"(env));
  asm volatile("fldenv %0" : : "m"(env));  // fnstenv masks the x87 exceptions: put them back
  uint32_t mxcsr;
  asm volatile("stmxcsr %0" : "=m"(mxcsr));
  int depth = 0;
  for (int i = 0; i < 8; ++i) depth += ((env.tw >> (2 * i)) & 3) != 3;  // 3: empty
  return {env.cw, mxcsr, depth};
}

// What a call changed of the floating-point state ("" when nothing), putting it right.
std::string fpStateChange(const FpState& before, const FpState& after) {
  std::string s;
  // The x87 stack is empty between calls (a value left there could also stand in for a return
  // value a later path fails to load): empty it, keeping the control word.
  if (after.x87Depth != 0) {
    s += "\n  " + std::to_string(after.x87Depth) + " value(s) left on the x87 register stack";
    uint16_t cw;
    asm volatile("fnstcw %0" : "=m"(cw));
    asm volatile("fninit");
    asm volatile("fldcw %0" : : "m"(cw));
  }
  if (after.x87Control != before.x87Control || (after.mxcsr & ~0x3fu) != (before.mxcsr & ~0x3fu)) {
    s += "\n  the floating-point control state changed: x87 control word " + std::to_string(before.x87Control) +
         " -> " + std::to_string(after.x87Control) + ", mxcsr (status flags aside) " +
         std::to_string(before.mxcsr & ~0x3fu) + " -> " + std::to_string(after.mxcsr & ~0x3fu);
  }
  return s;
}
#elif defined(__riscv)
struct FpState {
  uint64_t frm;  // the dynamic rounding mode (fcsr's accrued exception flags aside)
};

FpState fpState() {
  uint64_t frm;
  asm volatile("frrm %0" : "=r"(frm));
  return {frm};
}

std::string fpStateChange(const FpState& before, const FpState& after) {
  if (after.frm == before.frm) return "";
  asm volatile("fsrm %0" : : "r"(before.frm));
  return "\n  the floating-point rounding mode changed: frm " + std::to_string(before.frm) + " -> " +
         std::to_string(after.frm);
}
#else
struct FpState {
  uint64_t fpcr;  // rounding mode, trap enables, flush-to-zero, default NaN (FPSR's flags aside)
};

FpState fpState() {
  uint64_t fpcr;
  asm volatile("mrs %0, fpcr" : "=r"(fpcr));
  return {fpcr};
}

std::string fpStateChange(const FpState& before, const FpState& after) {
  if (after.fpcr == before.fpcr) return "";
  asm volatile("msr fpcr, %0" : : "r"(before.fpcr));
  return "\n  the floating-point control register changed: fpcr " + std::to_string(before.fpcr) + " -> " +
         std::to_string(after.fpcr);
}
#endif

// Folds the argument as the callee would (foldArgument: the masked bytes in address order are
// the callee's ranges in member order) and compares it with the case's argument image.
void checkArgument(HandlerCheck& hc, uint32_t k, const unsigned char* got, uint64_t& h) {
  const CorpusType& t = argType(*hc.c, k);
  const auto* want = static_cast<const unsigned char*>(hc.c->args[k]);
  h = foldArgument(h, *hc.c, k, got);
  bool same = true;
  for (uint32_t i = 0; i < t.size; ++i) same = same && ((got[i] ^ want[i]) & t.mask[i]) == 0;
  if (!same) {
    const size_t n = t.size < 64 ? t.size : 64;
    std::string mask;
    for (size_t i = 0; i < n; ++i) mask += std::string(i ? ((i % 16 == 0) ? " | " : " ") : "") + (t.mask[i] ? "^^" : "..");
    hc.problems += "\n  the handler received argument " + std::to_string(k) + " (" + t.text +
                   ") wrong:\n    expected: " + hexBytes(want, n) + "\n    got:      " + hexBytes(got, n) +
                   "\n    compared: " + mask;
  }
}

// The handler of every closure path: avalues (av) or slots, and the libffi shape (av, ctx an
// ffi_cif).
void onClosureCall(const void* ctx, void* ret, void* const* av, const uint64_t* slots, void* user) {
  HandlerCheck* hcp = g_check;
  if (!hcp) return;
  HandlerCheck& hc = *hcp;
  ++hc.calls;
  if (user != hcp) {
    char b[96];
    std::snprintf(b, sizeof b, "\n  the handler's user_data is %p, expected %p", user, static_cast<void*>(hcp));
    hc.problems += b;
  }
  if (ctx != hc.ctx) {
    char b[96];
    std::snprintf(b, sizeof b, "\n  the handler's ctx is %p, expected %p", ctx, hc.ctx);
    hc.problems += b;
  }
  const CorpusCase& c = *hc.c;
  auto argAt = [&](uint32_t k) -> const unsigned char* {
    if (!slots) return static_cast<const unsigned char*>(av[k]);
    if (inSlot(argType(c, k))) return reinterpret_cast<const unsigned char*>(&slots[k]);
    return reinterpret_cast<const unsigned char*>(uintptr_t(slots[k]));
  };
  uint64_t h = cm_seed(c.index);
  const uint32_t direct = hc.cursor ? c.nfixed : c.nargs;
  for (uint32_t k = 0; k < direct; ++k) checkArgument(hc, k, argAt(k), h);
  if (hc.cursor) {
    // As Closure<R(A..., ...)> does: args[fixedCount] is the variadic-argument frame.
    const void* frame = slots ? reinterpret_cast<const void*>(uintptr_t(slots[c.nfixed])) : av[c.nfixed];
    jitffi::VarArgs va(hc.cursor, frame);
    for (uint32_t k = c.nfixed; k < c.nargs; ++k) {
      auto p = va.next(hc.sig->args[k]);
      if (!p) {
        hc.problems += "\n  VarArgs::next failed for argument " + std::to_string(k) + ": " + p.error().toString();
        h = ~h;
        break;
      }
      checkArgument(hc, k, static_cast<const unsigned char*>(*p), h);
    }
    if (va.count() != uint32_t(c.nargs - c.nfixed)) {
      hc.problems += "\n  VarArgs::count() is " + std::to_string(va.count()) + ", expected " +
                     std::to_string(c.nargs - c.nfixed);
    }
  }
  corpus_last_hash = h;
  const CorpusType& rt = retType(c);
  if (rt.kind != CK_VOID) {
    const bool narrowIntegral = rt.kind >= CK_I8 && rt.kind <= CK_U32;
    std::memcpy(ret, hc.ret, narrowIntegral && hc.widen ? 8 : rt.size);
  }
}

void ffiHandler(ffi_cif* cif, void* ret, void** args, void* user) {
  onClosureCall(cif, ret, args, nullptr, user);
}
void avaluesHandler(const void* ctx, void* ret, void** args, void* user) {
  onClosureCall(ctx, ret, args, nullptr, user);
}
void slotsHandler(const void* ctx, void* ret, const uint64_t* args, void* user) {
  onClosureCall(ctx, ret, nullptr, args, user);
}
#if JITFFI_HAS_WIN64_HANDLERS
// The same compiled for the Win64 convention (ms_abi), reached through corpus_w64_scribble_home.
JITFFI_WIN64_HANDLER void win64AvaluesHandler(const void* ctx, void* ret, void** args, void* user) {
  onClosureCall(ctx, ret, args, nullptr, user);
}
JITFFI_WIN64_HANDLER void win64SlotsHandler(const void* ctx, void* ret, const uint64_t* args, void* user) {
  onClosureCall(ctx, ret, nullptr, args, user);
}
#endif

HandlerCheck makeCheck(const CallCtx& x, const void* ctx, bool widen) {
  HandlerCheck hc;
  hc.c = &x.c;
  hc.sig = &x.sig;
  hc.ret = x.expectedRet;
  hc.ctx = ctx;
  hc.widen = widen;
  return hc;
}

// Calls the closure at `code` through the case's C caller (by way of a register check: see
// regcheck_<arch>.S) and reports what the handler found and which callee-saved registers of the
// case's ABI the closure did not preserve.
void callThroughCaller(CallCtx& x, HandlerCheck& hc, void* code, void* rvalue) {
  setCanaries();
  corpus_regcheck_target = code;
  g_check = &hc;
  x.c.caller(regcheckThunk(x.run.abi), x.av, rvalue);
  g_check = nullptr;
  if (hc.calls != 1) *x.detail += "\n  the handler ran " + std::to_string(hc.calls) + " times, expected once";
  *x.detail += hc.problems;
  if (std::string regs = clobberedRegisters(x.run.abi); !regs.empty()) {
    *x.detail += "\n  the closure did not preserve these callee-saved registers of " +
                 std::string(jitffi::abiName(x.run.abi)) + ":" + regs;
  }
}

// (a) libffi's closure API, jitffi's implementation.
std::string viaFfiClosure(CallCtx& x, void* rvalue) {
  ffi_cif cif;
  if (auto e = prepOurs(x, cif); !e.empty()) return e;
  void* code = nullptr;
  auto* cl = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code));
  if (!cl || !code) return "jitffi's ffi_closure_alloc failed";
  HandlerCheck hc = makeCheck(x, &cif, true);
  const ffi_status st = ffi_prep_closure_loc(cl, &cif, ffiHandler, &hc, code);
  if (st != FFI_OK) {
    ffi_closure_free(cl);
    return "jitffi's ffi_prep_closure_loc returned status " + std::to_string(int(st));
  }
  callThroughCaller(x, hc, code, rvalue);
  ffi_closure_free(cl);
  return "";
}

// (b), (c) RawClosure of either handler shape; with `fixedPart`, for the fixed parameters plus
// `...` only (variadic cases), the handler reading the rest through VarArgs; with `win64Handler`,
// the handler compiled for the Win64 convention (behind corpus_w64_scribble_home).
std::string viaRawClosure(CallCtx& x, void* rvalue, bool slots, bool fixedPart, [[maybe_unused]] bool win64Handler = false) {
  const CallInterface* ci;
  if (fixedPart) {
    Signature fixed = x.sig;
    fixed.args.resize(fixed.fixedCount);
    auto r = CallInterface::get(fixed, x.run.abi);
    if (!r) return "CallInterface::get (fixed part) failed: " + r.error().toString();
    ci = *r;
  } else if (auto e = getInterface(x, ci); !e.empty()) {
    return e;
  }
  HandlerCheck hc = makeCheck(x, ci, !slots);
  if (fixedPart) hc.cursor = ci;
#if JITFFI_HAS_WIN64_HANDLERS
  if (win64Handler) {
    corpus_w64_handler_target = slots ? reinterpret_cast<const void*>(&win64SlotsHandler)
                                      : reinterpret_cast<const void*>(&win64AvaluesHandler);
  }
  void* scribbler = reinterpret_cast<void*>(&corpus_w64_scribble_home);
  auto rc = win64Handler ? (slots ? RawClosure::make(ci, reinterpret_cast<jitffi::Win64SlotsClosureHandler>(scribbler), &hc)
                                  : RawClosure::make(ci, reinterpret_cast<jitffi::Win64ClosureHandler>(scribbler), &hc))
                         : (slots ? RawClosure::make(ci, &slotsHandler, &hc) : RawClosure::make(ci, &avaluesHandler, &hc));
#else
  auto rc = slots ? RawClosure::make(ci, &slotsHandler, &hc) : RawClosure::make(ci, &avaluesHandler, &hc);
#endif
  if (!rc) return "RawClosure::make failed: " + rc.error().toString();
  callThroughCaller(x, hc, rc->code(), rvalue);
  return "";
}

std::string viaRawAvalues(CallCtx& x, void* rvalue) { return viaRawClosure(x, rvalue, false, false); }
std::string viaRawSlots(CallCtx& x, void* rvalue) { return viaRawClosure(x, rvalue, true, false); }
std::string viaRawAvaluesVarArgs(CallCtx& x, void* rvalue) { return viaRawClosure(x, rvalue, false, true); }
std::string viaRawSlotsVarArgs(CallCtx& x, void* rvalue) { return viaRawClosure(x, rvalue, true, true); }
#if JITFFI_HAS_WIN64_HANDLERS
std::string viaRawAvaluesWin64Handler(CallCtx& x, void* rvalue) { return viaRawClosure(x, rvalue, false, false, true); }
std::string viaRawSlotsWin64Handler(CallCtx& x, void* rvalue) { return viaRawClosure(x, rvalue, true, false, true); }
std::string viaRawSlotsVarArgsWin64Handler(CallCtx& x, void* rvalue) {
  return viaRawClosure(x, rvalue, true, true, true);
}
#endif

// (d) The system libffi's closures.
std::string viaSystemClosure(CallCtx& x, void* rvalue) {
  const SysFfi* sys = SysFfi::get();
  ffi_cif cif;
  if (auto e = prepSys(x, cif); !e.empty()) return e;
  void* code = nullptr;
  auto* cl = static_cast<ffi_closure*>(sys->closure_alloc(sizeof(ffi_closure), &code));
  if (!cl || !code) return "system ffi_closure_alloc failed";
  HandlerCheck hc = makeCheck(x, &cif, true);
  const ffi_status st = sys->prep_closure_loc(cl, &cif, ffiHandler, &hc, code);
  if (st != FFI_OK) {
    sys->closure_free(cl);
    return "system ffi_prep_closure_loc returned status " + std::to_string(int(st));
  }
  callThroughCaller(x, hc, code, rvalue);
  sys->closure_free(cl);
  return "";
}

// ---- what a path leaves out ---------------------------------------------------------------------
// The system libffi (3.4.4) as an oracle: the signatures it is known to get wrong are skipped,
// each by a narrow predicate that names the libffi limitation. Each returns the reason or null.
//
// Where a predicate needs to know which register an argument lands in, it reads jitffi's plan
// for the signature. That is sound: the same case checks jitffi's calls against gcc's direct
// call, so a plan that put an argument elsewhere would fail there.
const jitffi::CallPlan* planOf(const CorpusRun& r, const CorpusCase& c) {
  auto ci = CallInterface::get(c.sig, r.abi);
  return ci ? &(*ci)->plan() : nullptr;
}

bool isLoneLongDouble(const CorpusSet& set, uint32_t id) {
  const CorpusType& t = typeOf(set, id);
  if (t.kind == CK_LD) return true;
  return t.kind == CK_STRUCT && t.nfields == 1 && isLoneLongDouble(set, set.type_fields[t.first]);
}

// libffi 3.4.4, src/x86/ffi64.c (ffi_call_int) copies an INTEGER eightbyte of a struct into its
// general-register slot with memcpy(&gpr[n], a, size), `size` being the bytes left in the struct:
// a struct of more than 8 bytes whose first eightbyte lands in the 6th general register (r9)
// spills into the first SSE register slot, clobbering an earlier argument passed in xmm0
// (fixed upstream by libffi PR #848, after 3.4.4). E.g. void(f64, i64,i64,i64,i64,i64, {i64,f64}).
bool libffiR9StructClobbersXmm0(const CorpusRun& r, const CorpusCase& c) {
  const jitffi::CallPlan* plan = r.abi == Abi::kSysV64 ? planOf(r, c) : nullptr;
  if (!plan) return false;
  bool vecUsed = false;
  for (uint32_t k = 0; k < c.nargs && k < plan->args.size(); ++k) {
    const jitffi::ValuePlan& v = plan->args[k];
    const jitffi::Piece* p = plan->piecesOf(v);
    if (v.mode == jitffi::PassMode::kDirect && v.pieceCount > 0 && vecUsed &&
        argType(c, k).kind == CK_STRUCT && argType(c, k).size > 8 && p[0].loc == jitffi::PieceLoc::kGp &&
        p[0].reg == 9 /* r9 */ && p[0].offset == 0) {
      return true;
    }
    for (uint32_t i = 0; i < v.pieceCount; ++i) vecUsed = vecUsed || p[i].loc == jitffi::PieceLoc::kVec;
  }
  return false;
}

// libffi 3.4.4, src/aarch64/ffi.c (ffi_call_int, ffi_closure_SYSV_inner) passes a composite of
// more than 16 bytes as a pointer to a copy (B.4), but when that pointer is on the stack it rounds
// the stack slot up to the composite's alignment, not the pointer's 8 (C.14 takes the pointer's
// natural alignment): after an odd number of stack words, a 16-aligned composite's pointer is
// written (its calls) or read (its closures) 8 bytes off. E.g. void(i64 x8, f32, {ld,i8}).
bool libffiMisalignsStackPointerToCopy(const CorpusRun& r, const CorpusCase& c) {
  const jitffi::CallPlan* plan = r.abi == Abi::kAapcs64 ? planOf(r, c) : nullptr;
  if (!plan) return false;
  for (uint32_t k = 0; k < c.nargs && k < plan->args.size(); ++k) {
    const jitffi::ValuePlan& v = plan->args[k];
    const jitffi::Piece* p = plan->piecesOf(v);
    if (v.mode == jitffi::PassMode::kIndirect && p[0].loc == jitffi::PieceLoc::kStack &&
        p[0].stackOffset % int32_t(argType(c, k).align) != 0) {
      return true;
    }
  }
  return false;
}

// libffi 3.4.4's aarch64 port does not round the next general register up to an even one for a
// 16-aligned composite passed in registers (C.10): the 16-byte struct that stands in for
// __int128 (libffi 3.4 has no 128-bit integer type; see FfiGraph) then starts one register early
// when an odd number of general registers is taken, and so does everything after it.
bool libffiSkipsEvenRegisterPair(const CorpusRun& r, const CorpusCase& c) {
  const jitffi::CallPlan* plan = r.abi == Abi::kAapcs64 ? planOf(r, c) : nullptr;
  if (!plan) return false;
  for (uint32_t k = 0; k < c.nargs && k < plan->args.size(); ++k) {
    const jitffi::ValuePlan& v = plan->args[k];
    const jitffi::Piece* p = plan->piecesOf(v);
    if (v.mode == jitffi::PassMode::kDirect && v.pieceCount > 0 && p[0].loc == jitffi::PieceLoc::kGp &&
        p[0].reg % 2 == 0 && p[0].reg > 0 && argType(c, k).align == 16) {
      // An even register after an odd one taken: was x[reg - 1] left empty by the rule?
      bool previousTaken = false;
      for (uint32_t j = 0; j < k; ++j) {
        const jitffi::Piece* q = plan->piecesOf(plan->args[j]);
        for (uint32_t i = 0; i < plan->args[j].pieceCount; ++i) {
          previousTaken = previousTaken || (q[i].loc == jitffi::PieceLoc::kGp && q[i].reg == p[0].reg - 1);
        }
      }
      if (!previousTaken) return true;
    }
  }
  return false;
}

// The scalar kinds a struct flattens to as libffi's riscv port flattens it (flatten_struct:
// every element, arrays being repeated elements already), at most `max` of them.
void libffiLeaves(const CorpusSet& set, uint32_t id, std::vector<int>& out, size_t max) {
  const CorpusType& t = typeOf(set, id);
  if (t.kind != CK_STRUCT) {
    if (out.size() < max) out.push_back(t.kind);
    return;
  }
  for (uint32_t i = 0; i < t.nfields && out.size() < max; ++i) libffiLeaves(set, set.type_fields[t.first + i], out, max);
}

// libffi 3.4.4, src/riscv/ffi.c (struct_passed_as_elements) passes a named struct that flattens
// to one float or double in a floating-point register without checking that one is left (it
// checks for the two-member structs): once fa0-fa7 are taken, its ffi_call writes the value past
// its eight FP register slots, over its a0, a1, ... slots, and its closures read it from there,
// where the psABI (and gcc, and the plan) passes it by the integer convention. E.g. the fixed
// case {f32}(i64 x5, {f32}, i32, f64 x7, {f32}, f32, {f32}); inputs_test.cpp's SystemLibffiRv64 shows it.
bool libffiLoneFloatStructPastFpRegisters(const CorpusRun& r, const CorpusCase& c) {
  const jitffi::CallPlan* plan = r.abi == Abi::kRv64 ? planOf(r, c) : nullptr;
  if (!plan) return false;
  for (uint32_t k = 0; k < c.nfixed && k < plan->args.size(); ++k) {
    const CorpusType& t = argType(c, k);
    if (t.kind != CK_STRUCT || t.record) continue;
    std::vector<int> leaves;
    libffiLeaves(*c.set, c.types[1 + k], leaves, 2);
    const jitffi::ValuePlan& v = plan->args[k];
    if (leaves.size() == 1 && (leaves[0] == CK_F32 || leaves[0] == CK_F64) && v.pieceCount > 0 &&
        plan->piecesOf(v)[0].loc != jitffi::PieceLoc::kVec) {
      return true;
    }
  }
  return false;
}

// Reasons shared by the system library's calls and closures.
const char* systemLibffiUnusable(const CorpusRun& r, const CorpusCase& c) {
  if (!SysFfi::get()) return "system libffi not loaded";
  if (!SysFfi::faithful()) return "sanitizer build: libffi cannot be opened with RTLD_DEEPBIND";
  // SysV classifies struct {long double} as X87, X87UP: returned in %st0. libffi 3.4.4 returns
  // every struct containing X87 classes in memory (ffi_prep_cif_machdep), so the callee and
  // libffi disagree on the hidden result pointer.
  if (r.abi == Abi::kSysV64 && isLoneLongDouble(*c.set, c.types[0]) && retType(c).kind == CK_STRUCT) {
    return "libffi 3.4.4 returns struct {long double} in memory; SysV returns it in st0";
  }
  if (libffiMisalignsStackPointerToCopy(r, c)) {
    return "libffi 3.4.4 aligns the stack slot of a pointer to a >16-byte copy to the struct's alignment";
  }
  if (libffiSkipsEvenRegisterPair(r, c)) {
    return "libffi 3.4.4 does not start a 16-aligned struct (its __int128 stand-in) at an even register";
  }
  // Not a libffi bug: libffi has no __int128 type, and its stand-in (a 16-byte struct) is
  // returned through a hidden pointer under Win64, where gcc returns __int128 in xmm0.
  if ((r.abi == Abi::kWin64 || r.abi == Abi::kGnuWin64) && (retType(c).kind == CK_I128 || retType(c).kind == CK_U128)) {
    return "libffi has no __int128: its 16-byte struct stand-in is returned in memory under Win64, "
           "gcc returns __int128 in xmm0";
  }
  if (hasRecord(c)) return "libffi has no unions, packed, bit-field or explicitly laid-out structs";
  for (uint32_t k = 0; k <= c.nargs; ++k) {
    if (anyType(*c.set, c.types[k], [](const CorpusType& t) { return t.kind == CK_CI128 || t.kind == CK_CU128; })) {
      return "libffi 3.4.4 has no __int128, so no complex __int128";
    }
    if (anyType(*c.set, c.types[k], [](const CorpusType& t) { return isVector(t); })) {
      return "libffi 3.4.4 has no vectors (FFI_TYPE_VECTOR is libffi 3.8's)";
    }
    if (!SysFfi::kHasComplex &&
        anyType(*c.set, c.types[k], [](const CorpusType& t) { return t.kind >= CK_C32 && t.kind <= CK_CU128; })) {
      return "libffi 3.4.4's riscv port has no complex types (it aborts on FFI_TYPE_COMPLEX)";
    }
  }
  // libffi 3.4.4's riscv ffi_call stores an integral return narrower than 8 bytes into its ffi_arg
  // as the register holds it: an unsigned int sign-extended (the psABI's register rule), where
  // ffi_call's rule (and gcc's direct call, widened to 8 bytes by C) zero-extends it.
  if (r.abi == Abi::kRv64 && retType(c).kind == CK_U32) {
    return "libffi 3.4.4's riscv port sign-extends an unsigned int result into its ffi_arg";
  }
  if (libffiLoneFloatStructPastFpRegisters(r, c)) {
    return "libffi 3.4.4's riscv port passes a struct of one float in an FP register when none is left";
  }
  return nullptr;
}

const char* systemLibffiExcluded(const CorpusRun& r, const CorpusCase& c) {
  if (const char* why = systemLibffiUnusable(r, c)) return why;
  if (libffiR9StructClobbersXmm0(r, c)) {
    return "libffi 3.4.4 clobbers xmm0 when a >8-byte struct starts in r9 (libffi PR #848)";
  }
  return nullptr;
}

const char* systemClosureExcluded(const CorpusRun& r, const CorpusCase& c) {
  if (const char* why = systemLibffiUnusable(r, c)) return why;
  return nullptr;
}

const char* notVariadic(const CorpusRun&, const CorpusCase& c) {
  return c.variadic ? nullptr : "not variadic";
}

struct CallPath {
  const char* name;
  bool comparesReturn;  // false: the return value is discarded; only the callee's hash is checked
  // libffi 3.4.4's ffi_call overwrites entries of the caller's avalue array (for structs passed
  // in memory it stores pointers to its own, by then dead, stack copies there). Paths with this
  // flag get the change undone; for the others it is a failure.
  bool rewritesAvalues;
  const char* (*excluded)(const CorpusRun&, const CorpusCase&);  // a reason this path skips the case, or null
  std::string (*call)(CallCtx&, void* rvalue);
  bool closure;  // a closure path (for the coverage summary)
};

const CallPath kPaths[] = {
    // The generated C caller through a function pointer: checks the callers the closure tests
    // use (with a closure in place of the callee).
    {.name = "C caller via function pointer", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = nullptr, .call = viaCaller, .closure = false},
    {.name = "ffi_call (jitffi C API)", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = nullptr, .call = viaFfiCall, .closure = false},
    {.name = "ffi_call with rvalue=NULL (jitffi C API)", .comparesReturn = false,
     .rewritesAvalues = false, .excluded = nullptr, .call = viaFfiCallNullRvalue, .closure = false},
    {.name = "CallInterface::call", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = nullptr, .call = viaCall, .closure = false},
    {.name = "CallInterface::callSlots", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = nullptr, .call = viaSlots, .closure = false},
    {.name = "BoundCall", .comparesReturn = true, .rewritesAvalues = false, .excluded = nullptr,
     .call = viaBound, .closure = false},
    {.name = "system libffi", .comparesReturn = true, .rewritesAvalues = true,
     .excluded = systemLibffiExcluded, .call = viaSystemLibffi, .closure = false},
    // Closures, called by caller_i. A variadic case's closures (but the VarArgs ones) are for the
    // whole signature, fixed and variadic types, as ffi_prep_cif_var describes it.
    {.name = "closure: ffi_prep_closure_loc (jitffi C API)", .comparesReturn = true,
     .rewritesAvalues = false, .excluded = nullptr, .call = viaFfiClosure, .closure = true},
    {.name = "closure: RawClosure, avalues handler", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = nullptr, .call = viaRawAvalues, .closure = true},
    {.name = "closure: RawClosure, slots handler", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = nullptr, .call = viaRawSlots, .closure = true},
    {.name = "closure: RawClosure for the fixed part + VarArgs, avalues handler", .comparesReturn = true,
     .rewritesAvalues = false, .excluded = notVariadic, .call = viaRawAvaluesVarArgs, .closure = true},
    {.name = "closure: RawClosure for the fixed part + VarArgs, slots handler", .comparesReturn = true,
     .rewritesAvalues = false, .excluded = notVariadic, .call = viaRawSlotsVarArgs, .closure = true},
#if JITFFI_HAS_WIN64_HANDLERS
    // The handler compiled for the Win64 convention (no register saves in a Win64 entry; a home
    // area for the handler in every entry).
    {.name = "closure: RawClosure, avalues handler (ms_abi)", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = nullptr, .call = viaRawAvaluesWin64Handler, .closure = true},
    {.name = "closure: RawClosure, slots handler (ms_abi)", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = nullptr, .call = viaRawSlotsWin64Handler, .closure = true},
    {.name = "closure: RawClosure for the fixed part + VarArgs, slots handler (ms_abi)", .comparesReturn = true,
     .rewritesAvalues = false, .excluded = notVariadic, .call = viaRawSlotsVarArgsWin64Handler, .closure = true},
#endif
    {.name = "closure: system libffi", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = systemClosureExcluded, .call = viaSystemClosure, .closure = true},
};

// ---- the test ---------------------------------------------------------------------------------

constexpr uint64_t kHashSentinel = 0x5e5e5e5e5e5e5e5eULL;
constexpr unsigned char kCanary = 0xa7;
constexpr size_t kRedZone = 64;

class Corpus : public ::testing::TestWithParam<uint32_t> {
 protected:
  static void SetUpTestSuite() { installCrashHandler(); }
};

// Checks that do not call anything: the text form, layouts, the interface cache, the slot rule.
void checkInterface(const CorpusRun& r, const CorpusCase& c) {
  auto sig = Signature::parse(c.sig, r.abi);
  ASSERT_TRUE(sig.ok()) << describe(r, c) << "\n  Signature::parse failed: " << sig.error().toString();
  EXPECT_EQ(sig->toText(), c.sig) << describe(r, c) << "\n  the parsed signature prints differently";
  // Arrays are members of their own; described as repeated elements (libffi's way) they are
  // classified the same.
  auto flat = Signature::parse(c.sig_flat, r.abi);
  ASSERT_TRUE(flat.ok()) << describe(r, c) << "\n  Signature::parse(flat) failed: " << flat.error().toString();
  auto planOfFlat = jitffi::classify(*flat, r.abi);
  auto planOfArrays = jitffi::classify(*sig, r.abi);
  ASSERT_TRUE(planOfFlat.ok() && planOfArrays.ok()) << describe(r, c);
  EXPECT_EQ(jitffi::formatPlan(*planOfArrays), jitffi::formatPlan(*planOfFlat))
      << describe(r, c) << "\n  arrays and their elements written out are classified differently";
  auto layoutOk = [&](const jitffi::Type& t, const CorpusType& ct, const std::string& what) {
    const jitffi::Layout l = t.layout(r.abi);
    EXPECT_TRUE(l.size == ct.size && l.align == ct.align)
        << describe(r, c) << "\n  " << what << " " << ct.text << ": jitffi layout size " << l.size
        << " align " << l.align << ", gcc says size " << ct.size << " align " << ct.align;
    // A record's meaningful bits (its bit-fields') as jitffi lays them out, against gcc's.
    if (!ct.record || l.size != ct.size) return;
    std::vector<unsigned char> mask(l.size);
    jitffi::test::markLeaves(t, r.abi, 0, mask);
    EXPECT_EQ(hexBytes(mask.data(), mask.size()), hexBytes(ct.mask, ct.size))
        << describe(r, c) << "\n  " << what << " " << ct.text << ": jitffi's meaningful bits (expected) against gcc's";
  };
  if (sig->ret.kind() != jitffi::TypeKind::kVoid) layoutOk(sig->ret, retType(c), "return type");
  ASSERT_EQ(sig->args.size(), c.nargs) << describe(r, c);
  for (uint32_t k = 0; k < c.nargs; ++k) layoutOk(sig->args[k], argType(c, k), "argument " + std::to_string(k));

  auto a = CallInterface::get(c.sig, r.abi);
  ASSERT_TRUE(a.ok()) << describe(r, c) << "\n  CallInterface::get failed: " << a.error().toString();
  auto b = CallInterface::get(c.sig, r.abi);
  ASSERT_TRUE(b.ok()) << describe(r, c);
  EXPECT_EQ(*a, *b) << describe(r, c) << "\n  the second get() did not return the cached interface";
  const jitffi::CallPlan& plan = (*a)->plan();
  EXPECT_EQ(plan.abi, r.abi) << describe(r, c);
  ASSERT_EQ(plan.args.size(), c.nargs) << describe(r, c);
  for (uint32_t k = 0; k < c.nargs; ++k) {
    EXPECT_EQ(plan.args[k].inSlot, inSlot(argType(c, k)))
        << describe(r, c) << "\n  argument " << k << " (" << argType(c, k).text
        << "): plan's inSlot disagrees with the documented slot rule";
  }
}

TEST_P(Corpus, AllPaths) {
  const CorpusRun& r = *entries()[GetParam()].run;
  const CorpusCase& c = *entries()[GetParam()].c;
  checkInterface(r, c);
  auto sig = Signature::parse(c.sig, r.abi);
  ASSERT_TRUE(sig.ok());

  // Copies of the argument images, each ending at an inaccessible page.
  GuardedArgs args(c);
  ASSERT_TRUE(args.ok(c)) << "mmap failed";
  std::vector<void*> av;
  for (uint32_t k = 0; k < c.nargs; ++k) av.push_back(args[k]);
  av.push_back(nullptr);
  const std::vector<void*> avBefore = av;
  std::vector<uint64_t> slots(c.nargs + 1);
  for (uint32_t k = 0; k < c.nargs; ++k) {
    if (inSlot(argType(c, k))) {
      slots[k] = 0xa5a5a5a5a5a5a5a5ULL;  // the unused high bytes are not the callee's business
      std::memcpy(&slots[k], av[k], argType(c, k).size);
    } else {
      slots[k] = reinterpret_cast<uintptr_t>(av[k]);
    }
  }
  const std::vector<uint64_t> slotsBefore = slots;

  FfiGraph ours(*c.set, nullptr), sys(*c.set, SysFfi::get());
  std::vector<ffi_type*> ourArgs, sysArgs;
  for (uint32_t k = 0; k < c.nargs; ++k) {
    ourArgs.push_back(ours.get(c.types[1 + k]));
    if (SysFfi::get()) sysArgs.push_back(sys.get(c.types[1 + k]));
  }
  ourArgs.push_back(nullptr);
  sysArgs.push_back(nullptr);

  const size_t retBuf = c.ret_bytes + kRedZone;

  // The oracle: gcc's direct call.
  Bytes expected(retBuf);
  std::memset(expected.data(), kCanary, retBuf);
  corpus_last_hash = kHashSentinel;
  setWhere(r, c, "direct C call", 0);
  const FpState fpBeforeDirect = fpState();
  c.direct(av.data(), expected.data());
  ASSERT_EQ(fpStateChange(fpBeforeDirect, fpState()), "") << describe(r, c) << "\n  after the direct call";
  const uint64_t wantHash = expectedHash(c);
  ASSERT_EQ(corpus_last_hash, wantHash)
      << describe(r, c) << "\n  the direct C call's callee hash differs from the prediction: "
      << "a corpus bug, not a jitffi one (for a record: its mask is not what gcc reads)";

  std::string layoutNote, detail;
  CallCtx ctx{r, c, *sig, av.data(), slots.data(), ours, sys, ourArgs, sysArgs, expected.data(), &layoutNote, &detail};

  for (const CallPath& path : kPaths) {
    if (path.excluded && path.excluded(r, c)) continue;
    for (int rep = 0; rep < 2; ++rep) {
      const std::string where = describe(r, c) + "\n  path: " + path.name + " (run " +
                                std::to_string(rep + 1) + " of 2)";
      Bytes got(retBuf);
      std::memset(got.data(), kCanary, retBuf);
      corpus_last_hash = kHashSentinel;
      setWhere(r, c, path.name, rep);
      const FpState fpBefore = fpState();
      const std::string err = path.call(ctx, got.data());
      const FpState fpAfter = fpState();
      g_where[0] = 0;
      if (std::string fp = fpStateChange(fpBefore, fpAfter); !fp.empty()) ADD_FAILURE() << where << fp;
      if (!err.empty()) {
        ADD_FAILURE() << where << "\n  " << err;
        break;
      }
      if (!layoutNote.empty()) {
        ADD_FAILURE() << where << "\n" << layoutNote;
        layoutNote.clear();
      }
      if (!detail.empty()) {
        ADD_FAILURE() << where << detail;
        detail.clear();
      }
      const uint64_t h = corpus_last_hash;
      if (h != wantHash) {
        ADD_FAILURE() << where << "\n  the " << (path.closure ? "closure's handler" : "callee")
                      << " received different arguments: its hash is " << hex64(h) << ", expected "
                      << hex64(wantHash)
                      << (h == kHashSentinel ? (path.closure ? " (the handler was not called)" : " (the callee was not called)") : "");
      }
      if (path.comparesReturn) {
        bool same = true;
        for (uint32_t i = 0; i < c.ret_bytes; ++i) {
          if ((got.data()[i] ^ expected.data()[i]) & c.ret_mask[i]) same = false;
        }
        if (!same) {
          std::string mask;
          for (uint32_t i = 0; i < c.ret_bytes; ++i) {
            mask += std::string(i ? ((i % 16 == 0) ? " | " : " ") : "") + (c.ret_mask[i] ? "^^" : "..");
          }
          ADD_FAILURE() << where << "\n  return value differs (" << retType(c).text << ", "
                        << c.ret_bytes << " bytes, ^^ = compared):\n    expected: "
                        << hexBytes(expected.data(), c.ret_bytes)
                        << "\n    got:      " << hexBytes(got.data(), c.ret_bytes)
                        << "\n    compared: " << mask;
        }
        // Nothing beyond the storage ffi_call's rules promise (none at all for void).
        for (size_t i = c.ret_bytes; i < retBuf; ++i) {
          if (got.data()[i] != kCanary) {
            ADD_FAILURE() << where << "\n  wrote past the return storage (" << c.ret_bytes
                          << " bytes): byte " << i << " changed; bytes from " << c.ret_bytes
                          << ": " << hexBytes(got.data() + c.ret_bytes, kRedZone);
            break;
          }
        }
      }
      for (uint32_t k = 0; k < c.nargs; ++k) {
        if (std::memcmp(args[k], c.args[k], argType(c, k).size) != 0) {
          ADD_FAILURE() << where << "\n  argument " << k << " (" << argType(c, k).text
                        << ") was modified by the call";
          std::memcpy(args[k], c.args[k], argType(c, k).size);
        }
      }
      if (av != avBefore) {
        if (!path.rewritesAvalues) ADD_FAILURE() << where << "\n  the avalues pointer array was modified by the call";
        av = avBefore;
      }
      if (slots != slotsBefore) {
        ADD_FAILURE() << where << "\n  the slot array was modified by the call";
        slots = slotsBefore;
      }
    }
  }
}

std::string caseName(const ::testing::TestParamInfo<uint32_t>& info) {
  char b[32];
  const Entry& e = entries()[info.param];
  std::snprintf(b, sizeof b, "%sc%04u", e.run->label, e.c->index);
  return b;
}

INSTANTIATE_TEST_SUITE_P(Generated, Corpus, ::testing::Range(0u, uint32_t(entries().size())), caseName);

// ---- the corpus checks itself --------------------------------------------------------------------

// The comparisons above are only as good as the callees' hashes. For every case and every byte of
// every argument image, through gcc's own direct call: changing a meaningful byte must change the
// callee's hash (so one wrong byte through any path is caught), changing a padding byte must not
// (so the garbage in padding cannot cause false failures).
TEST(CorpusSelfTest, CalleesHashEveryMeaningfulByteAndNoPadding) {
  installCrashHandler();
  int checked = 0;
  for (const CorpusRun& r : runs()) {
    if (r.ldFreeOnly) continue;  // the same cases as the corpus's other run
    for (const CorpusCase* cp : casesOf(*r.set)) {
      const CorpusCase& c = *cp;
      std::vector<Bytes> args;
      std::vector<void*> av;
      for (uint32_t k = 0; k < c.nargs; ++k) {
        args.emplace_back(argType(c, k).size);
        std::memcpy(args.back().data(), c.args[k], argType(c, k).size);
      }
      for (auto& a : args) av.push_back(a.data());
      Bytes ret(c.ret_bytes + kRedZone);
      setWhere(r, c, "self-test: direct call with one byte changed", 0);
      const uint64_t wantHash = expectedHash(c);
      for (uint32_t k = 0; k < c.nargs; ++k) {
        const CorpusType& t = argType(c, k);
        for (uint32_t i = 0; i < t.size; ++i) {
          // A meaningful bit (the lowest: 0x01 keeps floating values finite), then every padding
          // bit of the byte (a bit-field shares its bytes with padding bits).
          const unsigned char meaningfulBit = t.mask[i] & (unsigned char)-t.mask[i];
          for (const unsigned char flip : {meaningfulBit, (unsigned char)~t.mask[i]}) {
            if (!flip) continue;
            const bool meaningful = flip == meaningfulBit;
            args[k].data()[i] ^= flip;
            corpus_last_hash = kHashSentinel;
            c.direct(av.data(), ret.data());
            args[k].data()[i] = static_cast<const unsigned char*>(c.args[k])[i];
            ++checked;
            if (meaningful == (corpus_last_hash == wantHash)) {
              ADD_FAILURE() << describe(r, c) << "\n  argument " << k << " (" << t.text << ") byte " << i
                            << (meaningful ? ": changing a meaningful bit did not change the callee's hash"
                                           : ": changing padding bits changed the callee's hash");
            }
          }
        }
      }
      // The return mask is the return type's byte mask (widened integers: all 8 bytes).
      const CorpusType& rt = retType(c);
      for (uint32_t i = 0; i < c.ret_bytes; ++i) {
        const bool widened = rt.kind >= CK_I8 && rt.kind <= CK_U32;
        const unsigned char want = widened ? (i < 8 ? 0xff : 0) : i < rt.size ? rt.mask[i] : 0;
        if (c.ret_mask[i] != want) {
          ADD_FAILURE() << describe(r, c) << "\n  return mask byte " << i << " is wrong";
          break;
        }
      }
    }
  }
  g_where[0] = 0;
  std::printf("self-test: %d single-byte changes checked\n", checked);
}

// ---- coverage: what the corpus contains (printed; minimums asserted) ----------------------------

const char* const kKindNames[CK_COUNT] = {
    "void", "i8",   "u8",   "i16",   "u16",   "i32",   "u32",   "i64",   "u64",   "i128",
    "u128", "f32",  "f64",  "ld",    "ptr",   "c32",   "c64",   "cld",   "ci8",   "cu8",
    "ci16", "cu16", "ci32", "cu32",  "ci64",  "cu64",  "ci128", "cu128", "f32x2", "i16x4",
    "f32x4", "f64x2", "i32x4", "u8x16", "struct"};

// One block per ABI (a Win64 ABI gathers the runs of several corpora: see the header comment).
TEST(CorpusCoverage, Summary) {
  std::vector<Abi> abis;
  for (const CorpusRun& r : runs()) {
    if (std::find(abis.begin(), abis.end(), r.abi) == abis.end()) abis.push_back(r.abi);
  }
  for (Abi abi : abis) {
    std::vector<Entry> es;
    std::string sources;
    for (const Entry& e : entries()) {
      if (e.run->abi == abi) es.push_back(e);
    }
    for (const CorpusRun& r : runs()) {
      if (r.abi != abi) continue;
      if (!sources.empty()) sources += " + ";
      sources += std::string("'") + r.set->name + "'" + (r.ldFreeOnly ? " (cases without a long double)" : "") +
                 (r.set->ld_as_double ? " (ld is double)" : "");
    }
    std::array<int, CK_COUNT> argKinds{}, retKinds{}, memberKinds{};
    std::map<uint32_t, int> argStructSizes, retStructSizes;
    std::map<int, int> argCounts;
    int variadic = 0, varArgs = 0, varStructs = 0, fixed = 0, nested = 0, arrays = 0, complexMembers = 0;
    int planStack = 0;
    std::map<std::string, int> retClasses, argPass;
    std::vector<int> pathRuns(std::size(kPaths));
    std::vector<std::map<std::string, int>> pathSkips(std::size(kPaths));
    for (const Entry& e : es) {
      const CorpusCase* c = e.c;
      const CorpusSet& set = *c->set;
      if (c->origin == CO_FIXED) ++fixed;
      retKinds[retType(*c).kind]++;
      if (retType(*c).kind == CK_STRUCT) retStructSizes[retType(*c).size]++;
      argCounts[c->nargs]++;
      if (c->variadic) {
        ++variadic;
        varArgs += c->nargs - c->nfixed;
        for (uint32_t k = c->nfixed; k < c->nargs; ++k) varStructs += argType(*c, k).kind == CK_STRUCT;
      }
      for (uint32_t k = 0; k < c->nargs; ++k) {
        const CorpusType& t = argType(*c, k);
        argKinds[t.kind]++;
        if (t.kind == CK_STRUCT) {
          argStructSizes[t.size]++;
          nested += t.depth > 1;
          arrays += t.has_array != 0;
          complexMembers += anyType(set, c->types[1 + k], [](const CorpusType& m) {
            return m.kind == CK_C32 || m.kind == CK_C64 || m.kind == CK_CLD;
          }) ? 1 : 0;
          for (uint32_t i = 0; i < t.nfields; ++i) memberKinds[typeOf(set, set.type_fields[t.first + i]).kind]++;
        }
      }
      // Where the values travel, as jitffi's plan says (every plan is checked by the calls).
      if (auto ci = CallInterface::get(c->sig, abi)) {
        const jitffi::CallPlan& plan = (*ci)->plan();
        // (Win64's outgoing area always holds the 32-byte home area.)
        if (plan.stackBytes > ((abi == Abi::kWin64 || abi == Abi::kGnuWin64) ? 32u : 0u)) ++planStack;
        const jitffi::ValuePlan& rv = plan.ret;
        std::string cls;
        if (rv.mode == jitffi::PassMode::kIgnore) cls = "void";
        else if (rv.mode == jitffi::PassMode::kIndirect) cls = "memory (hidden pointer)";
        else {
          for (uint32_t i = 0; i < rv.pieceCount; ++i) {
            const jitffi::Piece& pc = plan.piecesOf(rv)[i];
            cls += (i ? "+" : "") + jitffi::registerName(plan.arch, pc.loc, pc.reg);
          }
        }
        retClasses[cls]++;
        for (const jitffi::ValuePlan& a : plan.args) {
          if (a.mode == jitffi::PassMode::kIndirect) { argPass["by reference"]++; continue; }
          bool st = false, reg = false;
          for (uint32_t i = 0; i < a.pieceCount; ++i) {
            (plan.piecesOf(a)[i].loc == jitffi::PieceLoc::kStack ? st : reg) = true;
          }
          argPass[st && reg ? "split" : st ? "stack" : reg ? "registers" : "nothing"]++;
        }
      }
      for (size_t p = 0; p < std::size(kPaths); ++p) {
        const char* why = kPaths[p].excluded ? kPaths[p].excluded(*e.run, *c) : nullptr;
        if (why) pathSkips[p][why]++;
        else pathRuns[p]++;
      }
    }
    std::ostringstream o;
    o << "== " << jitffi::abiName(abi) << ": " << sources << "\n";
    if (!es.empty()) {
      if (auto ci = CallInterface::get(es[0].c->sig, abi)) {
        o << "stubs and closure entries: "
          << ((*ci)->jitted() ? "generated code" : "the interpreted fallback (JITFFI_JIT=0 or no executable memory)")
          << "\n";
      }
    }
    o << "corpus: seed " << hex64(runs()[0].set->seed) << ", " << (es.size() - size_t(fixed)) << " random + "
      << fixed << " fixed = " << es.size() << " cases\n";
    o << "argument kinds:";
    for (int k = 1; k < CK_COUNT; ++k) o << " " << kKindNames[k] << "=" << argKinds[k];
    o << "\nreturn kinds:  ";
    for (int k = 0; k < CK_COUNT; ++k) o << " " << kKindNames[k] << "=" << retKinds[k];
    o << "\nstruct member kinds (direct elements):";
    for (int k = 1; k < CK_COUNT; ++k) o << " " << kKindNames[k] << "=" << memberKinds[k];
    auto sizeClasses = [&](const std::map<uint32_t, int>& m) {
      std::map<std::string, int> cls;
      for (auto [sz, n] : m) {
        std::string key = sz <= 16 ? std::to_string(sz) : sz <= 32 ? "17-32" : sz <= 64 ? "33-64" : ">64";
        cls[key] += n;
      }
      std::string s;
      for (uint32_t sz = 1; sz <= 16; ++sz) s += " " + std::to_string(sz) + "B=" + std::to_string(cls[std::to_string(sz)]);
      for (const char* k : {"17-32", "33-64", ">64"}) s += std::string(" ") + k + "B=" + std::to_string(cls[k]);
      return s;
    };
    o << "\nstruct argument sizes:" << sizeClasses(argStructSizes);
    o << "\nstruct return sizes:  " << sizeClasses(retStructSizes);
    o << "\nstruct arguments: nested=" << nested << " with arrays=" << arrays
      << " with complex members=" << complexMembers;
    o << "\nargument counts:";
    for (auto [n, k] : argCounts) o << " " << n << ":" << k;
    o << "\nvariadic cases=" << variadic << " (variadic arguments=" << varArgs << ", of which structs="
      << varStructs << ")";
    o << "\ncases with stack arguments (by plan)=" << planStack;
    o << "\nreturn classes (by plan):";
    for (auto& [k, n] : retClasses) o << " " << k << "=" << n;
    o << "\narguments passed in (by plan):";
    for (auto& [k, n] : argPass) o << " " << k << "=" << n;
    o << "\npaths (cases run, each twice / skipped):";
    for (size_t p = 0; p < std::size(kPaths); ++p) {
      o << "\n  " << kPaths[p].name << ": " << pathRuns[p];
      for (auto& [why, n] : pathSkips[p]) o << "; skipped " << n << " x " << why;
    }
    std::printf("%s\n", o.str().c_str());

    EXPECT_GE(es.size(), 500u) << jitffi::abiName(abi);
    for (int k = CK_I8; k < CK_STRUCT; ++k) {
      if (k >= CK_FIRST_VECTOR && abi != Abi::kSysV64) continue;  // Win64 has no vectors
      EXPECT_GT(argKinds[k], 0) << jitffi::abiName(abi) << ": no argument of kind " << kKindNames[k];
      EXPECT_GT(retKinds[k], 0) << jitffi::abiName(abi) << ": no return of kind " << kKindNames[k];
    }
    for (uint32_t sz = 1; sz <= 16; ++sz) {
      EXPECT_GT(argStructSizes[sz], 0) << jitffi::abiName(abi) << ": no struct argument of " << sz << " bytes";
    }
    EXPECT_GT(variadic, 0) << jitffi::abiName(abi);
    EXPECT_GT(argCounts.rbegin()->first, 20) << jitffi::abiName(abi);
    const bool oracle = SysFfi::get() && SysFfi::faithful();
    for (size_t p = 0; p < std::size(kPaths); ++p) {
      const bool sysPath = kPaths[p].excluded == systemLibffiExcluded || kPaths[p].excluded == systemClosureExcluded;
      if (sysPath && !oracle) continue;
      EXPECT_GT(pathRuns[p], 0) << jitffi::abiName(abi) << ": path '" << kPaths[p].name << "' ran no case";
    }
  }
}

}  // namespace
