// SPDX-License-Identifier: MIT
// The process-lifetime arena: memory for what a new interface makes that lives as long as the
// process (docs/design.md, "Memory"): the CallInterface block (runtime_p.h), its cache entry
// with a key longer than the entry keeps (interface_cache.cpp), and the unwind tables of the
// code of interfaces, which is never freed (unwind_p.h). Bump allocation from chunks of private
// memory whose pages are made present ahead of the cursor a step at a time (populate_p.h), so a
// cache miss among many takes neither malloc's ~180 instructions per block nor a first-touch
// page fault for them.
//
// Nothing is given back: interfaces are never freed. The one exception is an interface whose
// build fails after its block was taken (the interpreted program cannot be made: out of memory),
// which is destroyed; its bytes stay taken (and counted).
//
// Thread-safe: a mutex held for a bump (or a chunk mapped, a step populated); the figures are
// read without it. Most callers hold
// the interface cache's build mutex too; fork.cpp takes this one in prepare after it, so that no
// thread is inside an allocation at a fork. The chunks are private memory, which the child gets a
// copy of: nothing else to do for it.
//
// LeakSanitizer scans the heap, globals and stacks, not memory mapped by the program: each chunk
// is registered with it as a root region (sanitizer builds), since heap blocks are kept only from
// the arena (an interface's vectors, the sorted tables the unwinder keeps in its record).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <new>

#include "made_once_p.h"

namespace jitffi::internal {

class Arena {
 public:
  // The process-wide instance; never destroyed.
  static Arena& instance() { return MadeOnce<Arena, &make>::get(); }

  // `bytes` aligned to `align` (a power of two, at most a page), or null when out of memory.
  void* alloc(size_t bytes, size_t align) noexcept;
  // The same, throwing std::bad_alloc instead of returning null (where operator new was used).
  void* allocOrThrow(size_t bytes, size_t align) {
    if (void* p = alloc(bytes, align)) return p;
    throw std::bad_alloc();
  }

  // Bytes handed out (alignment padding included), and bytes mapped for chunks.
  size_t bytesUsed() const noexcept { return used_.load(std::memory_order_relaxed); }
  size_t bytesMapped() const noexcept { return mapped_.load(std::memory_order_relaxed); }

  // fork() (fork.cpp): the lock.
  std::mutex& forkLock() noexcept { return mu_; }

  // A chunk's size: what an allocation larger than a quarter of it gets to itself.
  static constexpr size_t kChunkBytes = 256 * 1024;

 private:
  static Arena* make() { return new Arena(); }
  Arena() = default;
  // A chunk of `bytes` (a multiple of the page size), or null.
  static uint8_t* mapChunk(size_t bytes) noexcept;
  // Adds to used_ or mapped_ (the lock held).
  static void count(std::atomic<size_t>& figure, size_t bytes) noexcept;

  std::mutex mu_;
  uint8_t* cursor_ = nullptr;     // the next free byte of the current chunk
  uint8_t* populated_ = nullptr;  // the end of its pages made present
  uint8_t* end_ = nullptr;        // its end
  size_t step_ = 0;               // the last population step's bytes (populate_p.h)
  std::atomic<size_t> used_{0};
  std::atomic<size_t> mapped_{0};
};

}  // namespace jitffi::internal
