// SPDX-License-Identifier: MIT
// libffi's C API: the ffi_type objects, ffi_prep_cif, ffi_prep_cif_var, ffi_call,
// ffi_get_struct_offsets.
//
// A prepared cif holds its CallInterface pointer in cif->bytes and cif->flags (the only fields
// libffi leaves to the implementation; together they are 8 bytes, 8-aligned), so ffi_call
// reaches the stub with one load and no lock.
//
// ffi_prep_cif's cache hit never builds a Signature. Predefined scalar types are keyed by a
// tight loop straight from their type codes (prepHit), structs of scalars whose layout is known
// get a second chance (prepHitWithStructs); anything else walks the ffi_type graph once
// (FfiTypeWalker: checking it, filling in struct layouts, writing the same key). Only a cache
// miss converts the graph to jitffi Types and compiles.
#include "ffi_api_p.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "interface_cache_p.h"
#include "runtime_p.h"

using namespace jitffi;
using namespace jitffi::internal;

// ---- the predefined types --------------------------------------------------------------------

extern "C" {
#define JITFFI_SCALAR_TYPE(name, size, align, code) \
  ffi_type ffi_type_##name = {size, align, code, nullptr};
JITFFI_SCALAR_TYPE(void, 1, 1, FFI_TYPE_VOID)
JITFFI_SCALAR_TYPE(uint8, 1, 1, FFI_TYPE_UINT8)
JITFFI_SCALAR_TYPE(sint8, 1, 1, FFI_TYPE_SINT8)
JITFFI_SCALAR_TYPE(uint16, 2, 2, FFI_TYPE_UINT16)
JITFFI_SCALAR_TYPE(sint16, 2, 2, FFI_TYPE_SINT16)
JITFFI_SCALAR_TYPE(uint32, 4, 4, FFI_TYPE_UINT32)
JITFFI_SCALAR_TYPE(sint32, 4, 4, FFI_TYPE_SINT32)
JITFFI_SCALAR_TYPE(uint64, 8, 8, FFI_TYPE_UINT64)
JITFFI_SCALAR_TYPE(sint64, 8, 8, FFI_TYPE_SINT64)
JITFFI_SCALAR_TYPE(float, 4, 4, FFI_TYPE_FLOAT)
JITFFI_SCALAR_TYPE(double, 8, 8, FFI_TYPE_DOUBLE)
JITFFI_SCALAR_TYPE(longdouble, 16, 16, FFI_TYPE_LONGDOUBLE)
JITFFI_SCALAR_TYPE(pointer, 8, 8, FFI_TYPE_POINTER)
JITFFI_SCALAR_TYPE(uint128, 16, 16, FFI_TYPE_UINT128)
JITFFI_SCALAR_TYPE(sint128, 16, 16, FFI_TYPE_SINT128)
#undef JITFFI_SCALAR_TYPE

static ffi_type* complexFloatParts[] = {&ffi_type_float, nullptr};
static ffi_type* complexDoubleParts[] = {&ffi_type_double, nullptr};
static ffi_type* complexLongDoubleParts[] = {&ffi_type_longdouble, nullptr};
ffi_type ffi_type_complex_float = {8, 4, FFI_TYPE_COMPLEX, complexFloatParts};
ffi_type ffi_type_complex_double = {16, 8, FFI_TYPE_COMPLEX, complexDoubleParts};
ffi_type ffi_type_complex_longdouble = {32, 16, FFI_TYPE_COMPLEX, complexLongDoubleParts};
}

namespace jitffi::internal {

namespace {

constexpr uint8_t kNotScalar = 0xff;

// libffi type code → TypeKind for the predefined scalars (FFI_TYPE_INT is C's int: 32-bit
// signed), for every possible code (unsigned short) so that no lookup needs a range check:
// structs, complex numbers, FFI_TYPE_VECTOR and unknown codes map to kNotScalar. 64 KiB of
// read-only data of which only the first cache line is ever touched.
constexpr auto kKindOfCode = [] {
  std::array<uint8_t, 65536> t{};
  t.fill(kNotScalar);
  t[FFI_TYPE_VOID] = uint8_t(TypeKind::kVoid);
  t[FFI_TYPE_INT] = uint8_t(TypeKind::kI32);
  t[FFI_TYPE_FLOAT] = uint8_t(TypeKind::kF32);
  t[FFI_TYPE_DOUBLE] = uint8_t(TypeKind::kF64);
  t[FFI_TYPE_LONGDOUBLE] = uint8_t(TypeKind::kLongDouble);
  t[FFI_TYPE_UINT8] = uint8_t(TypeKind::kU8);
  t[FFI_TYPE_SINT8] = uint8_t(TypeKind::kI8);
  t[FFI_TYPE_UINT16] = uint8_t(TypeKind::kU16);
  t[FFI_TYPE_SINT16] = uint8_t(TypeKind::kI16);
  t[FFI_TYPE_UINT32] = uint8_t(TypeKind::kU32);
  t[FFI_TYPE_SINT32] = uint8_t(TypeKind::kI32);
  t[FFI_TYPE_UINT64] = uint8_t(TypeKind::kU64);
  t[FFI_TYPE_SINT64] = uint8_t(TypeKind::kI64);
  t[FFI_TYPE_POINTER] = uint8_t(TypeKind::kPtr);
  t[FFI_TYPE_UINT128] = uint8_t(TypeKind::kU128);
  t[FFI_TYPE_SINT128] = uint8_t(TypeKind::kI128);
  return t;
}();

// Scalar layouts by TypeKind for both long double models (index 1: FFI_WIN64, long double as
// double).
constexpr auto kLayoutOfKind = [] {
  std::array<std::array<Layout, kTypeKindCount>, 2> t{};
  for (int m = 0; m < 2; ++m) {
    for (int k = 0; k < kTypeKindCount; ++k) t[m][k] = scalarLayout(TypeKind(k), LongDoubleModel(m));
  }
  return t;
}();

// The ffi_type fields that prep may write, accessed atomically: threads preparing cifs that share
// struct types must not race (libffi's documented thread-safety promise).
size_t loadSize(ffi_type* t, std::memory_order order = std::memory_order_acquire) {
  return std::atomic_ref<size_t>(t->size).load(order);
}
unsigned short loadAlign(ffi_type* t) {
  return std::atomic_ref<unsigned short>(t->alignment).load(std::memory_order_relaxed);
}
void storeLayout(ffi_type* t, Layout l) {
  std::atomic_ref<unsigned short>(t->alignment).store(uint16_t(l.align), std::memory_order_relaxed);
  std::atomic_ref<size_t>(t->size).store(size_t(l.size), std::memory_order_release);
}

}  // namespace

Abi abiFromFfi(int abi, bool& ok) {
  ok = validFfiAbi(abi);
  return ok ? abiOfValidFfi(abi) : kHostAbi;
}

ffi_status toFfiStatus(const Error& e) {
  switch (e.status()) {
    case Status::kOk: return FFI_OK;
    case Status::kBadAbi: return FFI_BAD_ABI;
    case Status::kBadArgType: return FFI_BAD_ARGTYPE;
    // No libffi status says "no executable memory"; the ABI cannot be served here.
    case Status::kOutOfMemory: return FFI_BAD_ABI;
    default: return FFI_BAD_TYPEDEF;
  }
}

namespace {

// The part kind of an FFI_TYPE_COMPLEX type (kVoid when it has none jitffi knows).
TypeKind complexPartOf(const ffi_type* t) {
  const ffi_type* part = t->elements ? t->elements[0] : nullptr;
  return part && kKindOfCode[part->type] != kNotScalar ? TypeKind(kKindOfCode[part->type]) : TypeKind::kVoid;
}

// An FFI_TYPE_VECTOR type, described as libffi 3.8 describes it: its elements are its lanes, all
// one scalar type (an integer of at most 8 bytes, float or double); its size is the lanes' size
// rounded up to a power of two (three floats make 16 bytes, as with clang's ext_vector_type), its
// alignment that size up to 16. Returns the lane kind and the lane count of that size (kVoid when
// the description is no vector jitffi passes: 8, 16, 32 or 64 bytes).
TypeKind vectorOf(const ffi_type* t, uint32_t& count) {
  if (!t->elements || !t->elements[0]) return TypeKind::kVoid;
  const unsigned code = t->elements[0]->type;
  uint64_t lanes = 0;
  for (ffi_type** e = t->elements; *e; ++e, ++lanes) {
    if ((*e)->type != code || lanes > 64) return TypeKind::kVoid;
  }
  const uint8_t k = kKindOfCode[code];
  if (k == kNotScalar) return TypeKind::kVoid;
  const Type lane = Type::scalar(TypeKind(k));
  const uint64_t laneSize = lane.layout(LongDoubleModel::kWide).size;
  if (laneSize == 0) return TypeKind::kVoid;
  uint64_t size = 1;
  while (size < laneSize * lanes) size *= 2;
  count = uint32_t(size / laneSize);
  return Type::validVector(lane, count) ? TypeKind(k) : TypeKind::kVoid;
}

}  // namespace

ffi_status FfiTypeWalker::walkNode(ffi_type* t, uint32_t depth, Layout& out) {
  if (!t) return FFI_BAD_TYPEDEF;  // a null ffi_type pointer
  const unsigned code = t->type;
  if (code == FFI_TYPE_VECTOR) {
    uint32_t count;
    const TypeKind lane = vectorOf(t, count);
    if (lane == TypeKind::kVoid) return FFI_BAD_TYPEDEF;
    const Layout natural = vectorLayout(scalarLayout(lane, model_).size * count);
    // libffi computes the layout of a vector whose size is 0 and takes a given one as it is; a
    // given layout other than the vector's own describes nothing jitffi could pass.
    const size_t given = loadSize(t);
    if (given == 0) {
      storeLayout(t, natural);
    } else if (given != natural.size || (loadAlign(t) != 0 && loadAlign(t) != natural.align)) {
      return FFI_BAD_TYPEDEF;
    }
    if (key_) keyVector(*key_, lane, count);
    out = natural;
    return FFI_OK;
  }
  if (code != FFI_TYPE_STRUCT) {
    // libffi computes a size-0 type as an aggregate, and one without elements is FFI_BAD_TYPEDEF
    // (a copy of ffi_type_void with size 0, say); one with elements it would rewrite as an
    // aggregate of a scalar type code, which jitffi refuses too.
    if (t->size == 0) return FFI_BAD_TYPEDEF;
    TypeKind kind;
    if (kKindOfCode[code] != kNotScalar) {
      kind = TypeKind(kKindOfCode[code]);
    } else if (code == FFI_TYPE_COMPLEX) {
      // Complex types of float, double, long double or integer parts (GNU C's _Complex int …,
      // which libffi describes with an integer element).
      kind = complexKind(complexPartOf(t));
      if (kind == TypeKind::kVoid) return FFI_BAD_TYPEDEF;
    } else {
      return FFI_BAD_TYPEDEF;  // unknown type codes
    }
    if (key_) keyScalar(*key_, kind);
    out = scalarLayout(kind, model_);
    return FFI_OK;
  }

  if (const int64_t seen = numbers_.findOrAdd(t); seen >= 0) {
    const Node& n = node(uint32_t(seen));
    if (!n.done) return FFI_BAD_TYPEDEF;  // the struct contains itself
    if (key_) keyRef(*key_, uint32_t(seen));
    out = n.layout;
    return FFI_OK;
  }
  const uint32_t number = numbers_.count() - 1;
  if (number >= kInlineNodes) more_.emplace_back();
  node(number) = {{}, false, false};
  // Absurd nesting (the recursion's bound).
  if (depth >= kMaxDepth) return FFI_BAD_TYPEDEF;
  // libffi refuses structs without elements.
  if (!t->elements || !t->elements[0]) return FFI_BAD_TYPEDEF;

  const size_t keyPos = key_ ? key_->size() : 0;
  if (key_) key_->push(kKeyOpen);
  uint64_t size = 0;
  uint32_t align = 1;
  uint32_t n = 0;
  for (ffi_type** e = t->elements; *e; ++e, ++n) {
    if ((*e)->type == FFI_TYPE_VOID) return FFI_BAD_TYPEDEF;  // a void member
    Layout el;
    if (ffi_status st = walkNode(*e, depth + 1, el); st != FFI_OK) return st;
    size = alignUpTo(size, el.align);
    if (offsets_ && depth == 0) offsets_[n] = size_t(size);
    size += el.size;
    if (el.align > align) align = el.align;
    if (size > kMaxValueSize) return FFI_BAD_TYPEDEF;
  }
  if (key_) key_->push(kKeyClose);
  const Layout natural{alignUpTo(size, align), align};
  Node& self = node(number);
  self.done = true;
  self.layout = natural;

  const size_t given = loadSize(t);
  if ((overwrite_ && depth == 0) || given == 0) {
    storeLayout(t, natural);
    out = natural;
    return FFI_OK;
  }
  // A caller-set layout stands, as libffi takes it: larger than the elements need (ctypes'
  // arrays stand-ins), smaller (unions, bit-fields, packed structs), differently aligned. An
  // alignment of 0 means the natural one; one that is no power of two is refused (libffi would
  // compute garbage offsets from it).
  const unsigned short givenAlign = loadAlign(t);
  const Layout preset{given, givenAlign ? givenAlign : align};
  if (preset.size == natural.size && preset.align == natural.align) {
    out = natural;
    return FFI_OK;
  }
  if (!Type::validExplicitLayout(preset) || preset.size > kMaxValueSize) return FFI_BAD_TYPEDEF;
  if (key_) {
    key_->set(keyPos, kKeyOpenSized);
    keyExplicitLayout(*key_, preset);
  }
  self.explicitLayout = true;
  self.layout = preset;
  out = preset;
  return FFI_OK;
}

// Converts a graph that walk() accepted into a jitffi Type (cache misses only).
Type FfiTypeWalker::toType(ffi_type* t) {
  const unsigned code = t->type;
  if (kKindOfCode[code] != kNotScalar) return Type::scalar(TypeKind(kKindOfCode[code]));
  if (code == FFI_TYPE_COMPLEX) return Type::complexOf(complexPartOf(t));
  if (code == FFI_TYPE_VECTOR) {
    uint32_t count;
    const TypeKind lane = vectorOf(t, count);
    return Type::vectorOf(Type::scalar(lane), count);
  }
  if (auto it = converted_.find(t); it != converted_.end()) return it->second;
  std::vector<Type> fields;
  for (ffi_type** e = t->elements; *e; ++e) fields.push_back(toType(*e));
  const Node& n = node(uint32_t(numbers_.findOrAdd(t)));
  Type type = n.explicitLayout ? Type::structWithLayout(std::move(fields), n.layout) : Type::structOf(std::move(fields));
  converted_.emplace(t, type);
  return type;
}

namespace {
void inertStub(const void*, Fn, void*, void* const*) {}
}  // namespace

__attribute__((noinline)) void callDiscardingResult(const CallInterface* ci, void (*fn)(void), void** avalue) {
  const uint32_t need = ci->returnStorage();
  alignas(16) unsigned char local[256];
  std::unique_ptr<unsigned char[]> big;
  void* r = local;
  if (need > sizeof local) {
    big.reset(new (std::nothrow) unsigned char[need + 16]);
    if (!big) return;
    r = big.get();
  }
  ci->call(fn, r, avalue);
}

const CallInterface* inertInterface() {
  static const CallInterface* const inert = [] {
    CallInterface* ci = CallInterface::Internal::make(Signature(), CallPlan{});
    CallInterface::Internal::setStub(ci, inertStub, false);
    return ci;
  }();
  return inert;
}

const CallInterface* interfaceOf(const ffi_cif* cif) {
  const CallInterface* ci;
  std::memcpy(&ci, &cif->bytes, sizeof ci);
  return ci;
}

void setInterface(ffi_cif* cif, const CallInterface* ci) {
  static_assert(offsetof(ffi_cif, flags) == offsetof(ffi_cif, bytes) + 4);
  static_assert(offsetof(ffi_cif, bytes) % 8 == 0 && sizeof(ffi_cif) == 32);
  std::memcpy(&cif->bytes, &ci, sizeof ci);
}

ffi_status prepCif(ffi_cif* cif, int abi, bool variadic, unsigned nfixed, unsigned ntotal,
                   ffi_type* rtype, ffi_type** atypes) {
  if (!cif) return FFI_BAD_TYPEDEF;
  bool abiOk;
  const Abi jabi = abiFromFfi(abi, abiOk);
  if (!abiOk) return FFI_BAD_ABI;
  if (!rtype || (ntotal > 0 && !atypes)) return FFI_BAD_TYPEDEF;
  if (ntotal > kMaxArgs || (variadic && nfixed > ntotal)) return FFI_BAD_ARGTYPE;
  cif->abi = ffi_abi(abi);
  cif->nargs = ntotal;
  cif->arg_types = atypes;
  cif->rtype = rtype;
  setInterface(cif, inertInterface());  // until the preparation succeeds

  InterfaceCache& cache = InterfaceCache::instance();
  KeyBytes key;
  keyHeader(key, jabi, variadic, variadic ? nfixed : ntotal, ntotal);
  FfiTypeWalker walker(longDoubleModel(jabi), &key);
  Layout ignored;
  if (ffi_status st = walker.walk(rtype, ignored); st != FFI_OK) return st;
  for (unsigned i = 0; i < ntotal; ++i) {
    if (ffi_status st = walker.walk(atypes[i], ignored); st != FFI_OK) return st;
  }
  finishKey(key);
  const uint64_t h = key.hash();
  const CallInterface* ci = cache.find(key, h);
  if (!ci) {
    // Miss: build the Signature (classification checks variadic promotions, value and frame
    // sizes and everything else the walk does not).
    std::vector<Type> args;
    args.reserve(ntotal);
    for (unsigned i = 0; i < ntotal; ++i) args.push_back(walker.toType(atypes[i]));
    Signature sig(walker.toType(rtype), std::move(args));
    if (variadic) {
      sig.variadic = true;
      sig.fixedCount = nfixed;
    }
    auto built = cache.findOrBuild(key, h, sig, jabi);
    if (!built) return toFfiStatus(built.error());
    ci = *built;
  }
  setInterface(cif, ci);
  return FFI_OK;
}

}  // namespace jitffi::internal

namespace {

// The key of a struct of predefined scalars whose layout is filled in already (the state after
// its first preparation), as the full walk writes it: appended at key.w, false when the struct
// is not such a one (nested, with a null or size-0 element, a layout the walk would refuse,
// fresh), which sends the preparation down the full path.
bool structKey(RawKey& key, const uint8_t* end, const ffi_type* t, int model) {
  if (!t->elements) return false;
  const size_t given = loadSize(const_cast<ffi_type*>(t));
  if (given == 0) return false;
  const auto& layouts = kLayoutOfKind[model];
  uint8_t* const open = key.w;
  key.push(kKeyOpen);
  uint64_t size = 0;
  uint32_t align = 1;
  for (ffi_type** e = t->elements; *e; ++e) {
    const uint8_t k = kKindOfCode[(*e)->type];
    if (k == kNotScalar || k == uint8_t(TypeKind::kVoid) || (*e)->size == 0 || key.w + 24 > end) return false;
    const Layout l = layouts[k];
    size = alignUpTo(size, l.align) + l.size;
    align = l.align > align ? l.align : align;
    keyScalar(key, TypeKind(k));
  }
  if (key.w == open + 1) return false;
  key.push(kKeyClose);
  const unsigned short givenAlign = loadAlign(const_cast<ffi_type*>(t));
  const Layout preset{given, givenAlign ? givenAlign : align};
  if (preset.size == alignUpTo(size, align) && preset.align == align) return true;
  if (!Type::validExplicitLayout(preset) || preset.size > kMaxValueSize) return false;
  *open = kKeyOpenSized;
  keyExplicitLayout(key, preset);
  return true;
}

void fillCif(ffi_cif* cif, int abi, unsigned ntotal, ffi_type* rtype, ffi_type** atypes, const CallInterface* ci) {
  cif->abi = ffi_abi(abi);
  cif->nargs = ntotal;
  cif->arg_types = atypes;
  cif->rtype = rtype;
  setInterface(cif, ci);
}

// The second chance of the cache hit: signatures with structs of scalars whose layouts are
// filled in already, a struct met again written as a reference (as the full walk does).
__attribute__((noinline)) bool prepHitWithStructs(ffi_cif* cif, int abi, bool variadic, unsigned nfixed,
                                                  unsigned ntotal, ffi_type* rtype, ffi_type** atypes) {
  uint8_t buf[1024];
  const uint8_t* const end = buf + sizeof buf;
  std::memset(buf, 0, kMinKey);
  RawKey key{buf};
  keyHeader(key, abiOfValidFfi(abi), variadic, variadic ? nfixed : ntotal, ntotal);
  const int model = abi == FFI_WIN64 ? 1 : 0;
  constexpr unsigned kMaxStructs = 8;
  const ffi_type* structs[kMaxStructs];
  unsigned nstructs = 0;
  for (unsigned i = 0; i <= ntotal; ++i) {
    const ffi_type* t = i == 0 ? rtype : atypes[i - 1];
    const uint8_t k = kKindOfCode[t->type];
    if (k != kNotScalar) {
      if (t->size == 0) return false;
      keyScalar(key, TypeKind(k));
      continue;
    }
    if (t->type != FFI_TYPE_STRUCT) return false;
    unsigned j = 0;
    while (j < nstructs && structs[j] != t) ++j;
    if (j < nstructs) {
      keyRef(key, j);
    } else {
      if (nstructs == kMaxStructs || !structKey(key, end, t, model)) return false;
      structs[nstructs++] = t;
    }
  }
  const size_t len = std::max<size_t>(size_t(key.w - buf), kMinKey);
  const CallInterface* ci = InterfaceCache::instance().find(buf, len, hashKey(buf, len));
  if (!ci) return false;
  fillCif(cif, abi, ntotal, rtype, atypes, ci);
  return true;
}

// Whether one of a signature's types has size 0 (prepHit's exact check).
__attribute__((noinline, cold)) bool hasSizeZero(ffi_type* rtype, ffi_type** atypes, unsigned n) {
  auto zero = [](ffi_type* t) { return loadSize(t, std::memory_order_relaxed) == 0; };
  return zero(rtype) || std::any_of(atypes, atypes + n, zero);
}

// The cache hit for signatures of predefined scalar types, the case real clients hit on every
// call (CPython's ctypes prepares a cif per call): one key byte per type written through a
// register, hashed and looked up with no walker, no allocation and no key object. A type that
// is not a predefined scalar writes kNotScalar, which no cached key contains; such a miss gets a
// second chance with struct keys (prepHitWithStructs). Any other doubt (a null pointer, many
// arguments, a type of size 0, a miss) returns false and the full preparation runs, which
// produces the same key or the error.
__attribute__((always_inline)) inline bool prepHit(ffi_cif* cif, int abi, bool variadic, unsigned nfixed,
                                                   unsigned ntotal, ffi_type* rtype, ffi_type** atypes) {
  if (!cif || !rtype || (ntotal | nfixed) >= 64 || (ntotal && !atypes)) return false;
  if (variadic && nfixed > ntotal) return false;
  uint8_t buf[72];
  const uint64_t zero = 0;
  std::memcpy(buf, &zero, 8);  // the padding of a key shorter than kMinKey
  RawKey key{buf};
  // The header first: the ABI byte and its check then share one subtraction.
  keyHeader(key, abiOfValidFfi(abi), variadic, variadic ? nfixed : ntotal, ntotal);
  if (!validFfiAbi(abi)) return false;
  key.push(kKindOfCode[rtype->type]);
  // One byte per argument, written by index (one induction variable) and unrolled twice. A type
  // of size 0 (a copy of a predefined scalar with its size cleared, which libffi refuses) has the
  // type code of a real one: the product of all sizes finds it for one multiplication per type
  // (a product that wrapped around to 0, from 64 factors of two, is checked again type by type),
  // and the full preparation says FFI_BAD_TYPEDEF. Sizes are read atomically, as a struct's may
  // be being filled in by another preparation; no order is needed: nothing else the hit reads is
  // ever written by one.
  uint8_t* const argBytes = key.w;
  uint64_t sizes = loadSize(rtype, std::memory_order_relaxed);
#pragma GCC unroll 2
  for (unsigned i = 0; i < ntotal; ++i) {
    ffi_type* const t = atypes[i];
    if (__builtin_expect(t == nullptr, 0)) return false;
    argBytes[i] = kKindOfCode[t->type];
    sizes *= loadSize(t, std::memory_order_relaxed);
  }
  if (__builtin_expect(sizes == 0, 0) && hasSizeZero(rtype, atypes, ntotal)) return false;
  key.w = argBytes + ntotal;
  const size_t len = std::max<size_t>(size_t(key.w - buf), kMinKey);
  const CallInterface* ci = InterfaceCache::instance().find(buf, len, hashKey(buf, len));
  if (!ci) {
    if (std::memchr(buf + 4, kNotScalar, size_t(key.w - buf) - 4)) {
      return prepHitWithStructs(cif, abi, variadic, nfixed, ntotal, rtype, atypes);
    }
    return false;
  }
  fillCif(cif, abi, ntotal, rtype, atypes, ci);
  return true;
}

}  // namespace

// ---- the C functions -------------------------------------------------------------------------

extern "C" {

ffi_status ffi_prep_cif(ffi_cif* cif, ffi_abi abi, unsigned int nargs, ffi_type* rtype,
                        ffi_type** atypes) {
  const int abiv = abiValue(abi);
  if (prepHit(cif, abiv, false, nargs, nargs, rtype, atypes)) return FFI_OK;
  return prepCif(cif, abiv, false, nargs, nargs, rtype, atypes);
}

ffi_status ffi_prep_cif_var(ffi_cif* cif, ffi_abi abi, unsigned int nfixedargs,
                            unsigned int ntotalargs, ffi_type* rtype, ffi_type** atypes) {
  const int abiv = abiValue(abi);
  if (prepHit(cif, abiv, true, nfixedargs, ntotalargs, rtype, atypes)) return FFI_OK;
  return prepCif(cif, abiv, true, nfixedargs, ntotalargs, rtype, atypes);
}

void ffi_call(ffi_cif* cif, void (*fn)(void), void* rvalue, void** avalue) {
  // A cif whose preparation failed holds the inert interface: the call does nothing.
  callInterface(interfaceOf(cif), fn, rvalue, avalue);
}

ffi_status ffi_get_struct_offsets(ffi_abi abi, ffi_type* struct_type, size_t* offsets) {
  bool abiOk;
  const Abi jabi = abiFromFfi(abiValue(abi), abiOk);
  if (!abiOk) return FFI_BAD_ABI;
  if (!struct_type || struct_type->type != FFI_TYPE_STRUCT) return FFI_BAD_TYPEDEF;
  FfiTypeWalker walker(longDoubleModel(jabi), nullptr);
  walker.setOffsets(offsets);
  walker.setOverwrite(true);
  Layout l;
  return walker.walk(struct_type, l);
}

}  // extern "C"
