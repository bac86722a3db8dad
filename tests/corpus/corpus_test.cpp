// The generated execution corpus (see corpus.h and gen_corpus.cpp): every case's real C callee
// is called through every path in kPaths and compared with gcc's own direct call, and with the
// system libffi as a second oracle.
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
// Paths are a table: to add one (closures, the interpreted fallback…), add a row to kPaths.
#include <gtest/gtest.h>

#include <ffi.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "corpus.h"
#include "jitffi/call.h"
#include "jitffi/signature.h"
#include "support/sysffi.h"

namespace {

using jitffi::CallInterface;
using jitffi::Signature;
using jitffi::test::SysFfi;

// ---- the corpus ---------------------------------------------------------------------------

const std::vector<const CorpusCase*>& allCases() {
  static const std::vector<const CorpusCase*> v = [] {
    std::vector<const CorpusCase*> out;
    for (uint32_t p = 0; p < corpus_part_count; ++p) {
      for (uint32_t i = 0; i < corpus_part_sizes[p]; ++i) out.push_back(&corpus_parts[p][i]);
    }
    return out;
  }();
  return v;
}

const CorpusType& typeOf(uint32_t id) { return corpus_types[id]; }
const CorpusType& retType(const CorpusCase& c) { return typeOf(c.types[0]); }
const CorpusType& argType(const CorpusCase& c, uint32_t k) { return typeOf(c.types[1 + k]); }

// The interpreter shape's rule (ValuePlan::inSlot): non-struct values of at most 8 bytes travel
// in their slot; everything else by pointer.
bool inSlot(const CorpusType& t) { return t.kind != CK_STRUCT && t.size <= 8; }

template <class Pred>
bool anyType(uint32_t id, Pred pred) {
  const CorpusType& t = typeOf(id);
  if (pred(t)) return true;
  for (uint32_t i = 0; i < t.nfields; ++i) {
    if (anyType(corpus_type_fields[t.first + i], pred)) return true;
  }
  return false;
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

std::string describe(const CorpusCase& c) {
  std::string s = "case " + std::to_string(c.index) + (c.origin == CO_FIXED ? " (fixed)" : " (random)") +
                  "\n  signature: " + c.sig + "\n  C:         " + c.proto;
  return s;
}

// ---- crash context: a path that crashes still says which case and path ------------------------

char g_where[1024];

void crashHandler(int sig) {
  static const char kHead[] = "\n*** corpus_test: fatal signal during ";
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

void setWhere(const CorpusCase& c, const char* path, int rep) {
  std::snprintf(g_where, sizeof g_where, "case %u, path '%s', run %d: %s", c.index, path, rep + 1,
                c.sig);
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
// on the stack).
class FfiGraph {
 public:
  explicit FfiGraph(const SysFfi* sys) : sys_(sys) {}

  ffi_type* get(uint32_t id) {
    auto it = memo_.find(id);
    if (it != memo_.end()) return it->second;
    const CorpusType& t = typeOf(id);
    ffi_type* out;
    if (t.kind != CK_STRUCT) {
      out = scalar(t.kind);
    } else {
      std::vector<ffi_type*>& el = elements_.emplace_back();
      for (uint32_t i = 0; i < t.nfields; ++i) el.push_back(get(corpus_type_fields[t.first + i]));
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
      const CorpusType& t = typeOf(id);
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
    if (!sys_) return ourScalar(kind);
    if (kind == CK_I128 || kind == CK_U128) {
      std::vector<ffi_type*>& el = elements_.emplace_back();
      el = {sys_->scalar[FFI_TYPE_UINT64], sys_->scalar[FFI_TYPE_UINT64], nullptr};
      return &nodes_.emplace_back(ffi_type{16, 16, FFI_TYPE_STRUCT, el.data()});
    }
    return sys_->map(ourScalar(kind));
  }

  const SysFfi* sys_;
  std::map<uint32_t, ffi_type*> memo_;
  std::deque<ffi_type> nodes_;
  std::deque<std::vector<ffi_type*>> elements_;
  std::vector<std::pair<uint32_t, ffi_type*>> structs_;
};

// ---- one case, ready to call --------------------------------------------------------------

struct CallCtx {
  const CorpusCase& c;
  void** av;                // avalues: fresh copies of the argument images
  const uint64_t* slots;    // interpreter shape
  FfiGraph& ours;
  FfiGraph& sys;
  std::vector<ffi_type*>& ourArgs;
  std::vector<ffi_type*>& sysArgs;
  std::string* layoutNote;  // set by the ffi paths when a struct layout disagrees
};

// ---- the call paths ---------------------------------------------------------------------------
// Each makes one call and returns "" or why the call could not be made.

std::string viaCaller(CallCtx& x, void* rvalue) {
  x.c.caller(x.c.callee, x.av, rvalue);
  return "";
}

std::string getInterface(const CorpusCase& c, const CallInterface*& out) {
  auto ci = CallInterface::get(c.sig);
  if (!ci) return "CallInterface::get failed: " + ci.error().toString();
  out = *ci;
  return "";
}

std::string viaCall(CallCtx& x, void* rvalue) {
  const CallInterface* ci;
  if (auto e = getInterface(x.c, ci); !e.empty()) return e;
  ci->call(x.c.callee, rvalue, x.av);
  return "";
}

std::string viaSlots(CallCtx& x, void* rvalue) {
  const CallInterface* ci;
  if (auto e = getInterface(x.c, ci); !e.empty()) return e;
  ci->callSlots(x.c.callee, rvalue, x.slots);
  return "";
}

std::string viaBound(CallCtx& x, void* rvalue) {
  const CallInterface* ci;
  if (auto e = getInterface(x.c, ci); !e.empty()) return e;
  auto b = ci->bind(x.c.callee);
  if (!b) return "CallInterface::bind failed: " + b.error().toString();
  (*b)(rvalue, x.av);
  return "";
}

std::string prepOurs(CallCtx& x, ffi_cif& cif) {
  ffi_type* rt = x.ours.get(x.c.types[0]);
  const ffi_status st =
      x.c.variadic
          ? ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, x.c.nfixed, x.c.nargs, rt, x.ourArgs.data())
          : ffi_prep_cif(&cif, FFI_DEFAULT_ABI, x.c.nargs, rt, x.ourArgs.data());
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

std::string viaSystemLibffi(CallCtx& x, void* rvalue) {
  const SysFfi* sys = SysFfi::get();
  ffi_cif cif;
  ffi_type* rt = x.sys.get(x.c.types[0]);
  const ffi_status st =
      x.c.variadic
          ? sys->prep_cif_var(&cif, FFI_DEFAULT_ABI, x.c.nfixed, x.c.nargs, rt, x.sysArgs.data())
          : sys->prep_cif(&cif, FFI_DEFAULT_ABI, x.c.nargs, rt, x.sysArgs.data());
  if (st != FFI_OK) return "system ffi_prep_cif returned status " + std::to_string(int(st));
  *x.layoutNote += x.sys.layoutErrors();
  sys->call(&cif, x.c.callee, rvalue, x.av);
  return "";
}

// The system libffi (3.4.4) as an oracle: the signatures it is known to get wrong are skipped,
// each by a narrow predicate that names the libffi limitation. Returns the reason or null.
//
// Where a predicate needs to know which register an argument lands in, it reads jitffi's plan
// for the signature. That is sound: the same case checks jitffi's calls against gcc's direct
// call, so a plan that put an argument elsewhere would fail there.
bool isLoneLongDouble(uint32_t id) {
  const CorpusType& t = typeOf(id);
  if (t.kind == CK_LD) return true;
  return t.kind == CK_STRUCT && t.nfields == 1 && isLoneLongDouble(corpus_type_fields[t.first]);
}

// libffi 3.4.4, src/x86/ffi64.c (ffi_call_int) copies an INTEGER eightbyte of a struct into its
// general-register slot with memcpy(&gpr[n], a, size), `size` being the bytes left in the struct:
// a struct of more than 8 bytes whose first eightbyte lands in the 6th general register (r9)
// spills into the first SSE register slot, clobbering an earlier argument passed in xmm0
// (fixed upstream by libffi PR #848, after 3.4.4). E.g. void(f64, i64,i64,i64,i64,i64, {i64,f64}).
bool libffiR9StructClobbersXmm0(const CorpusCase& c) {
  auto ci = CallInterface::get(c.sig);
  if (!ci) return false;
  const jitffi::CallPlan& plan = (*ci)->plan();
  bool vecUsed = false;
  for (uint32_t k = 0; k < c.nargs && k < plan.args.size(); ++k) {
    const jitffi::ValuePlan& v = plan.args[k];
    const jitffi::Piece* p = plan.piecesOf(v);
    if (v.mode == jitffi::PassMode::kDirect && v.pieceCount > 0 && vecUsed &&
        argType(c, k).kind == CK_STRUCT && argType(c, k).size > 8 && p[0].loc == jitffi::PieceLoc::kGp &&
        p[0].reg == 9 /* r9 */ && p[0].offset == 0) {
      return true;
    }
    for (uint32_t i = 0; i < v.pieceCount; ++i) vecUsed = vecUsed || p[i].loc == jitffi::PieceLoc::kVec;
  }
  return false;
}

const char* systemLibffiExcluded(const CorpusCase& c) {
  if (!SysFfi::get()) return "system libffi not loaded";
  if (!SysFfi::faithful()) return "sanitizer build: libffi cannot be opened with RTLD_DEEPBIND";
  // SysV classifies struct {long double} as X87, X87UP: returned in %st0. libffi 3.4.4 returns
  // every struct containing X87 classes in memory (ffi_prep_cif_machdep), so the callee and
  // libffi disagree on the hidden result pointer.
  if (isLoneLongDouble(c.types[0]) && retType(c).kind == CK_STRUCT) {
    return "libffi 3.4.4 returns struct {long double} in memory; SysV returns it in st0";
  }
  if (libffiR9StructClobbersXmm0(c)) {
    return "libffi 3.4.4 clobbers xmm0 when a >8-byte struct starts in r9 (libffi PR #848)";
  }
  return nullptr;
}

struct CallPath {
  const char* name;
  bool comparesReturn;  // false: the return value is discarded; only the callee's hash is checked
  // libffi 3.4.4's ffi_call overwrites entries of the caller's avalue array (for structs passed
  // in memory it stores pointers to its own, by then dead, stack copies there). Paths with this
  // flag get the change undone; for the others it is a failure.
  bool rewritesAvalues;
  const char* (*excluded)(const CorpusCase&);  // a reason this path skips the case, or null
  std::string (*call)(CallCtx&, void* rvalue);
};

const CallPath kPaths[] = {
    // The generated C caller through a function pointer: checks the callers the closure tests
    // will use (with a closure in place of the callee).
    {.name = "C caller via function pointer", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = nullptr, .call = viaCaller},
    {.name = "ffi_call (jitffi C API)", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = nullptr, .call = viaFfiCall},
    {.name = "ffi_call with rvalue=NULL (jitffi C API)", .comparesReturn = false,
     .rewritesAvalues = false, .excluded = nullptr, .call = viaFfiCallNullRvalue},
    {.name = "CallInterface::call", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = nullptr, .call = viaCall},
    {.name = "CallInterface::callSlots", .comparesReturn = true, .rewritesAvalues = false,
     .excluded = nullptr, .call = viaSlots},
    {.name = "BoundCall", .comparesReturn = true, .rewritesAvalues = false, .excluded = nullptr,
     .call = viaBound},
    {.name = "system libffi", .comparesReturn = true, .rewritesAvalues = true,
     .excluded = systemLibffiExcluded, .call = viaSystemLibffi},
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
void checkInterface(const CorpusCase& c) {
  auto sig = Signature::parse(c.sig);
  ASSERT_TRUE(sig.ok()) << describe(c) << "\n  Signature::parse failed: " << sig.error().toString();
  EXPECT_EQ(sig->toText(), c.sig_flat) << describe(c) << "\n  the parsed signature prints differently";
  auto layoutOk = [&](const jitffi::Type& t, const CorpusType& ct, const std::string& what) {
    const jitffi::Layout l = t.layout(jitffi::hostAbi());
    EXPECT_TRUE(l.size == ct.size && l.align == ct.align)
        << describe(c) << "\n  " << what << " " << ct.text << ": jitffi layout size " << l.size
        << " align " << l.align << ", gcc says size " << ct.size << " align " << ct.align;
  };
  if (sig->ret.kind() != jitffi::TypeKind::kVoid) layoutOk(sig->ret, retType(c), "return type");
  ASSERT_EQ(sig->args.size(), c.nargs) << describe(c);
  for (uint32_t k = 0; k < c.nargs; ++k) layoutOk(sig->args[k], argType(c, k), "argument " + std::to_string(k));

  auto a = CallInterface::get(c.sig);
  ASSERT_TRUE(a.ok()) << describe(c) << "\n  CallInterface::get failed: " << a.error().toString();
  auto b = CallInterface::get(c.sig);
  ASSERT_TRUE(b.ok()) << describe(c);
  EXPECT_EQ(*a, *b) << describe(c) << "\n  the second get() did not return the cached interface";
  const jitffi::CallPlan& plan = (*a)->plan();
  ASSERT_EQ(plan.args.size(), c.nargs) << describe(c);
  for (uint32_t k = 0; k < c.nargs; ++k) {
    EXPECT_EQ(plan.args[k].inSlot, inSlot(argType(c, k)))
        << describe(c) << "\n  argument " << k << " (" << argType(c, k).text
        << "): plan's inSlot disagrees with the documented slot rule";
  }
}

TEST_P(Corpus, AllPaths) {
  const CorpusCase& c = *allCases()[GetParam()];
  checkInterface(c);

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

  FfiGraph ours(nullptr), sys(SysFfi::get());
  std::vector<ffi_type*> ourArgs, sysArgs;
  for (uint32_t k = 0; k < c.nargs; ++k) {
    ourArgs.push_back(ours.get(c.types[1 + k]));
    if (SysFfi::get()) sysArgs.push_back(sys.get(c.types[1 + k]));
  }
  ourArgs.push_back(nullptr);
  sysArgs.push_back(nullptr);
  std::string layoutNote;
  CallCtx ctx{c, av.data(), slots.data(), ours, sys, ourArgs, sysArgs, &layoutNote};

  const size_t retBuf = c.ret_bytes + kRedZone;

  // The oracle: gcc's direct call.
  Bytes expected(retBuf);
  std::memset(expected.data(), kCanary, retBuf);
  corpus_last_hash = kHashSentinel;
  setWhere(c, "direct C call", 0);
  c.direct(av.data(), expected.data());
  ASSERT_EQ(corpus_last_hash, c.expected_hash)
      << describe(c) << "\n  the direct C call's callee hash differs from the generator's prediction: "
      << "a corpus bug, not a jitffi one";

  for (const CallPath& path : kPaths) {
    if (path.excluded && path.excluded(c)) continue;
    for (int rep = 0; rep < 2; ++rep) {
      const std::string where = describe(c) + "\n  path: " + path.name + " (run " +
                                std::to_string(rep + 1) + " of 2)";
      Bytes got(retBuf);
      std::memset(got.data(), kCanary, retBuf);
      corpus_last_hash = kHashSentinel;
      setWhere(c, path.name, rep);
      const std::string err = path.call(ctx, got.data());
      g_where[0] = 0;
      if (!err.empty()) {
        ADD_FAILURE() << where << "\n  " << err;
        break;
      }
      if (!layoutNote.empty()) {
        ADD_FAILURE() << where << "\n" << layoutNote;
        layoutNote.clear();
      }
      const uint64_t h = corpus_last_hash;
      if (h != c.expected_hash) {
        ADD_FAILURE() << where << "\n  the callee received different arguments: its hash is "
                      << hex64(h) << ", expected " << hex64(c.expected_hash)
                      << (h == kHashSentinel ? " (the callee was not called)" : "");
      }
      if (path.comparesReturn) {
        bool same = true;
        for (uint32_t i = 0; i < c.ret_bytes; ++i) {
          if (c.ret_mask[i] && got.data()[i] != expected.data()[i]) same = false;
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
  char b[16];
  std::snprintf(b, sizeof b, "c%04u", allCases()[info.param]->index);
  return b;
}

INSTANTIATE_TEST_SUITE_P(Generated, Corpus,
                         ::testing::Range(0u, uint32_t(allCases().size())), caseName);

// ---- the corpus checks itself --------------------------------------------------------------------

// The comparisons above are only as good as the callees' hashes. For every case and every byte of
// every argument image, through gcc's own direct call: changing a meaningful byte must change the
// callee's hash (so one wrong byte through any path is caught), changing a padding byte must not
// (so the garbage in padding cannot cause false failures).
TEST(CorpusSelfTest, CalleesHashEveryMeaningfulByteAndNoPadding) {
  installCrashHandler();
  int checked = 0;
  for (const CorpusCase* cp : allCases()) {
    const CorpusCase& c = *cp;
    std::vector<Bytes> args;
    std::vector<void*> av;
    for (uint32_t k = 0; k < c.nargs; ++k) {
      args.emplace_back(argType(c, k).size);
      std::memcpy(args.back().data(), c.args[k], argType(c, k).size);
    }
    for (auto& a : args) av.push_back(a.data());
    Bytes ret(c.ret_bytes + kRedZone);
    setWhere(c, "self-test: direct call with one byte changed", 0);
    for (uint32_t k = 0; k < c.nargs; ++k) {
      const CorpusType& t = argType(c, k);
      for (uint32_t i = 0; i < t.size; ++i) {
        const bool meaningful = t.mask[i] != 0;
        args[k].data()[i] ^= meaningful ? 0x01 : 0xff;  // 0x01 keeps floating values finite
        corpus_last_hash = kHashSentinel;
        c.direct(av.data(), ret.data());
        args[k].data()[i] = static_cast<const unsigned char*>(c.args[k])[i];
        ++checked;
        if (meaningful == (corpus_last_hash == c.expected_hash)) {
          ADD_FAILURE() << describe(c) << "\n  argument " << k << " (" << t.text << ") byte " << i
                        << (meaningful ? ": changing this meaningful byte did not change the callee's hash"
                                       : ": changing this padding byte changed the callee's hash");
        }
      }
    }
    // The return mask is the return type's byte mask (widened integers: all 8 bytes).
    const CorpusType& rt = retType(c);
    for (uint32_t i = 0; i < c.ret_bytes; ++i) {
      const bool widened = rt.kind >= CK_I8 && rt.kind <= CK_U32;
      const bool want = widened ? i < 8 : (i < rt.size && rt.mask[i] != 0);
      if ((c.ret_mask[i] != 0) != want) {
        ADD_FAILURE() << describe(c) << "\n  return mask byte " << i << " is wrong";
        break;
      }
    }
  }
  g_where[0] = 0;
  std::printf("self-test: %d single-byte changes checked\n", checked);
}

// ---- coverage: what the corpus contains (printed; minimums asserted) ----------------------------

const char* const kKindNames[CK_COUNT] = {"void", "i8",  "u8",  "i16", "u16", "i32", "u32",
                                          "i64",  "u64", "i128", "u128", "f32", "f64", "ld",
                                          "ptr",  "c32", "c64", "cld", "struct"};

TEST(CorpusCoverage, Summary) {
  const auto& cs = allCases();
  std::array<int, CK_COUNT> argKinds{}, retKinds{}, memberKinds{};
  std::map<uint32_t, int> argStructSizes, retStructSizes;
  std::map<int, int> argCounts;
  int variadic = 0, varArgs = 0, varStructs = 0, fixed = 0, nested = 0, arrays = 0,
      complexMembers = 0, sysExcluded = 0;
  std::map<std::string, int> sysReasons;
  int stackSpill = 0, planStack = 0;
  std::map<std::string, int> retClasses, argPass;
  for (const CorpusCase* c : cs) {
    if (c->origin == CO_FIXED) ++fixed;
    retKinds[retType(*c).kind]++;
    if (retType(*c).kind == CK_STRUCT) retStructSizes[retType(*c).size]++;
    argCounts[c->nargs]++;
    if (c->variadic) {
      ++variadic;
      varArgs += c->nargs - c->nfixed;
      for (uint32_t k = c->nfixed; k < c->nargs; ++k) varStructs += argType(*c, k).kind == CK_STRUCT;
    }
    // Rough "spills to the stack": more than 6 integer-class or 8 vector-class arguments, or
    // any argument of more than 16 bytes.
    int gp = 0, vec = 0;
    bool mem = false;
    for (uint32_t k = 0; k < c->nargs; ++k) {
      const CorpusType& t = argType(*c, k);
      argKinds[t.kind]++;
      if (t.kind == CK_STRUCT) {
        argStructSizes[t.size]++;
        nested += t.depth > 1;
        arrays += t.has_array != 0;
        complexMembers += anyType(c->types[1 + k], [](const CorpusType& m) {
          return m.kind == CK_C32 || m.kind == CK_C64 || m.kind == CK_CLD;
        }) ? 1 : 0;
        for (uint32_t i = 0; i < t.nfields; ++i) memberKinds[typeOf(corpus_type_fields[t.first + i]).kind]++;
      }
      if (t.size > 16 || t.kind == CK_LD || t.kind == CK_CLD) mem = true;
      else if (t.kind == CK_F32 || t.kind == CK_F64 || t.kind == CK_C32) ++vec;
      else if (t.kind == CK_C64) vec += 2;
      else ++gp;
    }
    if (gp > 6 || vec > 8 || mem) ++stackSpill;
    // Where the values travel, as jitffi's plan says (every plan is checked by the calls).
    if (auto ci = CallInterface::get(c->sig)) {
      const jitffi::CallPlan& plan = (*ci)->plan();
      if (plan.stackBytes > 0) ++planStack;
      const jitffi::ValuePlan& r = plan.ret;
      std::string cls;
      if (r.mode == jitffi::PassMode::kIgnore) cls = "void";
      else if (r.mode == jitffi::PassMode::kIndirect) cls = "memory (hidden pointer)";
      else {
        for (uint32_t i = 0; i < r.pieceCount; ++i) {
          const jitffi::Piece& pc = plan.piecesOf(r)[i];
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
    if (const char* r = systemLibffiExcluded(*c)) {
      ++sysExcluded;
      sysReasons[r]++;
    }
  }
  std::ostringstream o;
  o << "corpus: seed " << hex64(corpus_seed) << ", " << corpus_random_count << " random + " << fixed
    << " fixed = " << cs.size() << " cases, " << corpus_type_count << " types\n";
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
  o << "\ncases with an argument past the registers or in memory (by type)=" << stackSpill
    << "; with outgoing stack arguments (by plan)=" << planStack;
  o << "\nreturn classes (by plan):";
  for (auto& [k, n] : retClasses) o << " " << k << "=" << n;
  o << "\narguments passed in (by plan):";
  for (auto& [k, n] : argPass) o << " " << k << "=" << n;
  o << "\nsystem libffi oracle skips=" << sysExcluded;
  for (auto& [r, n] : sysReasons) o << "\n  " << n << " x " << r;
  std::printf("%s\n", o.str().c_str());

  EXPECT_GE(cs.size(), 500u);
  for (int k = CK_I8; k < CK_STRUCT; ++k) {
    EXPECT_GT(argKinds[k], 0) << "no argument of kind " << kKindNames[k];
    EXPECT_GT(retKinds[k], 0) << "no return of kind " << kKindNames[k];
  }
  for (uint32_t sz = 1; sz <= 16; ++sz) {
    EXPECT_GT(argStructSizes[sz], 0) << "no struct argument of " << sz << " bytes";
  }
  EXPECT_GT(variadic, 0);
  EXPECT_GT(argCounts.rbegin()->first, 20);
}

}  // namespace
