// SPDX-License-Identifier: MIT
// Closure memory: small blocks with two views (rw for writing, rx for executing), from a Slab
// (code_memory_p.h) of its own, so no page is ever writable and executable at once.
//
// A block is a slot of a size class (64 to 1024 usable bytes); larger requests get a chunk of
// their own. Each slot starts with a 16-byte header: while the slot is free, the link to the next
// free slot; then a tag, which says whether the block after it is live or freed. The tag mixes
// the block's address with a per-process secret, so a stray pointer practically never carries a
// valid one. Freeing checks the pointer against the slab's chunk index before reading anything
// (O(log chunks)), then the tag: a block freed twice, a pointer that is not a block (a heap or
// stack address, a closure's code address, the middle of a closure) abort with a message naming
// the pointer, before anything is written.
//
// Legacy mode: with the environment variable JITFFI_CLOSURE_SAME_ADDRESS=1 (read once), chunks
// are single-mapped, so a closure's writable address is also its code address — for programs
// that call the closure pointer itself instead of the code pointer (node-gtk does). That needs
// pages writable and executable at once; where the system refuses them (W^X enforced), the
// chunks are dual-mapped as usual.
//
// Static mode: with JITFFI_JIT=0 (no code generation at all), or from the first time a chunk of
// executable memory cannot be mapped (executable memory refused), closure objects are ordinary
// private memory (a second slab, never executable) and their code addresses static trampolines
// (static_trampolines_p.h): fixed code that reads the closure and its entry from a data slot. The
// header's first word, unused while the block is live, holds the block's trampoline; bindStatic
// sets the trampoline's entry. Blocks made before the switch stay dual-mapped and work as before.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>

#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define JITFFI_HAVE_SINGLE_THREADED 1
#else
#define JITFFI_HAVE_SINGLE_THREADED 0
#endif

#include "code_memory_p.h"
#include "made_once_p.h"
#include "static_trampolines_p.h"

namespace jitffi::internal {

// Whether the process has one thread: glibc's __libc_single_threaded, true until the first
// thread is created (false where the C library does not say).
inline bool singleThreaded() noexcept {
#if JITFFI_HAVE_SINGLE_THREADED
  return __libc_single_threaded != 0;
#else
  return false;
#endif
}

// A lock for critical sections of a few dozen instructions (allocating or freeing a closure):
// cheaper than a mutex when uncontended, and it yields instead of spinning hot. While the process
// has one thread nobody else can hold it, so it takes it without the atomic read-modify-write
// (as glibc's own mutexes do then): that locked instruction, with the release store before it
// still on its way, costs ~5 ns on this project's machine, more than the rest of an alloc or a
// free (docs/design.md, "Memory"). No thread is created inside a critical section, so one taken
// that way is released before a second thread exists. (A 32-bit word: RISC-V has no 8-bit atomic
// swap, gcc calls libatomic's for a bool, 22 instructions.)
class SpinLock {
 public:
  void lock() noexcept {
    if (singleThreaded()) {
      flag_.store(1, std::memory_order_relaxed);
      return;
    }
    if (__builtin_expect(flag_.exchange(1, std::memory_order_acquire) != 0, 0)) wait();
  }
  void unlock() noexcept { flag_.store(0, std::memory_order_release); }

 private:
  [[gnu::noinline, gnu::cold]] void wait() noexcept {
    do {
      while (flag_.load(std::memory_order_relaxed) != 0) std::this_thread::yield();
    } while (flag_.exchange(1, std::memory_order_acquire) != 0);
  }
  std::atomic<uint32_t> flag_{0};
};

struct ClosureBlock {
  void* rw = nullptr;
  void* rx = nullptr;  // the code address: the block's executable view, or its static trampoline
};

// Whether static trampolines may be in use (ClosureMemory, static mode): read on the hot path of
// preparing a closure, so a variable of its own.
__attribute__((visibility("hidden"))) inline std::atomic<bool> gStaticTrampolines{false};

class ClosureMemory {
 public:
  static ClosureMemory& instance() { return MadeOnce<ClosureMemory, &make>::get(); }  // never destroyed

  // A block of at least `size` usable bytes (not cleared), or {} when no executable memory is
  // left.
  ClosureBlock alloc(size_t size);
  // Frees a block by its writable address (null is ignored). Anything but a live block aborts
  // with "jitffi: who(pointer): ...".
  void free(void* rw, const char* who);
  // Static mode: if rw is a live block with a static trampoline, points the trampoline at the
  // entry and returns true (else false: the caller writes the trampoline into the block).
  bool bindStatic(void* rw, const void* entry);

  // fork() (fork.cpp): the lock, and the slab for the snapshot.
  SpinLock& forkLock() noexcept { return mu_; }
  Slab& forkSlab() noexcept { return slab_; }

 private:
  ClosureMemory();
  static ClosureMemory* make() { return new ClosureMemory(); }
  // The tag of a live block at rw (a freed one: its complement).
  uint64_t liveTag(const uint8_t* rw) const noexcept { return uint64_t(uintptr_t(rw)) ^ secret_; }
  // A slot just taken from slab_, tagged live (the lock held).
  [[gnu::always_inline]] inline ClosureBlock liveBlock(const Slab::Block& b) noexcept;
  // alloc when slab_ has no free slot at hand: a new chunk, else (no executable memory) static
  // mode from now on, a block from the data slab and its trampoline. The free of a static block.
  [[gnu::noinline]] ClosureBlock allocSlow(size_t size);
  [[gnu::noinline, gnu::cold]] bool freeStatic(uint8_t* rw);
  // The chunk of `slab` holding a live (else a freed) block at rw, or null.
  [[gnu::always_inline]] inline Chunk* blockChunk(const Slab& slab, uint8_t* rw, bool live) const noexcept;
  // What is wrong with freeing rw (the lock held): a double free, or no block at all.
  [[gnu::noinline, gnu::cold]] const char* misuse(uint8_t* rw) const noexcept;

  SpinLock mu_;
  Slab slab_;
  Slab dataSlab_;  // static mode: closure objects (private memory, never executable)
  StaticTrampolines trampolines_;
  uint64_t secret_ = 0;
};

}  // namespace jitffi::internal
