// SPDX-License-Identifier: MIT
// The interface cache: signature key → CallInterface, built once, shared, immutable.
//
// Keys are compact bytes whose encoding is stated once, below ("the key encoding"), and written
// through the helpers next to it by every path: the C++ API (from a Signature), the C API's full
// preparation (straight from an ffi_type graph, without building a Signature) and its two cache
// hits (from predefined type codes in a register-sized buffer).
//
// Lookups take no lock: the table is an array of atomic entry pointers published with release
// stores; entries are never removed; a full table is replaced by a larger copy (the old one is
// kept, readers may still be in it). Inserts take a mutex, and an interface is built under it,
// so racing threads build a signature once.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "../emit/aligned_p.h"
#include "jitffi/call.h"

namespace jitffi::internal {

// ---- the key encoding ---------------------------------------------------------------------------
//
//   key     := header type(return value) type(argument)* padding
//   header  := abi:u8 flags:u8 fixedCount:varint argCount:varint
//   flags   := variadic (bit 0) | ErrnoMode << 1               the call options (plan.h)
//   type    := kind:u8                                          a scalar: its TypeKind (< 0x40)
//            | kKeyOpen type* kKeyClose size:varint align:varint
//                                                               a struct, its natural layout
//                                                               under the key's ABI
//            | kKeyOpenSized type* kKeyClose size:varint align:varint
//                                                               a struct, its layout given
//                                                               (Type::hasExplicitLayout)
//            | kKeyRef n:varint                                 struct number n again
//            | kKeyArray count:varint type                      an array member
//            | kKeyVector lane:u8 count:varint                  a vector (lane: a TypeKind)
//            | kKeyRecord union:u8 pack:u8 member* kKeyClose size:varint align:varint
//                                                               a record (Type::record), its layout
//   member  := type | kKeyBitField bits:varint type | kKeyAt offset:varint type
//   padding := 0x00* up to kMinKey bytes
//   varint  := little-endian base-128 (LEB128)
//
// Structs and records are numbered from 0 in the order their opening markers are written. A walk writes a
// struct in full the first time it meets the struct's node (a Type node, an ffi_type object)
// and as kKeyRef every later time, so a key is linear in the size of the description however
// the description shares sub-structs. Every type is self-delimiting and the header counts them,
// so a key decodes to exactly one signature (padding aside): two different signatures never
// share a key. A struct's layout follows its closing marker even when it is the natural one, so
// that the C API's struct hit can write the layout an ffi_type holds before it knows whether it
// is the natural one (it guesses so; prep_hit_p.h). A layout given explicitly keeps a marker of
// its own even when it equals the natural one: classification treats its members as placed by
// the caller (classify_common.cpp), which can pass the struct differently. The same signature described with different sharing may get two keys (and two
// interfaces); the C API's hit paths reproduce the full walk's bytes exactly for the shapes they
// accept (scalars; flat structs of scalars, repeated ones as references).
inline constexpr uint8_t kKeyOpen = 0x40;
inline constexpr uint8_t kKeyClose = 0x41;
inline constexpr uint8_t kKeyOpenSized = 0x42;
inline constexpr uint8_t kKeyRef = 0x43;
inline constexpr uint8_t kKeyArray = 0x44;
inline constexpr uint8_t kKeyVector = 0x45;
inline constexpr uint8_t kKeyRecord = 0x46;
inline constexpr uint8_t kKeyBitField = 0x47;
inline constexpr uint8_t kKeyAt = 0x48;
static_assert(kTypeKindCount < kKeyOpen, "scalar kinds are single bytes below the markers");

// A key being written into a caller's buffer (the hit paths); KeyBytes (below) is the other sink.
struct RawKey {
  uint8_t* w;
  void push(uint8_t b) { *w++ = b; }
};

template <class Out>
inline void keyVarint(Out& key, uint64_t v) {
  while (v >= 0x80) {
    key.push(uint8_t(v | 0x80));
    v >>= 7;
  }
  key.push(uint8_t(v));
}
template <class Out>
inline void keyHeader(Out& key, Abi abi, bool variadic, uint32_t fixedCount, uint32_t argCount,
                      CallOptions options = {}) {
  key.push(uint8_t(abi));
  key.push(uint8_t((variadic ? 1 : 0) | uint8_t(options.errnoMode) << 1));
  keyVarint(key, fixedCount);
  keyVarint(key, argCount);
}
template <class Out>
inline void keyScalar(Out& key, TypeKind kind) {
  key.push(uint8_t(kind));
}
template <class Out>
inline void keyRef(Out& key, uint32_t structNumber) {
  key.push(kKeyRef);
  keyVarint(key, structNumber);
}
// After a struct's kKeyClose: its layout.
template <class Out>
inline void keyLayout(Out& key, Layout layout) {
  keyVarint(key, layout.size);
  keyVarint(key, layout.align);
}
// A record's opening (its members follow, then kKeyClose), and what precedes a member's type.
template <class Out>
inline void keyRecord(Out& key, const Type& record) {
  key.push(kKeyRecord);
  key.push(record.isUnion() ? 1 : 0);
  key.push(uint8_t(record.pack()));
}
template <class Out>
inline void keyRecordMember(Out& key, const Type& record, size_t i) {
  if (const uint32_t bits = record.fieldBits(i); bits != Field::kNoBits) {
    key.push(kKeyBitField);
    keyVarint(key, bits);
  } else if (const uint64_t at = record.fieldGivenOffset(i); at != Field::kNextOffset) {
    key.push(kKeyAt);
    keyVarint(key, at);
  }
}
template <class Out>
inline void keyArray(Out& key, uint64_t count) {
  key.push(kKeyArray);
  keyVarint(key, count);
}
template <class Out>
inline void keyVector(Out& key, TypeKind lane, uint64_t count) {
  key.push(kKeyVector);
  key.push(uint8_t(lane));
  keyVarint(key, count);
}

// Struct numbers by node identity, for kKeyRef: a few inline entries searched linearly, a hash
// table past them.
class StructNumbers {
 public:
  // The number of `node` if it was numbered already, else -1 after numbering it.
  int64_t findOrAdd(const void* node);
  uint32_t count() const { return count_; }

 private:
  static constexpr uint32_t kInline = 16;
  const void* inline_[kInline];
  uint32_t count_ = 0;
  std::unordered_map<const void*, uint32_t> more_;
};

// Keys are padded with zero bytes to a whole number of 8-byte words (at least one: kMinKey) and
// kept 8-aligned (finishKey, KeyBytes, the hits' buffers), so hashing and comparing load whole
// aligned words: one load each also where unaligned ones are split into bytes (RISC-V: gcc 12
// copies an 8-byte value of unknown alignment byte by byte). The padding loses nothing: keys are
// self-delimiting (no key is a prefix of another), so two keys padded alike were equal.
inline constexpr size_t kMinKey = 8;
inline constexpr size_t paddedKeyLength(size_t n) { return n <= kMinKey ? kMinKey : (n + 7) & ~size_t{7}; }

// The bytes [n, paddedKeyLength(n)) of an 8-aligned key buffer set to zero, with one load and
// one store (n ≥ 1: a key has its header); returns the padded length.
inline size_t padKey(uint8_t* key, size_t n) {
  const size_t len = paddedKeyLength(n);
  if (const size_t used = n & 7; used != 0) {
    uint8_t* last = key + (n & ~size_t{7});
    const uint64_t w = loadAligned<uint64_t>(last) & ((uint64_t{1} << (8 * used)) - 1);  // (little-endian)
    storeAligned(last, w);
  }
  return len;
}

// A key of at most kWordKeyArgs scalar arguments, with counts below 0x80 (one varint byte each),
// is one word: the header's 4 bytes, the return value's kind, the arguments' kinds from byte
// kWordKeyArgOffset, zero padding. keyWord gives the word up to the arguments' kinds, for a
// caller that keeps the key in a register (ffi_prep_cif's hit) and ORs the kinds in;
// keyHeaderWord the header alone (4 bytes). abiByte is the Abi's value (keyHeader's first byte),
// counts below 0x80.
inline constexpr unsigned kWordKeyArgOffset = 5;
inline constexpr unsigned kWordKeyArgs = kMinKey - kWordKeyArgOffset;
inline uint32_t keyHeaderWord(uint32_t abiByte, bool variadic, uint32_t fixedCount, uint32_t argCount) {
  // keyHeader's bytes, little-endian (prep_hit_test checks them against those). Products and sums
  // rather than shifts and ors: equal counts (every ffi_prep_cif) then take one multiplication.
  return abiByte + uint32_t(variadic) * 0x100u + fixedCount * 0x10000u + argCount * 0x1000000u;
}
inline uint64_t keyWord(uint32_t abiByte, bool variadic, uint32_t fixedCount, uint32_t argCount, TypeKind ret) {
  const uint32_t counts = keyHeaderWord(0, variadic, fixedCount, argCount);
  return (uint64_t(uint8_t(ret)) << 32) + uint64_t(counts) + uint64_t(abiByte);
}

inline constexpr uint64_t kHashMultiplier = 0xff51afd7ed558ccdull;

// Keys of up to kInlineKey bytes (signatures of up to 19 scalar arguments, and the usual ones
// with structs) are compared as words kept in their cache entries: the first, the second (beyond
// 16 bytes) and the last, with the length.
inline constexpr size_t kInlineKey = 24;

inline uint64_t hashKey(const uint8_t* p, size_t n) {
  // n: a padded length. Up to kInlineKey bytes, one multiplication per word, each added to the
  // previous product: the last product's top bits (the slot: probeStart) depend on every bit of
  // every word. (Keys of different lengths with the same words meet in a slot; the lookup
  // compares lengths.)
  if (n == kMinKey) return loadAligned<uint64_t>(p) * kHashMultiplier;
  if (n == 16) return (loadAligned<uint64_t>(p) * kHashMultiplier + loadAligned<uint64_t>(p + 8)) * kHashMultiplier;
  if (n == kInlineKey) {
    return ((loadAligned<uint64_t>(p) * kHashMultiplier + loadAligned<uint64_t>(p + 8)) * kHashMultiplier + loadAligned<uint64_t>(p + 16)) * kHashMultiplier;
  }
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  for (size_t i = 0; i < n; i += 8) {
    h = (h ^ loadAligned<uint64_t>(p + i)) * kHashMultiplier;
    h ^= h >> 32;
  }
  return h;
}

// Keys longer than kInlineKey bytes (shorter ones are compared as the words their entries keep);
// n a padded length.
inline bool sameKey(const uint8_t* a, const uint8_t* b, size_t n) {
  for (size_t i = 0; i < n; i += 8) {
    if (loadAligned<uint64_t>(a + i) != loadAligned<uint64_t>(b + i)) return false;
  }
  return true;
}

// A byte string with inline storage for typical keys (no allocation on the fast path).
class KeyBytes {
 public:
  KeyBytes() = default;
  KeyBytes(const KeyBytes&) = delete;
  KeyBytes& operator=(const KeyBytes&) = delete;
  void push(uint8_t b) {
    if (len_ < kInline) inline_[len_] = b;
    else spill(b);
    ++len_;
  }
  void set(size_t i, uint8_t b) { (len_ <= kInline ? inline_[i] : heap_[i]) = b; }
  // (8-aligned: the inline bytes by alignas, the spilled ones by operator new's alignment.)
  const uint8_t* data() const { return len_ <= kInline ? inline_ : heap_.data(); }
  size_t size() const { return len_; }
  uint64_t hash() const { return hashKey(data(), size()); }

 private:
  static constexpr size_t kInline = 128;
  void spill(uint8_t b) {
    if (heap_.empty()) heap_.assign(inline_, inline_ + kInline);
    heap_.push_back(b);
  }
  alignas(8) uint8_t inline_[kInline];
  size_t len_ = 0;
  std::vector<uint8_t> heap_;
};

// Pads a complete key with zero bytes to its padded length.
inline void finishKey(KeyBytes& key) {
  while (key.size() != paddedKeyLength(key.size())) key.push(0);
}
// The key of a Signature and call options (the C++ API).
void makeKey(KeyBytes& key, const Signature& sig, Abi abi, CallOptions options);

// (Hidden explicitly: the hit path's loads of the static members are then direct, not through
// the GOT, from every translation unit.)
class __attribute__((visibility("hidden"))) InterfaceCache {
  struct Entry;
  using Slot = std::atomic<const Entry*>;

 public:
  static InterfaceCache& instance() { return *instance_; }  // never destroyed

  // Lock-free lookup.
  const CallInterface* find(const uint8_t* key, size_t len, uint64_t hash) const {
    if (len == kMinKey) return findWord(loadAligned<uint64_t>(key));
    const Slot* slots = table_.load(std::memory_order_acquire);
    const size_t mask = maskOf(slots);
    for (size_t i = probeStart(hash, slots);; i = (i + 1) & mask) {
      const Entry* e = slots[i].load(std::memory_order_acquire);
      if (sameInline(e, key, len) && (len <= kInlineKey || (e->hash == hash && sameKey(e->key, key, len)))) {
        return valueOf(e);
      }
      if (e == &kEmpty) return nullptr;
    }
  }
  const CallInterface* find(const KeyBytes& key, uint64_t hash) const {
    return find(key.data(), key.size(), hash);
  }
  // The lookup of a key of kMinKey bytes, given as its word (the hit of ffi_prep_cif for up to
  // three scalar arguments, which builds the key in a register). An entry whose first word is
  // the key's is that key's: keys are self-delimiting, so a longer key that began with these 8
  // bytes would have ended within them (see the key encoding), and no length or hash needs
  // comparing. (kEmpty's word matches no key.)
  const CallInterface* findWord(uint64_t word) const {
    const Slot* slots = table_.load(std::memory_order_acquire);
    const size_t mask = maskOf(slots);
    for (size_t i = probeStart(word * kHashMultiplier, slots);; i = (i + 1) & mask) {
      const Entry* e = slots[i].load(std::memory_order_acquire);
      if (e->head == word) return valueOf(e);
      if (e == &kEmpty) return nullptr;
    }
  }
  // findWord's first probe only: the interface when the key sits in the slot its hash picks (most
  // do: the table is kept at most a quarter full), null otherwise (findWord then decides). No
  // loop: what ffi_prep_cif inlines.
  const CallInterface* findWordAtHome(uint64_t word) const {
    const Slot* slots = table_.load(std::memory_order_acquire);
    const Entry* e = slots[probeStart(word * kHashMultiplier, slots)].load(std::memory_order_acquire);
    return e->head == word ? valueOf(e) : nullptr;
  }
  // Returns the cached interface for the key, or builds it with `sig` (classify + compile) and
  // caches it. Thread-safe; the build happens once.
  Result<const CallInterface*> findOrBuild(const KeyBytes& key, uint64_t hash, const Signature& sig,
                                           Abi abi, CallOptions options = {});
  // Interfaces in the cache (for tests and the CLI).
  size_t size() const;
  // The build lock, for other one-time builds hanging off an interface (slot stubs, closure
  // entries).
  std::mutex& buildMutex() { return mu_; }

 private:
  // In the process-lifetime arena (arena_p.h), with the whole key right after it when it is
  // longer than the entry keeps.
  struct Entry {
    // The key's first 8 bytes (findWord compares only these), its second 8 (keys of more than 16
    // bytes), its last 8: with the length, the whole of a key of up to kInlineKey bytes.
    uint64_t head, second, tail;
    uint64_t hash;
    size_t keyLen;
    const CallInterface* value;  // never null
    const uint8_t* key;  // the whole key when longer than kInlineKey bytes (8-aligned), else null
  };
  // An empty slot holds kEmpty, not null, so that a probe reads the head of whatever it finds
  // and tests for an empty slot only when that did not match: its head is all ones (a key's
  // first byte is its ABI, never 0xff) and its length 0 (no key's).
  static const Entry kEmpty;
  // Whether the words an entry keeps and its length match the key's (kEmpty's match no key).
  static bool sameInline(const Entry* e, const uint8_t* key, size_t len) {
    return e->head == loadAligned<uint64_t>(key) && e->tail == loadAligned<uint64_t>(key + len - 8) && e->keyLen == len &&
           (len <= 16 || e->second == loadAligned<uint64_t>(key + 8));
  }
  static const CallInterface* valueOf(const Entry* e) {
    if (e->value == nullptr) __builtin_unreachable();  // (the hit path then tests nothing)
    return e->value;
  }
  // A table is one allocation: its header (TableHead) followed by the slots; table_ points at the
  // first slot, so that the hit path indexes it directly and finds the header just before it.
  struct TableHead {
    size_t shift;  // 64 − log2(capacity)
    size_t mask;   // capacity − 1
  };
  static const TableHead& headOf(const Slot* slots) { return reinterpret_cast<const TableHead*>(slots)[-1]; }
  static size_t maskOf(const Slot* slots) { return headOf(slots).mask; }
  // The first slot a hash probes: its top bits (multiplicative hashing: the bits a product leaves
  // best mixed, each depending on every bit of a one-word key). A shift, not a byte reversal and
  // a mask: two instructions on every architecture (RISC-V without Zbb has no byte reversal; gcc
  // calls libgcc's __bswapdi2 for it, about 30 instructions on ffi_prep_cif's hit).
  static size_t probeStart(uint64_t hash, const Slot* slots) { return size_t(hash >> headOf(slots).shift); }
  static Slot* makeTable(size_t capacity);  // every slot empty
  InterfaceCache();
  // Makes room for one more entry (the table grown at a quarter full): may throw std::bad_alloc,
  // leaving the table as it was.
  void growLocked();
  // Inserts an entry, room made for it (growLocked).
  void insertLocked(const Entry* e) noexcept;

  static InterfaceCache* const instance_;
  // Static rather than a member (the cache is a singleton): the hit path reads it with one load.
  static std::atomic<Slot*> table_;
  mutable std::mutex mu_;
  size_t count_ = 0;
  std::vector<Slot*> retired_;
};

}  // namespace jitffi::internal
