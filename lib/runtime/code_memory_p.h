// SPDX-License-Identifier: MIT
// Executable memory (docs/design.md, "Memory").
//
// Chunks: each is one shared-memory file (memfd) mapped twice, a read+write view and right
// after it a read+execute view of the same pages, so no page is ever writable and executable at
// once (it works where W^X is enforced: SELinux execmem denials, systemd's
// MemoryDenyWriteExecute / PR_SET_MDWE). Legacy single-mapped chunks (JITFFI_CLOSURE_SAME_ADDRESS,
// closure_memory_p.h) are private anonymous memory mapped writable and executable, one view;
// data chunks (the closure objects of static trampolines, closure_memory_p.h) private memory
// never executable.
//
// A Slab carves chunks into blocks of fixed slot sizes (a free slot's first 8 bytes link it to
// the next free one); larger blocks get a chunk of their own. It keeps every chunk it made in an
// address index: a block is found from either of its addresses in O(log chunks), and fork()
// (fork.cpp) can give a child a private copy of every shared chunk. Slabs do not lock: code
// memory (here) takes a mutex, closure memory a spinlock.
//
// Code memory's slab makes a chunk's pages present in bulk ahead of the slots it carves, both
// views, a step at a time (populate_p.h), so that a new stub takes no first-touch page fault; a
// block of its own gets one step's worth. (Closure memory's slabs do not: they carve under a
// spinlock. A fork child's chunks, mapped anew from the snapshot, fault their pages as before.)
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <vector>

#include "../emit/aligned_p.h"
#include "../emit/host_p.h"
#include "jitffi/error.h"
#include "made_once_p.h"

namespace jitffi::internal {

struct CodeBlock {
  void* rx = nullptr;  // execute view
  void* rw = nullptr;  // write view (equal to rx when the memory is single-mapped)
  size_t size = 0;
  void* unwind = nullptr;  // its registered unwind table, if any (unwind_p.h)
};

struct Chunk {
  uint8_t* rw = nullptr;  // the writable view; the executable one follows it (dual) or is it
  size_t bytes = 0;       // of each view, a multiple of the page size
  ptrdiff_t rxDelta = 0;  // executable address − writable address: bytes (dual) or 0
  bool frozen = false;    // a fork child without its own copy: read-only here, never allocated from
  bool listed = false;    // in its size class's list of chunks with a free slot
  int8_t sizeClass = -1;  // -1: one block of its own
  uint32_t slotSize = 0;
  uint32_t slots = 0;
  uint32_t used = 0;
  uint32_t carved = 0;          // slots handed out at least once (the rest are untouched)
  size_t populated = 0;         // bytes from the start whose pages were made present (populate_p.h)
  uint8_t* freeList = nullptr;  // rw address of a free slot; its first 8 bytes hold the next
  Chunk* prev = nullptr;        // the size class's list
  Chunk* next = nullptr;
  off_t forkOffset = 0;  // where the fork snapshot holds its copy

  // Two views of a shared file (else private memory, writable and executable, one view).
  bool dual() const noexcept { return rxDelta != 0; }
  uint8_t* rx() const noexcept { return rw + rxDelta; }
  size_t span() const noexcept { return bytes + size_t(rxDelta); }  // of both views
};

// Sorted address ranges, each owned by a chunk: a lookup is a binary search.
class ChunkIndex {
 public:
  // The chunk with the highest address at or below p (null if none): the one whose views
  // contain p, if any. The caller checks p against the view it expects.
  Chunk* below(const void* p) const noexcept {
    const uintptr_t a = uintptr_t(p);
    const Entry* e = entries_.data();
    size_t n = entries_.size();
    if (n == 0 || a < e->start) return nullptr;
    while (n > 1) {  // e[0].start <= a; narrow to the last such entry
      const size_t half = n / 2;
      if (e[half].start <= a) e += half, n -= half;
      else n = half;
    }
    return e->chunk;
  }
  bool insert(Chunk* c) noexcept;  // false when out of memory
  void erase(Chunk* c) noexcept;
  template <class F>
  void forEach(F&& f) const {
    for (const Entry& e : entries_) f(e.chunk);
  }

 private:
  struct Entry {
    uintptr_t start;
    Chunk* chunk;
  };
  std::vector<Entry> entries_;
};

// What fork.cpp's prepare handler copies every shared chunk into: one new shared-memory file,
// handed to the child (which maps it over the chunks) and closed by both.
struct ForkSnapshot {
  int fd = -1;  // -1: the copy failed; the child freezes its chunks instead
  off_t size = 0;
};

class Slab {
 public:
  struct Block {
    uint8_t* rw = nullptr;  // null when out of memory
    uint8_t* rx = nullptr;
  };
  // What a slab's chunks are: dual-mapped; private writable+executable memory first (falling
  // back to dual-mapped chunks where the system refuses it); private data memory, never
  // executable (its blocks' rx address is their rw one); none (stopMapping).
  enum class Mapping : uint8_t { kDual, kSingleFirst, kData, kNone };
  // Whether pages are made present ahead of the blocks handed out (see above).
  enum class Populate : uint8_t { kOnFirstTouch, kAhead };
  // slotSizes ascending, multiples of 16 (at most kMaxClasses).
  Slab(std::initializer_list<uint32_t> slotSizes, Mapping mapping, Populate populate = Populate::kOnFirstTouch);

  // A block of at least `bytes`, 16-byte aligned (not cleared). Inline: the common case is a
  // few loads and stores.
  Block take(size_t bytes) {
    size_t cls;
    const Block b = takeFast(bytes, cls);
    return b.rw ? b : takeSlow(cls, bytes);
  }
  // take's common case alone: a free slot of a chunk with more, or {} (cls: the size class).
  Block takeFast(size_t bytes, size_t& cls) {
    cls = 0;
    while (cls < classCount_ && classes_[cls].slotSize < bytes) ++cls;
    Chunk* c = cls < classCount_ ? classes_[cls].nonFull : nullptr;
    if (c && c->freeList && c->used + 1 < c->slots) {
      uint8_t* slot = c->freeList;
      c->freeList = loadAligned<uint8_t*>(slot);
      ++c->used;
      return {slot, slot + c->rxDelta};
    }
    return {};
  }
  // Gives back the block starting at `rw` in chunk c.
  void give(Chunk* c, uint8_t* rw) {
    if (!c->listed) return giveSlow(c, rw);  // full, frozen, or a block of its own
    storeAligned(rw, c->freeList);
    c->freeList = rw;
    // An empty chunk is returned, except the last one of its size class (so that alloc/free
    // pairs do not map and unmap).
    if (--c->used == 0 && classes_[size_t(c->sizeClass)].chunkCount > 1) releaseChunk(c);
  }
  // Dual-mapped chunks made from now on: shared anonymous memory where the system allows it,
  // rather than a shared-memory file (code_memory.cpp, mapAnonymousViews). The caller holds the
  // slab's lock.
  void setAnonymousViews(bool on) noexcept { anonymousViews_ = on; }
  // Maps no new chunk from now on (blocks are taken from the chunks there are, or refused).
  void stopMapping() noexcept { mapping_ = Mapping::kNone; }
  // The chunk with the highest address at or below p, or null (ChunkIndex::below).
  Chunk* below(const void* p) const noexcept { return index_.below(p); }

  // fork(): bytes of shared chunks; copies them into the snapshot (prepare), maps the copies
  // over them or freezes them (child). The caller holds the slab's lock.
  off_t sharedBytes() const noexcept;
  bool copyInto(const ForkSnapshot& snap, off_t& offset) noexcept;
  void adopt(const ForkSnapshot& snap) noexcept;

  static constexpr size_t kMaxClasses = 16;

 private:
  struct SizeClass {
    uint32_t slotSize = 0;
    uint32_t chunkCount = 0;
    Chunk* nonFull = nullptr;  // chunks with a free slot (doubly linked)
  };
  Block takeSlow(size_t cls, size_t bytes);
  void giveSlow(Chunk* c, uint8_t* rw);
  Chunk* newChunk(size_t bytes, int sizeClass);
  void releaseChunk(Chunk* c);
  void unlinkNonFull(Chunk* c);
  void linkNonFull(Chunk* c);
  // With Populate::kAhead: makes c's pages present up to at least `end` bytes from its start.
  void populateTo(Chunk* c, size_t end) noexcept;

  SizeClass classes_[kMaxClasses];
  size_t classCount_ = 0;
  Mapping mapping_;
  Populate populate_;
  bool anonymousViews_ = false;
  ChunkIndex index_;
};

class CodeMemory {
 public:
  // The process-wide instance; never destroyed, so code outlives static destructors.
  static CodeMemory& instance() { return MadeOnce<CodeMemory, &make>::get(); }

  Result<CodeBlock> alloc(size_t size);
  void release(void* rx);
  // Finish writing [rw, rw+size): flush the instruction cache for the rx view (nothing where
  // the host architecture keeps instruction fetch coherent with stores).
  static void commit(const CodeBlock& block) {
    if constexpr (!host::kCoherentInstructionFetch) flushInstructionCache(block);
    else (void)block;
  }

  // Chunks made from now on in memory Linux perf names from /tmp/perf-PID.map (the perf map is
  // on, code_info_p.h): Slab::setAnonymousViews.
  void setProfilerVisible(bool on);

  // fork() (fork.cpp): the lock, and the slab for the snapshot.
  std::mutex& forkLock() noexcept { return mu_; }
  Slab& forkSlab() noexcept { return slab_; }

 private:
  static CodeMemory* make() { return new CodeMemory(); }
  CodeMemory();
  static void flushInstructionCache(const CodeBlock& block);
  std::mutex mu_;
  Slab slab_;
};

// The shared-memory file behind dual-mapped chunks and fork snapshots: `bytes` long, or -1.
int sharedMemoryFile(off_t bytes) noexcept;

// Reports a free of something that is not a live block ("jitffi: who(p): what") and aborts.
[[noreturn]] void abortMisuse(const char* who, const void* p, const char* what) noexcept;

}  // namespace jitffi::internal
