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

#include "jitffi/call.h"

namespace jitffi::internal {

// ---- the key encoding ---------------------------------------------------------------------------
//
//   key     := header type(return value) type(argument)* padding
//   header  := abi:u8 variadic:u8 fixedCount:varint argCount:varint
//   type    := kind:u8                                          a scalar: its TypeKind (< 0x40)
//            | kKeyOpen type* kKeyClose                         a struct, natural layout
//            | kKeyOpenSized type* kKeyClose size:varint align:varint
//                                                               a struct, explicit layout
//            | kKeyRef n:varint                                 struct number n again
//            | kKeyArray count:varint type                      an array member
//            | kKeyVector lane:u8 count:varint                  a vector (lane: a TypeKind)
//   padding := 0x00* up to kMinKey bytes
//   varint  := little-endian base-128 (LEB128)
//
// Structs are numbered from 0 in the order their opening markers are written. A walk writes a
// struct in full the first time it meets the struct's node (a Type node, an ffi_type object)
// and as kKeyRef every later time, so a key is linear in the size of the description however
// the description shares sub-structs. Every type is self-delimiting and the header counts them,
// so a key decodes to exactly one signature (padding aside): two different signatures never
// share a key. The same signature described with different sharing may get two keys (and two
// interfaces); the C API's hit paths reproduce the full walk's bytes exactly for the shapes they
// accept (scalars; flat structs of scalars, repeated ones as references).
inline constexpr uint8_t kKeyOpen = 0x40;
inline constexpr uint8_t kKeyClose = 0x41;
inline constexpr uint8_t kKeyOpenSized = 0x42;
inline constexpr uint8_t kKeyRef = 0x43;
inline constexpr uint8_t kKeyArray = 0x44;
inline constexpr uint8_t kKeyVector = 0x45;
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
inline void keyHeader(Out& key, Abi abi, bool variadic, uint32_t fixedCount, uint32_t argCount) {
  key.push(uint8_t(abi));
  key.push(variadic ? 1 : 0);
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
// After a struct's kKeyClose, when it was opened with kKeyOpenSized.
template <class Out>
inline void keyExplicitLayout(Out& key, Layout layout) {
  keyVarint(key, layout.size);
  keyVarint(key, layout.align);
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

// Keys are padded with zero bytes to at least kMinKey bytes (finishKey), so hashing and
// comparing are whole 8-byte words (the last one overlapping the previous).
inline constexpr size_t kMinKey = 8;

inline uint64_t load64(const uint8_t* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

inline uint64_t hashKey(const uint8_t* p, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  auto mix = [&h](uint64_t w) {
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  };
  if (n <= 16) {  // up to 11 scalar arguments: two words, straight-line
    mix(load64(p));
    mix(load64(p + n - 8));
    return h;
  }
  size_t i = 0;
  for (; i + 8 <= n; i += 8) mix(load64(p + i));
  if (i < n) mix(load64(p + n - 8));
  return h;
}

inline bool sameKey(const uint8_t* a, const uint8_t* b, size_t n) {
  if (n <= 16) {
    return ((load64(a) ^ load64(b)) | (load64(a + n - 8) ^ load64(b + n - 8))) == 0;
  }
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    if (load64(a + i) != load64(b + i)) return false;
  }
  return i == n || load64(a + n - 8) == load64(b + n - 8);
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
  const uint8_t* data() const { return len_ <= kInline ? inline_ : heap_.data(); }
  size_t size() const { return len_; }
  uint64_t hash() const { return hashKey(data(), size()); }

 private:
  static constexpr size_t kInline = 128;
  void spill(uint8_t b) {
    if (heap_.empty()) heap_.assign(inline_, inline_ + kInline);
    heap_.push_back(b);
  }
  uint8_t inline_[kInline];
  size_t len_ = 0;
  std::vector<uint8_t> heap_;
};

// Pads a complete key to kMinKey bytes.
inline void finishKey(KeyBytes& key) {
  while (key.size() < kMinKey) key.push(0);
}
// The key of a Signature (the C++ API).
void makeKey(KeyBytes& key, const Signature& sig, Abi abi);

class InterfaceCache {
 public:
  static InterfaceCache& instance() { return *instance_; }  // never destroyed

  // Lock-free lookup.
  const CallInterface* find(const uint8_t* key, size_t len, uint64_t hash) const {
    const Table* t = table_.load(std::memory_order_acquire);
    for (size_t i = size_t(hash >> 7) & t->mask;; i = (i + 1) & t->mask) {
      const Entry* e = t->slots[i].load(std::memory_order_acquire);
      if (!e) return nullptr;
      if (e->hash == hash && e->keyLen == len && sameKey(e->key.data(), key, len)) return e->value;
    }
  }
  const CallInterface* find(const KeyBytes& key, uint64_t hash) const {
    return find(key.data(), key.size(), hash);
  }
  // Returns the cached interface for the key, or builds it with `sig` (classify + compile) and
  // caches it. Thread-safe; the build happens once.
  Result<const CallInterface*> findOrBuild(const KeyBytes& key, uint64_t hash, const Signature& sig,
                                           Abi abi);
  // Interfaces in the cache (for tests and the CLI).
  size_t size() const;
  // The build lock, for other one-time builds hanging off an interface (slot stubs, closure
  // entries).
  std::mutex& buildMutex() { return mu_; }

 private:
  struct Entry {
    uint64_t hash;
    size_t keyLen;
    const CallInterface* value;
    std::vector<uint8_t> key;
  };
  struct Table {
    size_t mask;
    std::atomic<Entry*>* slots;
  };
  InterfaceCache();
  void insertLocked(Entry* e);

  static InterfaceCache* const instance_;
  std::atomic<Table*> table_;
  mutable std::mutex mu_;
  size_t count_ = 0;
  std::vector<Table*> retired_;
};

}  // namespace jitffi::internal
