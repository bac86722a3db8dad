// SPDX-License-Identifier: MIT
// Closure memory (design in closure_memory_p.h).
#include "closure_memory_p.h"

#include <sys/auxv.h>

#include <cstdlib>
#include <cstring>

namespace jitffi::internal {

namespace {
constexpr size_t kHeader = 16;  // [next free slot][tag]
constexpr size_t kTagAt = 8;
constexpr size_t kMaxClosure = size_t(1) << 30;

bool sameAddressMode() {
  const char* v = std::getenv("JITFFI_CLOSURE_SAME_ADDRESS");
  return v && std::strcmp(v, "1") == 0;
}

uint64_t processSecret() {
  // The kernel's 16 random bytes for this process (AT_RANDOM), odd so that no tag is zero.
  uint64_t s = 0x9e3779b97f4a7c15ull;
  if (const auto* r = reinterpret_cast<const uint8_t*>(getauxval(AT_RANDOM))) std::memcpy(&s, r + 8, 8);
  return s | 1;
}
}  // namespace

ClosureMemory::ClosureMemory()
    : slab_({64 + kHeader, 128 + kHeader, 256 + kHeader, 512 + kHeader, 1024 + kHeader}, sameAddressMode()),
      secret_(processSecret()) {}

ClosureMemory& ClosureMemory::instance() {
  static ClosureMemory* m = new ClosureMemory();  // intentionally never destroyed
  return *m;
}

ClosureBlock ClosureMemory::alloc(size_t size) {
  if (size > kMaxClosure) return {};
  std::lock_guard<SpinLock> g(mu_);
  const Slab::Block b = slab_.take(size + kHeader);
  if (!b.rw) return {};
  const uint64_t tag = liveTag(b.rw + kHeader);
  std::memcpy(b.rw + kTagAt, &tag, sizeof tag);
  return {b.rw + kHeader, b.rx + kHeader};
}

void ClosureMemory::free(void* p, const char* who) {
  if (!p) return;
  auto* rw = static_cast<uint8_t*>(p);
  const char* problem = "not a closure (not an address ffi_closure_alloc returned)";
  {
    std::lock_guard<SpinLock> g(mu_);
    // Only a block's writable address: inside a chunk's writable view, a header's length in;
    // then the tag, bound to the block's address, says live or freed (any other address, in the
    // middle of a block for instance, practically never finds its own tag 16 bytes before it).
    Chunk* c = slab_.below(rw);
    const size_t off = c ? size_t(rw - c->rw) : 0;
    if (c && off >= kHeader && off < c->bytes) {
      uint8_t* slot = rw - kHeader;
      uint64_t tag;
      std::memcpy(&tag, slot + kTagAt, sizeof tag);
      if (tag == liveTag(rw)) {
        if (!c->frozen) {
          tag = ~tag;
          std::memcpy(slot + kTagAt, &tag, sizeof tag);
        }
        slab_.give(c, slot);
        return;
      }
      if (tag == ~liveTag(rw)) problem = "double free (the closure was freed already)";
    }
  }
  abortMisuse(who, p, problem);
}

}  // namespace jitffi::internal
