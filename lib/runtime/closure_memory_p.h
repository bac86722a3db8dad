// SPDX-License-Identifier: MIT
// Closure memory: small blocks with two views (rw for writing, rx for executing), carved from
// dual-mapped chunks of CodeMemory, so no page is ever writable and executable at once.
//
// A block is a slot of a size class (64 to 1024 usable bytes); larger requests get a chunk of
// their own. Each slot starts with a 16-byte header holding its chunk (O(1) free); the block
// handed out follows it, 16-byte aligned. Chunks whose slots are all free are given back (one is
// kept per size class so that alloc/free pairs do not map and unmap).
//
// Legacy mode: with the environment variable JITFFI_CLOSURE_SAME_ADDRESS=1 (read once), chunks
// are single-mapped, so a closure's writable address is also its code address — for programs
// that call the closure pointer itself instead of the code pointer (node-gtk does). That needs
// pages writable and executable at once; where the system refuses them (W^X enforced), the
// chunks are dual-mapped as usual.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>

#include "code_memory_p.h"

namespace jitffi::internal {

// A lock for critical sections of a few dozen instructions (allocating or freeing a closure):
// cheaper than a mutex when uncontended, and it yields instead of spinning hot.
class SpinLock {
 public:
  void lock() noexcept {
    while (flag_.exchange(true, std::memory_order_acquire)) {
      while (flag_.load(std::memory_order_relaxed)) std::this_thread::yield();
    }
  }
  void unlock() noexcept { flag_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> flag_{false};
};

struct ClosureBlock {
  void* rw = nullptr;
  void* rx = nullptr;
};

class ClosureMemory {
 public:
  static ClosureMemory& instance();  // never destroyed

  // A block of at least `size` usable bytes (not cleared), or {} when no executable memory is
  // left.
  ClosureBlock alloc(size_t size);
  // Frees a block by its writable address (null is ignored).
  void free(void* rw);
  // The executable address of a writable address inside a live block (null if unknown).
  void* executableAddress(void* rw);

  // Live blocks and chunks (for tests).
  size_t liveBlocks();
  size_t chunks();

 private:
  struct Chunk;
  struct SizeClass {
    uint32_t slotSize = 0;
    Chunk* nonFull = nullptr;  // chunks with a free slot (doubly linked)
    uint32_t chunkCount = 0;
  };
  static constexpr int kClasses = 5;
  static constexpr size_t kChunkBytes = 64 * 1024;

  ClosureMemory();
  Chunk* newChunk(SizeClass* sc, size_t bytes, uint32_t slotSize);  // sc null: dedicated
  Result<CodeBlock> chunkMemory(size_t bytes);
  static void releaseBlock(const CodeBlock& b);
  bool sameAddress_ = false;
  void releaseChunk(Chunk* c);
  void unlinkNonFull(Chunk* c);
  void linkNonFull(Chunk* c);

  SpinLock mu_;
  SizeClass classes_[kClasses];
  size_t live_ = 0;
  size_t chunkTotal_ = 0;
};

}  // namespace jitffi::internal
