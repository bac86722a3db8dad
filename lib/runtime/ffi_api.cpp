// SPDX-License-Identifier: MIT
// libffi's C API: the ffi_type objects, ffi_prep_cif, ffi_prep_cif_var, ffi_call,
// ffi_get_struct_offsets.
//
// A prepared cif holds its CallInterface pointer in cif->bytes and cif->flags (the only fields
// libffi leaves to the implementation; together they are 8 bytes, 8-aligned), so ffi_call
// reaches the stub with one load and no lock.
//
// ffi_prep_cif's cache hit never builds a Signature (prep_hit_p.h: hitScalars inline, hitStructs
// here); anything the hits do not decide walks the ffi_type graph once (FfiTypeWalker: checking
// it, filling in struct layouts, writing the same key). Only a cache miss converts the graph to
// jitffi Types and compiles.
#include "ffi_api_p.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "interface_cache_p.h"
#include "prep_hit_p.h"
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

// The other half of prep_hit_p.h's loadSize and loadAlign.
void storeLayout(ffi_type* t, Layout l) {
  std::atomic_ref<unsigned short>(t->alignment).store(uint16_t(l.align), std::memory_order_relaxed);
  std::atomic_ref<size_t>(t->size).store(size_t(l.size), std::memory_order_release);
}

}  // namespace

Abi abiFromFfi(int abi, bool& ok) {
  ok = validFfiAbi(abi);
  return ok ? abiOfValidFfi(abi) : kHostAbi;
}

ffi_status toFfiStatus(Status s) {
  switch (s) {
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
  const uint64_t laneSize = lane.layout(Abi::kSysV64).size;
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
    const Layout natural = vectorLayout(scalarLayout(lane, longDoubleModel(abi_)).size * count);
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
  const Type* record = code == JITFFI_TYPE_RECORD ? recordType(t) : nullptr;
  if (code != FFI_TYPE_STRUCT && !record) {
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
    out = scalarLayout(kind, longDoubleModel(abi_));
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
  if (record) return walkRecord(t, *record, number, depth, out);

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
    if (key_) keyLayout(*key_, natural);
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
    if (key_) keyLayout(*key_, natural);
    out = natural;
    return FFI_OK;
  }
  if (!Type::validExplicitLayout(preset) || preset.size > kMaxValueSize) return FFI_BAD_TYPEDEF;
  if (key_) {
    key_->set(keyPos, kKeyOpenSized);  // (toType makes it a Type with this explicit layout)
    keyLayout(*key_, preset);
  }
  self.explicitLayout = true;
  self.layout = preset;
  out = preset;
  return FFI_OK;
}

// A record (jitffi_type_*): its elements walked as a struct's are (key, checks, nested layouts),
// its own layout and member offsets the Type's for the ABI. Its ffi_type keeps the default ABI's
// layout, written once when it was made.
ffi_status FfiTypeWalker::walkRecord(ffi_type* t, const Type& record, uint32_t number, uint32_t depth,
                                     Layout& out) {
  if (key_) keyRecord(*key_, record);
  const auto offsets = record.fieldOffsets(abi_);
  size_t n = 0;
  for (ffi_type** e = t->elements; *e; ++e, ++n) {
    if (n == offsets.size()) return FFI_BAD_TYPEDEF;  // the elements are the record's own: never
    if (key_) keyRecordMember(*key_, record, n);
    Layout el;
    if (ffi_status st = walkNode(*e, depth + 1, el); st != FFI_OK) return st;
    if (offsets_ && depth == 0) offsets_[n] = size_t(offsets[n]);
  }
  Node& self = node(number);
  self.done = true;
  self.layout = record.layout(abi_);
  if (self.layout.size > kMaxValueSize) return FFI_BAD_TYPEDEF;
  if (key_) {
    key_->push(kKeyClose);
    keyLayout(*key_, self.layout);
  }
  out = self.layout;
  return FFI_OK;
}

// Converts a graph that walk() accepted into a jitffi Type (cache misses only).
Type FfiTypeWalker::toType(ffi_type* t) {
  const unsigned code = t->type;
  if (code == JITFFI_TYPE_RECORD) return *recordType(t);
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
int inertErrnoStub(const void*, Fn, void*, void* const*, int errnoIn) { return errnoIn; }
}  // namespace

namespace {
// Hands `call` storage for a result to be discarded (ffi_call's null rvalue); calls nothing when
// out of memory.
template <class Call>
void withDiscardStorage(const CallInterface* ci, Call&& call) {
  const uint32_t need = ci->returnStorage();
  alignas(16) unsigned char local[256];
  std::unique_ptr<unsigned char[]> big;
  void* r = local;
  if (need > sizeof local) {
    big.reset(new (std::nothrow) unsigned char[need + 16]);
    if (!big) return;
    r = big.get();
  }
  call(r);
}
}  // namespace

__attribute__((noinline)) void callDiscardingResult(const CallInterface* ci, void (*fn)(void), void** avalue) {
  withDiscardStorage(ci, [&](void* r) { ci->call(fn, r, avalue); });
}

__attribute__((noinline)) int callErrnoDiscardingResult(const CallInterface* ci, void (*fn)(void), void*,
                                                        void** avalue, int errnoIn) {
  withDiscardStorage(ci, [&](void* r) { ci->call(fn, r, avalue, errnoIn); });
  return errnoIn;
}

const CallInterface* makeInertInterface() {
  // void(void) for the host, which classification takes (its plan() is that again).
  const Signature none;
  CallInterface* ci = CallInterface::Internal::make(none, *classify(none, kHostAbi));
  CallInterface::Internal::setStub(ci, inertStub, false);
  // jitffi_call_errno on it: no call, errno left as it was given.
  CallInterface* e = CallInterface::Internal::make(none, *classify(none, kHostAbi, {ErrnoMode::kSetAndCapture}));
  CallInterface::Internal::setStub(e, stubAs<AvaluesStub>(inertErrnoStub), false);
  CallInterface::Internal::errnoSibling(ci).store(e, std::memory_order_relaxed);
  return ci;
}

void setInterface(ffi_cif* cif, const CallInterface* ci) {
  static_assert(offsetof(ffi_cif, flags) == offsetof(ffi_cif, bytes) + 4);
  static_assert(offsetof(ffi_cif, bytes) % 8 == 0 && offsetof(ffi_cif, bytes) + sizeof(ci) <= sizeof(ffi_cif));
  // One store (interfaceOf), addressed from the cif: the 8 bytes span bytes and flags.
  storeAligned(reinterpret_cast<unsigned char*>(cif) + offsetof(ffi_cif, bytes), ci);
}

namespace {

ffi_status prepCifWalking(ffi_cif* cif, int abi, bool variadic, unsigned nfixed, unsigned ntotal,
                          ffi_type* rtype, ffi_type** atypes) {
  if (!cif) return FFI_BAD_TYPEDEF;
  // The inert interface until the preparation succeeds, whatever fails below (an ffi_call on the
  // cif then does nothing); first, since making it allocates the first time.
  setInterface(cif, inertInterface());
  bool abiOk;
  const Abi jabi = abiFromFfi(abi, abiOk);
  if (!abiOk) return FFI_BAD_ABI;
  if (!rtype || (ntotal > 0 && !atypes)) return FFI_BAD_TYPEDEF;
  if (ntotal > kMaxArgs || (variadic && nfixed > ntotal)) return FFI_BAD_ARGTYPE;
  cif->abi = ffi_abi(abi);
  cif->nargs = ntotal;
  cif->arg_types = atypes;
  cif->rtype = rtype;

  InterfaceCache& cache = InterfaceCache::instance();
  KeyBytes key;
  keyHeader(key, jabi, variadic, variadic ? nfixed : ntotal, ntotal);
  FfiTypeWalker walker(jabi, &key);
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

}  // namespace

ffi_status prepCif(ffi_cif* cif, int abi, bool variadic, unsigned nfixed, unsigned ntotal,
                   ffi_type* rtype, ffi_type** atypes) {
  return statusOrOutOfMemory([&] { return prepCifWalking(cif, abi, variadic, nfixed, ntotal, rtype, atypes); });
}

}  // namespace jitffi::internal

namespace jitffi::internal {

// hitScalarsLong's body, also inlined into prepLong*: `structs` set as shortKeyWord sets it.
__attribute__((always_inline)) inline const CallInterface* scalarHitBuffered(int abi, bool variadic, unsigned nfixed,
                                                                              unsigned ntotal, ffi_type* rtype,
                                                                              ffi_type** atypes, bool& structs) {
  uint8_t rkind;
  if (!hitReturnKind(abi, variadic, nfixed, ntotal, rtype, rkind, structs)) return nullptr;
  if (ntotal != 0 && !atypes) return nullptr;
  alignas(8) uint8_t buf[8 + 64];
  // The padding's last word zeroed; the header and the return kind in one store (counts are below
  // 0x80; zeros after them); then the arguments.
  const size_t len = paddedKeyLength(kWordKeyArgOffset + ntotal);
  std::memset(buf + len - 8, 0, 8);
  const uint64_t word = keyWord(abiByteOfValidFfi(abi), variadic, variadic ? nfixed : ntotal, ntotal, TypeKind(rkind));
  std::memcpy(buf, &word, sizeof word);
  uint8_t* const args = buf + kWordKeyArgOffset;
  // Unrolled twice: fewer instructions on c, d, e, h (instr_count: e 231 → 223).
#pragma GCC unroll 2
  for (unsigned i = 0; i < ntotal; ++i) {
    if (!argKind(atypes[i], args[i], structs)) return nullptr;
  }
  return InterfaceCache::instance().find(buf, len, hashKey(buf, len));
}

const CallInterface* hitScalarsLong(int abi, bool variadic, unsigned nfixed, unsigned ntotal, ffi_type* rtype,
                                    ffi_type** atypes) {
  bool structs = false;
  return scalarHitBuffered(abi, variadic, nfixed, ntotal, rtype, atypes, structs);
}

// The natural layout of a struct of predefined scalars of these kinds under the ABI, as the walk
// works it out (the struct hit's rarer cases: an alignment left 0, a layout that may not be the
// natural one).
__attribute__((noinline, cold)) Layout naturalLayout(int abi, const uint8_t* kinds, unsigned n) {
  const LongDoubleModel model = longDoubleModel(abiOfValidFfi(abi));
  uint64_t size = 0;
  uint32_t align = 1;
  for (unsigned i = 0; i < n; ++i) {
    const Layout l = scalarLayout(TypeKind(kinds[i]), model);
    size = alignUpTo(size, l.align) + l.size;
    align = std::max(align, l.align);
  }
  return {alignUpTo(size, align), align};
}

// The struct hit wrote every struct as one of natural layout (kKeyOpen) with the layout its
// ffi_type holds; the walk marks a struct whose layout is not the natural one (kKeyOpenSized).
// Marks those in the key (the structs opening at `opens`) as the walk does; false when none is.
__attribute__((noinline, cold)) bool markGivenLayouts(int abi, uint8_t* buf, const uint16_t* opens, unsigned n) {
  bool marked = false;
  for (unsigned j = 0; j < n; ++j) {
    const uint8_t* kinds = buf + opens[j] + 1;
    unsigned count = 0;
    while (kinds[count] != kKeyClose) ++count;
    const uint8_t* p = kinds + count + 1;
    auto varint = [&p] {
      uint64_t v = 0;
      for (unsigned shift = 0;; shift += 7) {
        const uint8_t b = *p++;
        v |= uint64_t(b & 0x7f) << shift;
        if (b < 0x80) return v;
      }
    };
    const uint64_t size = varint();
    const uint64_t align = varint();
    const Layout natural = naturalLayout(abi, kinds, count);
    if (size != natural.size || align != natural.align) {
      buf[opens[j]] = kKeyOpenSized;
      marked = true;
    }
  }
  return marked;
}

// The struct hit once hitReturnKind's checks have passed or found a struct return type (rtype
// not null, a valid ABI, counts below 64 and consistent), and atypes is not null if there are
// arguments: prepStructs* is reached only so.
__attribute__((always_inline)) inline const CallInterface* structHit(int abi, bool variadic, unsigned nfixed,
                                                                      unsigned ntotal, ffi_type* rtype,
                                                                      ffi_type** atypes) {
  alignas(8) uint8_t buf[1024];
  // The header in one store (counts are below 0x80). The key is written by index (compared with a
  // constant bound), then padded (padKey).
  const uint64_t header = keyHeaderWord(abiByteOfValidFfi(abi), variadic, variadic ? nfixed : ntotal, ntotal);
  std::memcpy(buf, &header, sizeof header);
  size_t w = 4;
  // Structs of at most kMaxElements elements, at most kMaxStructs of them: what fits in buf.
  constexpr unsigned kMaxStructs = 8, kMaxElements = 64;
  static_assert(4 + kMaxStructs * (kMaxElements + 2 + 15) + 64 * 2 <= sizeof buf);
  const ffi_type* structs[kMaxStructs];
  uint16_t opens[kMaxStructs];  // where each struct's key starts
  unsigned nstructs = 0;
  // One type, as the full walk writes it: a predefined scalar's kind; a struct met before as a
  // reference; a new struct of predefined scalars whose layout is filled in (the state after its
  // first preparation) with its elements' kinds and its layout. False for anything else (nested,
  // fresh, a null, void or size-0 element, too many structs or elements: the full walk then
  // decides).
  auto append = [&](ffi_type* t) {
    for (unsigned j = 0; j < nstructs; ++j) {
      if (structs[j] == t) {
        static_assert(kMaxStructs < 0x80, "a reference is two bytes (one varint byte)");
        buf[w] = kKeyRef;
        buf[w + 1] = uint8_t(j);
        w += 2;
        return true;
      }
    }
    if (!t) return false;
    const uint8_t k = kKindOfCode[t->type];
    if (k != kNotScalar) {
      if (t->size == 0) return false;  // (a scalar's size is never written by a preparation)
      buf[w++] = k;
      return true;
    }
    if (t->type != FFI_TYPE_STRUCT) return false;
    ffi_type** e = t->elements;
    const size_t size = loadSize(t);
    if (nstructs == kMaxStructs || !e || !*e || size == 0) return false;
    opens[nstructs] = uint16_t(w);
    structs[nstructs++] = t;
    uint8_t* const kinds = buf + w + 1;
    buf[w] = kKeyOpen;
    unsigned i = 0;
    for (ffi_type* el; (el = e[i]) != nullptr; ++i) {
      const uint8_t ek = kKindOfCode[el->type];
      // (kVoid is 0 and kNotScalar 0xff: both in one unsigned compare.)
      static_assert(uint8_t(TypeKind::kVoid) == 0 && kNotScalar == 0xff);
      if (uint8_t(ek - 1) >= 0xfe || el->size == 0 || i == kMaxElements) return false;
      kinds[i] = ek;
    }
    w += 1 + i;
    buf[w++] = kKeyClose;
    // The layout as given, guessed to be the natural one (kKeyOpen; markGivenLayouts below when
    // the guess misses): a layout the walk refuses is in no key, so the lookup misses and the
    // walk then says why. An alignment of 0 means the natural one (the largest element's, as the
    // walk works it out).
    Layout given{size, loadAlign(t)};
    if (__builtin_expect(given.align == 0, 0)) given.align = naturalLayout(abi, kinds, i).align;
    RawKey key{buf + w};
    keyLayout(key, given);
    w = size_t(key.w - buf);
    return true;
  };
  if (!append(rtype)) return nullptr;
  for (unsigned i = 0; i < ntotal; ++i) {
    if (!append(atypes[i])) return nullptr;
  }
  if (nstructs == 0) return nullptr;  // scalars only: hitScalars's to decide
  const size_t len = padKey(buf, w);
  if (const CallInterface* ci = InterfaceCache::instance().find(buf, len, hashKey(buf, len))) return ci;
  if (!markGivenLayouts(abi, buf, opens, nstructs)) return nullptr;
  return InterfaceCache::instance().find(buf, len, hashKey(buf, len));
}

const CallInterface* hitStructs(int abi, bool variadic, unsigned nfixed, unsigned ntotal, ffi_type* rtype,
                                ffi_type** atypes) {
  if (!rtype || !validFfiAbi(abi) || (ntotal | nfixed) >= 64 || (ntotal && !atypes)) return nullptr;
  if (variadic && nfixed > ntotal) return nullptr;
  return structHit(abi, variadic, nfixed, ntotal, rtype, atypes);
}

}  // namespace jitffi::internal

namespace {

void fillCif(ffi_cif* cif, int abi, unsigned ntotal, ffi_type* rtype, ffi_type** atypes, const CallInterface* ci) {
  cif->abi = ffi_abi(abi);
  cif->nargs = ntotal;
  cif->arg_types = atypes;
  cif->rtype = rtype;
  setInterface(cif, ci);
}

// What the short hit does not decide, out of line (outOfLine: so that the short hit saves no
// register and reaches them with a jump): signatures with structs (prepAfterStruct: the struct
// hit, straight from where a hit met the struct), more than kWordKeyArgs scalar arguments
// (prepLong: the key in a buffer), keys not in their first slot and anything the hits doubt
// (prepAfterScalars: hitScalars and hitStructs); then the full preparation.
__attribute__((always_inline)) inline ffi_status prepRest(ffi_cif* cif, int abi, bool variadic, unsigned nfixed,
                                                          unsigned ntotal, ffi_type* rtype, ffi_type** atypes,
                                                          bool scalars) {
  if (cif) {
    // (The struct hit inlined where a scalar hit met a struct.)
    const CallInterface* ci = scalars ? hitScalars(abi, variadic, nfixed, ntotal, rtype, atypes) : nullptr;
    if (!ci) ci = scalars ? hitStructs(abi, variadic, nfixed, ntotal, rtype, atypes)
                          : structHit(abi, variadic, nfixed, ntotal, rtype, atypes);
    if (ci) {
      fillCif(cif, abi, ntotal, rtype, atypes, ci);
      return FFI_OK;
    }
  }
  return prepCif(cif, abi, variadic, nfixed, ntotal, rtype, atypes);
}
__attribute__((always_inline)) inline ffi_status prepAfterScalars(ffi_cif* cif, int abi, bool variadic, unsigned nfixed,
                                                                  unsigned ntotal, ffi_type* rtype, ffi_type** atypes) {
  return prepRest(cif, abi, variadic, nfixed, ntotal, rtype, atypes, true);
}
__attribute__((always_inline)) inline ffi_status prepAfterStruct(ffi_cif* cif, int abi, bool variadic, unsigned nfixed,
                                                                 unsigned ntotal, ffi_type* rtype, ffi_type** atypes) {
  return prepRest(cif, abi, variadic, nfixed, ntotal, rtype, atypes, false);
}

// A preparation path out of line, in its two variants (ffi_prep_cif's, ffi_prep_cif_var's) of at
// most six arguments; outOfLine picks the one.
using PrepPath = ffi_status (*)(ffi_cif*, int, bool, unsigned, unsigned, ffi_type*, ffi_type**);
template <PrepPath kPath>
__attribute__((noinline)) ffi_status outOfLineFixed(ffi_cif* cif, int abi, unsigned n, ffi_type* rtype,
                                                    ffi_type** atypes) {
  return kPath(cif, abi, false, n, n, rtype, atypes);
}
template <PrepPath kPath>
__attribute__((noinline)) ffi_status outOfLineVariadic(ffi_cif* cif, int abi, unsigned nfixed, unsigned ntotal,
                                                       ffi_type* rtype, ffi_type** atypes) {
  return kPath(cif, abi, true, nfixed, ntotal, rtype, atypes);
}
template <PrepPath kPath>
__attribute__((always_inline)) inline ffi_status outOfLine(ffi_cif* cif, int abi, bool variadic, unsigned nfixed,
                                                           unsigned ntotal, ffi_type* rtype, ffi_type** atypes) {
  return variadic ? outOfLineVariadic<kPath>(cif, abi, nfixed, ntotal, rtype, atypes)
                  : outOfLineFixed<kPath>(cif, abi, ntotal, rtype, atypes);
}

// ffi_prep_cif's short hit when its key did not sit in its first slot: the rest of the probe
// (its key passed on, six arguments), then the rest.
__attribute__((noinline)) ffi_status prepWordFixed(ffi_cif* cif, int abi, unsigned n, ffi_type* rtype,
                                                   ffi_type** atypes, uint64_t word) {
  if (cif) {
    if (const CallInterface* ci = InterfaceCache::instance().findWord(word)) {
      fillCif(cif, abi, n, rtype, atypes, ci);
      return FFI_OK;
    }
  }
  return outOfLineFixed<prepAfterScalars>(cif, abi, n, rtype, atypes);
}

// Where a hit did not decide: the struct hit if it met a struct, else the rest.
__attribute__((always_inline)) inline ffi_status prepUndecided(ffi_cif* cif, int abi, bool variadic, unsigned nfixed,
                                                               unsigned ntotal, ffi_type* rtype, ffi_type** atypes,
                                                               bool structs) {
  return structs ? outOfLine<prepAfterStruct>(cif, abi, variadic, nfixed, ntotal, rtype, atypes)
                 : outOfLine<prepAfterScalars>(cif, abi, variadic, nfixed, ntotal, rtype, atypes);
}

__attribute__((always_inline)) inline ffi_status prepLong(ffi_cif* cif, int abi, bool variadic, unsigned nfixed,
                                                          unsigned ntotal, ffi_type* rtype, ffi_type** atypes) {
  bool structs = false;
  const CallInterface* ci = scalarHitBuffered(abi, variadic, nfixed, ntotal, rtype, atypes, structs);
  if (__builtin_expect(ci == nullptr || cif == nullptr, 0)) {
    return prepUndecided(cif, abi, variadic, nfixed, ntotal, rtype, atypes, structs);
  }
  fillCif(cif, abi, ntotal, rtype, atypes, ci);
  return FFI_OK;
}
__attribute__((always_inline)) inline ffi_status prep(ffi_cif* cif, int abi, bool variadic, unsigned nfixed,
                                                      unsigned ntotal, ffi_type* rtype, ffi_type** atypes) {
  if (ntotal > kWordKeyArgs) return outOfLine<prepLong>(cif, abi, variadic, nfixed, ntotal, rtype, atypes);
  uint64_t word;
  bool structs = false;
  if (!shortKeyWord(abi, variadic, nfixed, ntotal, rtype, atypes, word, structs)) {
    return prepUndecided(cif, abi, variadic, nfixed, ntotal, rtype, atypes, structs);
  }
  const CallInterface* ci = InterfaceCache::instance().findWordAtHome(word);
  if (__builtin_expect(ci == nullptr || cif == nullptr, 0)) {
    return variadic ? outOfLineVariadic<prepAfterScalars>(cif, abi, nfixed, ntotal, rtype, atypes)
                    : prepWordFixed(cif, abi, ntotal, rtype, atypes, word);
  }
  fillCif(cif, abi, ntotal, rtype, atypes, ci);
  return FFI_OK;
}

// jitffi_call_errno before the cif's interface knows its errno interface: makes it; if it cannot
// (out of memory), the same call with errno handled here.
__attribute__((noinline)) int callErrnoFirstTime(const CallInterface* ci, void (*fn)(void), void* rvalue,
                                                 void** avalue, int errnoBefore) {
  if (const CallInterface* e = makeErrnoSibling(ci)) return callInterfaceErrno(e, fn, rvalue, avalue, errnoBefore);
  errno = errnoBefore;
  callInterface(ci, fn, rvalue, avalue);
  return errno;
}

}  // namespace


// ---- the C functions -------------------------------------------------------------------------

extern "C" {

ffi_status ffi_prep_cif(ffi_cif* cif, ffi_abi abi, unsigned int nargs, ffi_type* rtype,
                        ffi_type** atypes) {
  return prep(cif, abiValue(abi), false, nargs, nargs, rtype, atypes);
}

ffi_status ffi_prep_cif_var(ffi_cif* cif, ffi_abi abi, unsigned int nfixedargs,
                            unsigned int ntotalargs, ffi_type* rtype, ffi_type** atypes) {
  return prep(cif, abiValue(abi), true, nfixedargs, ntotalargs, rtype, atypes);
}

void ffi_call(ffi_cif* cif, void (*fn)(void), void* rvalue, void** avalue) {
  // A cif whose preparation failed holds the inert interface: the call does nothing.
  callInterface(interfaceOf(cif), fn, rvalue, avalue);
}

int jitffi_call_errno(ffi_cif* cif, void (*fn)(void), void* rvalue, void** avalue, int errno_before) {
  // The errno interface of the cif's: one load once it is made; every other path is a tail call,
  // so this one needs no frame.
  const CallInterface* ci = interfaceOf(cif);
  const CallInterface* e = CallInterface::Internal::errnoSibling(ci).load(std::memory_order_acquire);
  if (__builtin_expect(e == nullptr, 0)) return callErrnoFirstTime(ci, fn, rvalue, avalue, errno_before);
  return callInterfaceErrno(e, fn, rvalue, avalue, errno_before);
}

ffi_status ffi_get_struct_offsets(ffi_abi abi, ffi_type* struct_type, size_t* offsets) {
  bool abiOk;
  const Abi jabi = abiFromFfi(abiValue(abi), abiOk);
  if (!abiOk) return FFI_BAD_ABI;
  if (!struct_type || (struct_type->type != FFI_TYPE_STRUCT && struct_type->type != JITFFI_TYPE_RECORD)) {
    return FFI_BAD_TYPEDEF;
  }
  return statusOrOutOfMemory([&] {
    FfiTypeWalker walker(jabi, nullptr);
    walker.setOffsets(offsets);
    walker.setOverwrite(true);
    Layout l;
    return walker.walk(struct_type, l);
  });
}

}  // extern "C"
