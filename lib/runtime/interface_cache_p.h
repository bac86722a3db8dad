// SPDX-License-Identifier: MIT
// The interface cache: canonical signature key → CallInterface, built once, shared, immutable.
//
// Keys are compact bytes: [abi][variadic][fixedCount varint][argCount varint] then the return
// type and each argument type, a scalar as its TypeKind byte and a struct as kKeyOpen, its
// fields, kKeyClose (an explicit layout: kKeyOpenSized, fields, kKeyClose, varint size, varint
// align), padded with zeros to at least 8 bytes. The C++ API (from a Signature) and the C API (straight from ffi_type
// graphs, without building a Signature) produce the same bytes, so they share interfaces.
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
#include <vector>

#include "jitffi/call.h"

namespace jitffi::internal {

inline constexpr uint8_t kKeyOpen = 0x40;
inline constexpr uint8_t kKeyClose = 0x41;
inline constexpr uint8_t kKeyOpenSized = 0x42;  // its kKeyClose is followed by size, align

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
  void pushVarint(uint64_t v) {
    while (v >= 0x80) {
      push(uint8_t(v | 0x80));
      v >>= 7;
    }
    push(uint8_t(v));
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

// Key header bytes: [abi][variadic][fixedCount varint][argCount varint].
void appendKeyHeader(KeyBytes& key, Abi abi, bool variadic, uint32_t fixedCount, uint32_t argCount);
// Pads a complete key to kMinKey bytes.
inline void finishKey(KeyBytes& key) {
  while (key.size() < kMinKey) key.push(0);
}
void appendKeyType(KeyBytes& key, const Type& type);
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
