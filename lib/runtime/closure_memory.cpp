// SPDX-License-Identifier: MIT
// Closure memory (design in closure_memory_p.h).
#include "closure_memory_p.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace jitffi::internal {

namespace {
constexpr size_t kHeader = 16;
constexpr uint32_t kUsable[] = {64, 128, 256, 512, 1024};
}  // namespace

struct ClosureMemory::Chunk {
  CodeBlock block;
  SizeClass* sc = nullptr;  // null: a dedicated chunk for one large block
  uint32_t slotSize = 0;
  uint32_t slots = 0;
  uint32_t used = 0;
  uint32_t carved = 0;       // slots handed out at least once (the rest are untouched)
  uint8_t* freeList = nullptr;  // rw slot addresses; the next pointer sits in the header
  Chunk* prev = nullptr;
  Chunk* next = nullptr;
  bool listed = false;
};

ClosureMemory::ClosureMemory() {
  for (int i = 0; i < kClasses; ++i) classes_[i].slotSize = uint32_t(kUsable[i] + kHeader);
  const char* v = std::getenv("JITFFI_CLOSURE_SAME_ADDRESS");
  sameAddress_ = v && std::strcmp(v, "1") == 0;
}

Result<CodeBlock> ClosureMemory::chunkMemory(size_t bytes) {
  if (sameAddress_) {
    if (auto block = CodeMemory::singleMapped().alloc(bytes)) return block;
    // Refused (W^X enforced): closures keep working, with two addresses.
  }
  return CodeMemory::instance().alloc(bytes);
}

ClosureMemory& ClosureMemory::instance() {
  static ClosureMemory* m = new ClosureMemory();  // intentionally never destroyed
  return *m;
}

void ClosureMemory::linkNonFull(Chunk* c) {
  if (c->listed || !c->sc) return;
  c->prev = nullptr;
  c->next = c->sc->nonFull;
  if (c->next) c->next->prev = c;
  c->sc->nonFull = c;
  c->listed = true;
}

void ClosureMemory::unlinkNonFull(Chunk* c) {
  if (!c->listed) return;
  if (c->prev) c->prev->next = c->next;
  else c->sc->nonFull = c->next;
  if (c->next) c->next->prev = c->prev;
  c->prev = c->next = nullptr;
  c->listed = false;
}

ClosureMemory::Chunk* ClosureMemory::newChunk(SizeClass* sc, size_t bytes, uint32_t slotSize) {
  auto block = chunkMemory(bytes);
  if (!block) return nullptr;
  auto* c = new (std::nothrow) Chunk();
  if (!c) {
    releaseBlock(*block);
    return nullptr;
  }
  c->block = *block;
  c->sc = sc;
  c->slotSize = slotSize;
  c->slots = uint32_t(bytes / slotSize);
  ++chunkTotal_;
  if (sc) {
    ++sc->chunkCount;
    linkNonFull(c);
  }
  return c;
}

void ClosureMemory::releaseBlock(const CodeBlock& b) {
  // Single-mapped memory has rx == rw.
  (b.rx == b.rw ? CodeMemory::singleMapped() : CodeMemory::instance()).release(b.rx);
}

void ClosureMemory::releaseChunk(Chunk* c) {
  unlinkNonFull(c);
  if (c->sc) --c->sc->chunkCount;
  --chunkTotal_;
  releaseBlock(c->block);
  delete c;
}

ClosureBlock ClosureMemory::alloc(size_t size) {
  std::lock_guard<SpinLock> g(mu_);
  Chunk* c = nullptr;
  uint8_t* slot = nullptr;
  int cls = 0;
  while (cls < kClasses && kUsable[cls] < size) ++cls;
  if (cls == kClasses) {
    // A large block: a chunk of its own.
    if (size > (uint64_t(1) << 30)) return {};
    const uint32_t bytes = uint32_t((size + kHeader + 63) / 64 * 64);
    c = newChunk(nullptr, bytes, bytes);
    if (!c) return {};
    slot = static_cast<uint8_t*>(c->block.rw);
    c->carved = c->used = 1;
  } else {
    SizeClass& sc = classes_[cls];
    c = sc.nonFull ? sc.nonFull : newChunk(&sc, kChunkBytes, sc.slotSize);
    if (!c) return {};
    if (c->freeList) {
      slot = c->freeList;
      std::memcpy(&c->freeList, slot, sizeof(uint8_t*));
    } else {
      slot = static_cast<uint8_t*>(c->block.rw) + size_t(c->carved++) * c->slotSize;
    }
    if (++c->used == c->slots) unlinkNonFull(c);
  }
  ++live_;
  std::memcpy(slot, &c, sizeof c);  // header: the owning chunk
  const size_t off = size_t(slot + kHeader - static_cast<uint8_t*>(c->block.rw));
  return {slot + kHeader, static_cast<uint8_t*>(c->block.rx) + off};
}

void ClosureMemory::free(void* rw) {
  if (!rw) return;
  uint8_t* slot = static_cast<uint8_t*>(rw) - kHeader;
  Chunk* c;
  std::memcpy(&c, slot, sizeof c);
  std::lock_guard<SpinLock> g(mu_);
  --live_;
  if (!c->sc) {  // a dedicated chunk
    releaseChunk(c);
    return;
  }
  std::memcpy(slot, &c->freeList, sizeof(uint8_t*));
  c->freeList = slot;
  --c->used;
  linkNonFull(c);
  if (c->used == 0 && c->sc->chunkCount > 1) releaseChunk(c);
}

void* ClosureMemory::executableAddress(void* rw) {
  if (!rw) return nullptr;
  Chunk* c;
  std::memcpy(&c, static_cast<uint8_t*>(rw) - kHeader, sizeof c);
  return static_cast<uint8_t*>(c->block.rx) + (static_cast<uint8_t*>(rw) - static_cast<uint8_t*>(c->block.rw));
}

size_t ClosureMemory::liveBlocks() {
  std::lock_guard<SpinLock> g(mu_);
  return live_;
}

size_t ClosureMemory::chunks() {
  std::lock_guard<SpinLock> g(mu_);
  return chunkTotal_;
}

}  // namespace jitffi::internal
