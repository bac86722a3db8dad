// SPDX-License-Identifier: MIT
// Closure memory (design in closure_memory_p.h).
#include "closure_memory_p.h"

#include <sys/auxv.h>

#include <cstdlib>
#include <cstring>

#include "runtime_p.h"

namespace jitffi::internal {

namespace {
constexpr size_t kHeader = 16;  // [next free slot, or a live static block's trampoline][tag]
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

// A slab of closure blocks: 64 to 1024 usable bytes, a header before each.
Slab closureSlab(Slab::Mapping mapping) {
  return Slab({64 + kHeader, 128 + kHeader, 256 + kHeader, 512 + kHeader, 1024 + kHeader}, mapping);
}
}  // namespace

ClosureMemory::ClosureMemory()
    : slab_(closureSlab(sameAddressMode() ? Slab::Mapping::kSingleFirst : Slab::Mapping::kDual)),
      dataSlab_(closureSlab(Slab::Mapping::kData)),
      secret_(processSecret()) {
  // No code generation at all: static trampolines from the start.
  if (!jitEnabled()) slab_.stopMapping();
}

inline ClosureBlock ClosureMemory::liveBlock(const Slab::Block& b) noexcept {
  storeAligned(b.rw + kTagAt, liveTag(b.rw + kHeader));
  return {b.rw + kHeader, b.rx + kHeader};
}

ClosureBlock ClosureMemory::alloc(size_t size) {
  if (size > kMaxClosure) return {};
  std::lock_guard<SpinLock> g(mu_);
  size_t cls;
  const Slab::Block b = slab_.takeFast(size + kHeader, cls);
  if (__builtin_expect(!b.rw, 0)) return allocSlow(size);
  return liveBlock(b);
}

ClosureBlock ClosureMemory::allocSlow(size_t size) {
  if (!gStaticTrampolines.load(std::memory_order_relaxed)) {
    if (const Slab::Block b = slab_.take(size + kHeader); b.rw) return liveBlock(b);
    // No executable memory to be had (or JITFFI_JIT=0): static trampolines from now on, without
    // asking for executable chunks again.
    slab_.stopMapping();
    gStaticTrampolines.store(true, std::memory_order_relaxed);
  }
  const Slab::Block b = dataSlab_.take(size + kHeader);
  if (!b.rw) return {};
  uint8_t* rw = b.rw + kHeader;
  void* code = trampolines_.take(rw);
  if (!code) {
    dataSlab_.give(dataSlab_.below(b.rw), b.rw);
    return {};
  }
  storeAligned(b.rw, code);
  storeAligned(b.rw + kTagAt, liveTag(rw));
  return {rw, code};
}

// Only a block's writable address: inside a chunk's writable view, a header's length in, aligned
// as blocks are (16 bytes: a chunk's slots are); then the tag, bound to the block's address, says
// live or freed (any other address, in the middle of a block for instance, practically never
// finds its own tag 16 bytes before it).
inline Chunk* ClosureMemory::blockChunk(const Slab& slab, uint8_t* rw, bool live) const noexcept {
  Chunk* c = slab.below(rw);
  const size_t off = c ? size_t(rw - c->rw) : 0;
  if (!c || off < kHeader || off >= c->bytes || off % 16 != 0) return nullptr;
  const uint64_t tag = loadAligned<uint64_t>(rw - kHeader + kTagAt);
  return tag == (live ? liveTag(rw) : ~liveTag(rw)) ? c : nullptr;
}

void ClosureMemory::free(void* p, const char* who) {
  if (!p) return;
  auto* rw = static_cast<uint8_t*>(p);
  const char* problem;
  {
    std::lock_guard<SpinLock> g(mu_);
    if (Chunk* c = blockChunk(slab_, rw, true)) {
      uint8_t* slot = rw - kHeader;
      if (!c->frozen) {
        storeAligned(slot + kTagAt, ~liveTag(rw));
      }
      slab_.give(c, slot);
      return;
    }
    if (gStaticTrampolines.load(std::memory_order_relaxed) && freeStatic(rw)) return;
    problem = misuse(rw);
  }
  abortMisuse(who, p, problem);
}

bool ClosureMemory::freeStatic(uint8_t* rw) {
  Chunk* c = blockChunk(dataSlab_, rw, true);
  if (!c) return false;
  uint8_t* slot = rw - kHeader;
  trampolines_.give(loadAligned<void*>(slot));
  storeAligned(slot + kTagAt, ~liveTag(rw));
  dataSlab_.give(c, slot);
  return true;
}

const char* ClosureMemory::misuse(uint8_t* rw) const noexcept {
  if (blockChunk(slab_, rw, false) || blockChunk(dataSlab_, rw, false)) {
    return "double free (the closure was freed already)";
  }
  return "not a closure (not an address ffi_closure_alloc returned)";
}

bool ClosureMemory::bindStatic(void* p, const void* entry) {
  auto* rw = static_cast<uint8_t*>(p);
  std::lock_guard<SpinLock> g(mu_);
  if (!blockChunk(dataSlab_, rw, true)) return false;
  StaticTrampolines::setEntry(loadAligned<void*>(rw - kHeader), entry);
  return true;
}

}  // namespace jitffi::internal
