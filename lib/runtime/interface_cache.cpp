// SPDX-License-Identifier: MIT
// The interface cache (design notes in interface_cache_p.h).
#include "interface_cache_p.h"

#include <new>

#include "arena_p.h"
#include "runtime_p.h"

namespace jitffi::internal {

int64_t StructNumbers::findOrAdd(const void* node) {
  const uint32_t inl = count_ < kInline ? count_ : kInline;
  for (uint32_t i = 0; i < inl; ++i) {
    if (inline_[i] == node) return i;
  }
  if (count_ >= kInline) {
    auto [it, added] = more_.try_emplace(node, count_);
    if (!added) return it->second;
  } else {
    inline_[count_] = node;
  }
  ++count_;
  return -1;
}

namespace {

void appendKeyType(KeyBytes& key, const Type& type, Abi abi, StructNumbers& structs) {
  switch (type.kind()) {
    case TypeKind::kStruct: {
      if (const int64_t n = structs.findOrAdd(type.identity()); n >= 0) return keyRef(key, uint32_t(n));
      if (type.isRecord()) {
        keyRecord(key, type);
      } else {
        key.push(type.hasExplicitLayout() ? kKeyOpenSized : kKeyOpen);
      }
      const auto fields = type.fields();
      for (size_t i = 0; i < fields.size(); ++i) {
        if (type.isRecord()) keyRecordMember(key, type, i);
        appendKeyType(key, fields[i], abi, structs);
      }
      key.push(kKeyClose);
      keyLayout(key, type.layout(abi));
      return;
    }
    case TypeKind::kArray:
      keyArray(key, type.arrayLength());
      return appendKeyType(key, type.element(), abi, structs);
    case TypeKind::kVector: return keyVector(key, type.element().kind(), type.arrayLength());
    default: return keyScalar(key, type.kind());
  }
}

}  // namespace

void makeKey(KeyBytes& key, const Signature& sig, Abi abi, CallOptions options) {
  keyHeader(key, abi, sig.variadic, sig.fixedCount, uint32_t(sig.args.size()), options);
  StructNumbers structs;
  appendKeyType(key, sig.ret, abi, structs);
  for (const Type& t : sig.args) appendKeyType(key, t, abi, structs);
  finishKey(key);
}

const InterfaceCache::Entry InterfaceCache::kEmpty{~uint64_t{0}, 0, 0, 0, 0, nullptr, nullptr};

InterfaceCache::Slot* InterfaceCache::makeTable(size_t capacity) {
  // (capacity: a power of two, at least 2)
  void* mem = ::operator new(sizeof(TableHead) + capacity * sizeof(Slot));
  new (mem) TableHead{size_t(__builtin_clzll(capacity) + 1), capacity - 1};
  auto* slots = reinterpret_cast<Slot*>(static_cast<TableHead*>(mem) + 1);
  for (size_t i = 0; i < capacity; ++i) new (&slots[i]) Slot(&kEmpty);
  return slots;
}

std::atomic<InterfaceCache::Slot*> InterfaceCache::table_{nullptr};

// Created during static initialization of the library, before any user code can call in.
InterfaceCache* const InterfaceCache::instance_ = new InterfaceCache();

InterfaceCache::InterfaceCache() { table_.store(makeTable(64), std::memory_order_release); }

void InterfaceCache::growLocked() {
  Slot* slots = table_.load(std::memory_order_relaxed);
  const size_t mask = maskOf(slots);
  if ((count_ + 1) * 4 > mask + 1) {
    // Grow at a quarter full (most keys then sit in their first slot, which is all the hit of
    // ffi_prep_cif looks at before going out of line): copy every entry into a table twice the
    // size, publish it, keep the old one alive.
    retired_.reserve(retired_.size() + 1);  // (what can throw, before anything changes)
    Slot* bigger = makeTable((mask + 1) * 2);
    const size_t bigMask = maskOf(bigger);
    for (size_t i = 0; i <= mask; ++i) {
      const Entry* old = slots[i].load(std::memory_order_relaxed);
      if (old == &kEmpty) continue;
      size_t j = probeStart(old->hash, bigger);
      while (bigger[j].load(std::memory_order_relaxed) != &kEmpty) j = (j + 1) & bigMask;
      bigger[j].store(old, std::memory_order_relaxed);
    }
    table_.store(bigger, std::memory_order_release);
    retired_.push_back(slots);
  }
}

void InterfaceCache::insertLocked(const Entry* e) noexcept {
  Slot* const slots = table_.load(std::memory_order_relaxed);
  const size_t mask = maskOf(slots);
  size_t j = probeStart(e->hash, slots);
  while (slots[j].load(std::memory_order_relaxed) != &kEmpty) j = (j + 1) & mask;
  slots[j].store(e, std::memory_order_release);
  ++count_;
}

Result<const CallInterface*> InterfaceCache::findOrBuild(const KeyBytes& key, uint64_t hash,
                                                         const Signature& sig, Abi abi, CallOptions options) {
  std::lock_guard<std::mutex> g(mu_);
  if (const CallInterface* ci = find(key, hash)) return ci;
  // The table's growth first: out of memory there, nothing is built. The entry's block comes
  // after the build, since a signature the build refuses (bad input, any number of times) must
  // take nothing that is never given back; out of memory for that block alone (an arena chunk of
  // 256 KiB not mapped), the interface just built stays unreachable, its code and unwind table
  // with it.
  growLocked();
  auto built = buildInterface(sig, abi, options);
  if (!built) return built.error();
  const uint8_t* const k = key.data();
  const size_t n = key.size();
  const size_t kept = n > kInlineKey ? n : 0;  // (a padded length: a multiple of 8)
  static_assert(sizeof(Entry) % 8 == 0, "the key after the entry is 8-aligned");
  void* mem = Arena::instance().allocOrThrow(sizeof(Entry) + kept, alignof(Entry));
  uint8_t* copy = kept ? static_cast<uint8_t*>(mem) + sizeof(Entry) : nullptr;
  if (copy) std::memcpy(copy, k, n);
  auto* e = new (mem) Entry{loadAligned<uint64_t>(k), n > 16 ? loadAligned<uint64_t>(k + 8) : 0, loadAligned<uint64_t>(k + n - 8), hash, n, *built, copy};
  insertLocked(e);
  return *built;
}

size_t InterfaceCache::size() const {
  std::lock_guard<std::mutex> g(mu_);
  return count_;
}

}  // namespace jitffi::internal
