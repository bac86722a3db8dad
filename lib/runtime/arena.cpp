// SPDX-License-Identifier: MIT
// The process-lifetime arena (design in arena_p.h) and the library's memory figures
// (jitffi/debug.h).
#include "arena_p.h"

#include <sys/mman.h>

#include <algorithm>

#include "jitffi/debug.h"
#include "populate_p.h"

#if defined(__SANITIZE_ADDRESS__)
#define JITFFI_LEAK_CHECKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define JITFFI_LEAK_CHECKED 1
#endif
#endif
#ifdef JITFFI_LEAK_CHECKED
#include <sanitizer/lsan_interface.h>
#endif

namespace jitffi::internal {

namespace {
size_t roundUp(size_t n, size_t to) { return (n + to - 1) & ~(to - 1); }
}  // namespace

uint8_t* Arena::mapChunk(size_t bytes) noexcept {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
#ifdef JITFFI_LEAK_CHECKED
  __lsan_register_root_region(p, bytes);
#endif
  return static_cast<uint8_t*>(p);
}

void Arena::count(std::atomic<size_t>& figure, size_t bytes) noexcept {
  // (One writer, under the lock: no locked instruction.)
  figure.store(figure.load(std::memory_order_relaxed) + bytes, std::memory_order_relaxed);
}

void* Arena::alloc(size_t bytes, size_t align) noexcept {
  if (bytes == 0) bytes = 1;
  const size_t page = pageBytes();
  std::lock_guard<std::mutex> g(mu_);
  if (bytes > kChunkBytes / 4) {
    // A chunk of its own, populated whole (it is about to be written); the current chunk stays.
    const size_t span = roundUp(bytes, page);
    uint8_t* p = span < bytes ? nullptr : mapChunk(span);  // (a span that wrapped around)
    if (!p) return nullptr;
    populatePages(p, span, PageAccess::kWrite);
    count(mapped_, span);
    count(used_, span);
    return p;
  }
  uint8_t* at = reinterpret_cast<uint8_t*>(roundUp(uintptr_t(cursor_), align));
  if (!cursor_ || at > end_ || size_t(end_ - at) < bytes) {
    // A new chunk (what the last one had left stays unused).
    uint8_t* c = mapChunk(kChunkBytes);
    if (!c) return nullptr;
    count(mapped_, kChunkBytes);
    cursor_ = populated_ = at = c;
    end_ = c + kChunkBytes;
  }
  uint8_t* const next = at + bytes;
  while (next > populated_) {
    // The next step, or more when the allocation needs more.
    step_ = nextPopulateStep(step_);
    const size_t n = std::min(roundUp(std::max(step_, size_t(next - populated_)), page), size_t(end_ - populated_));
    populatePages(populated_, n, PageAccess::kWrite);
    populated_ += n;
  }
  count(used_, size_t(next - cursor_));
  cursor_ = next;
  return at;
}

}  // namespace jitffi::internal

namespace jitffi {

MemoryUse memoryInUse() noexcept {
  const internal::Arena& a = internal::Arena::instance();
  return MemoryUse{a.bytesUsed(), a.bytesMapped()};
}

}  // namespace jitffi
