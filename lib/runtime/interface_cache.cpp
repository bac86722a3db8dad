// The interface cache (design notes in interface_cache_p.h).
#include "interface_cache_p.h"

#include "runtime_p.h"

namespace jitffi::internal {

uint64_t KeyBytes::hash() const {
  const uint8_t* p = data();
  const size_t n = size();
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  auto mix = [&h](uint64_t w) {
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  };
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    mix(w);
  }
  if (i < n) {
    uint64_t w = 0;
    if (n >= 8) {
      std::memcpy(&w, p + n - 8, 8);  // the last 8 bytes, overlapping the previous word
    } else {
      for (size_t k = 0; k < n; ++k) w |= uint64_t(p[k]) << (8 * k);
    }
    mix(w);
  }
  return h;
}

void appendKeyHeader(KeyBytes& key, Abi abi, bool variadic, uint32_t fixedCount, uint32_t argCount) {
  key.push(uint8_t(abi));
  key.push(variadic ? 1 : 0);
  key.pushVarint(fixedCount);
  key.pushVarint(argCount);
}

void appendKeyType(KeyBytes& key, const Type& type) {
  if (!type.isStruct()) {
    key.push(uint8_t(type.kind()));
    return;
  }
  key.push(type.hasExplicitLayout() ? kKeyOpenSized : kKeyOpen);
  for (const Type& f : type.fields()) appendKeyType(key, f);
  key.push(kKeyClose);
  if (type.hasExplicitLayout()) {
    const Layout l = type.layout(LongDoubleModel::kWide);
    key.pushVarint(l.size);
    key.pushVarint(l.align);
  }
}

void makeKey(KeyBytes& key, const Signature& sig, Abi abi) {
  appendKeyHeader(key, abi, sig.variadic, sig.fixedCount, uint32_t(sig.args.size()));
  appendKeyType(key, sig.ret);
  for (const Type& t : sig.args) appendKeyType(key, t);
}

namespace {
size_t probeStart(uint64_t hash, size_t mask) { return size_t(hash >> 7) & mask; }
}  // namespace

InterfaceCache::InterfaceCache() {
  auto* t = new Table{63, new std::atomic<Entry*>[64]()};
  table_.store(t, std::memory_order_release);
}

InterfaceCache& InterfaceCache::instance() {
  static InterfaceCache* c = new InterfaceCache();  // intentionally never destroyed
  return *c;
}

const CallInterface* InterfaceCache::find(const KeyBytes& key, uint64_t hash) const {
  const Table* t = table_.load(std::memory_order_acquire);
  for (size_t i = probeStart(hash, t->mask);; i = (i + 1) & t->mask) {
    const Entry* e = t->slots[i].load(std::memory_order_acquire);
    if (!e) return nullptr;
    if (e->hash == hash && e->key.size() == key.size() &&
        std::memcmp(e->key.data(), key.data(), key.size()) == 0) {
      return e->value;
    }
  }
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
  auto* e = new Entry{hash, *built, std::vector<uint8_t>(key.data(), key.data() + key.size())};
  insertLocked(e);
  return *built;
}

size_t InterfaceCache::size() const {
  std::lock_guard<std::mutex> g(mu_);
  return count_;
}

}  // namespace jitffi::internal
