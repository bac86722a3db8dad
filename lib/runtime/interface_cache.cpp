// SPDX-License-Identifier: MIT
// The interface cache (design notes in interface_cache_p.h).
#include "interface_cache_p.h"

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

void appendKeyType(KeyBytes& key, const Type& type, StructNumbers& structs) {
  switch (type.kind()) {
    case TypeKind::kStruct: {
      if (const int64_t n = structs.findOrAdd(type.identity()); n >= 0) return keyRef(key, uint32_t(n));
      key.push(type.hasExplicitLayout() ? kKeyOpenSized : kKeyOpen);
      for (const Type& f : type.fields()) appendKeyType(key, f, structs);
      key.push(kKeyClose);
      if (type.hasExplicitLayout()) keyExplicitLayout(key, type.layout(LongDoubleModel::kWide));
      return;
    }
    case TypeKind::kArray:
      keyArray(key, type.arrayLength());
      return appendKeyType(key, type.element(), structs);
    case TypeKind::kVector: return keyVector(key, type.element().kind(), type.arrayLength());
    default: return keyScalar(key, type.kind());
  }
}

}  // namespace

void makeKey(KeyBytes& key, const Signature& sig, Abi abi) {
  keyHeader(key, abi, sig.variadic, sig.fixedCount, uint32_t(sig.args.size()));
  StructNumbers structs;
  appendKeyType(key, sig.ret, structs);
  for (const Type& t : sig.args) appendKeyType(key, t, structs);
  finishKey(key);
}

namespace {
size_t probeStart(uint64_t hash, size_t mask) { return size_t(hash >> 7) & mask; }
}  // namespace

// Created during static initialization of the library, before any user code can call in.
InterfaceCache* const InterfaceCache::instance_ = new InterfaceCache();

InterfaceCache::InterfaceCache() {
  auto* t = new Table{63, new std::atomic<Entry*>[64]()};
  table_.store(t, std::memory_order_release);
}

void InterfaceCache::insertLocked(Entry* e) {
  Table* t = table_.load(std::memory_order_relaxed);
  if ((count_ + 1) * 2 > t->mask + 1) {
    // Grow: copy every entry into a table twice the size, publish it, keep the old one alive.
    const size_t cap = (t->mask + 1) * 2;
    auto* bigger = new Table{cap - 1, new std::atomic<Entry*>[cap]()};
    for (size_t i = 0; i <= t->mask; ++i) {
      Entry* old = t->slots[i].load(std::memory_order_relaxed);
      if (!old) continue;
      size_t j = probeStart(old->hash, bigger->mask);
      while (bigger->slots[j].load(std::memory_order_relaxed)) j = (j + 1) & bigger->mask;
      bigger->slots[j].store(old, std::memory_order_relaxed);
    }
    table_.store(bigger, std::memory_order_release);
    retired_.push_back(t);
    t = bigger;
  }
  size_t j = probeStart(e->hash, t->mask);
  while (t->slots[j].load(std::memory_order_relaxed)) j = (j + 1) & t->mask;
  t->slots[j].store(e, std::memory_order_release);
  ++count_;
}

Result<const CallInterface*> InterfaceCache::findOrBuild(const KeyBytes& key, uint64_t hash,
                                                         const Signature& sig, Abi abi) {
  std::lock_guard<std::mutex> g(mu_);
  if (const CallInterface* ci = find(key, hash)) return ci;
  auto built = buildInterface(sig, abi);
  if (!built) return built.error();
  auto* e = new Entry{hash, key.size(), *built, std::vector<uint8_t>(key.data(), key.data() + key.size())};
  insertLocked(e);
  return *built;
}

size_t InterfaceCache::size() const {
  std::lock_guard<std::mutex> g(mu_);
  return count_;
}

}  // namespace jitffi::internal
