// SPDX-License-Identifier: MIT
// Executable memory: chunks, slabs and the code allocator (design in code_memory_p.h).
#include "code_memory_p.h"

#include "code_info_p.h"
#include "populate_p.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif

namespace jitffi::internal {

namespace {

constexpr size_t kChunkBytes = 64 * 1024;      // a slab chunk
constexpr size_t kMaxBlock = size_t(1) << 30;  // the largest block

size_t roundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

bool mapView(uint8_t* at, size_t bytes, int prot, int fd, off_t offset) {
  return mmap(at, bytes, prot, MAP_SHARED | MAP_FIXED, fd, offset) == at;
}

// The two views of shared memory at [rw, rw + 2*bytes) (reserved): a new shared-memory file
// mapped twice.
bool mapFileViews(uint8_t* rw, size_t bytes) {
  const int fd = sharedMemoryFile(off_t(bytes));
  if (fd < 0) return false;
  const bool ok = mapView(rw, bytes, PROT_READ | PROT_WRITE, fd, 0) && mapView(rw + bytes, bytes, PROT_READ | PROT_EXEC, fd, 0);
  close(fd);
  return ok;
}

// The same with shared anonymous memory (which Linux perf takes for anonymous code, to be named
// from /tmp/perf-PID.map, where it takes a shared-memory file for a file of its own): the
// executable view mapped first, the writable one a second mapping of its pages (mremap of size 0
// duplicates a shared mapping) turned from executable to writable — allowed under PR_SET_MDWE.
// False where refused (SELinux's execmem denial refuses executable shared anonymous memory).
bool mapAnonymousViews(uint8_t* rw, size_t bytes) {
  uint8_t* rx = rw + bytes;
  return mmap(rx, bytes, PROT_READ | PROT_EXEC, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == rx &&
         mremap(rx, 0, bytes, MREMAP_MAYMOVE | MREMAP_FIXED, rw) == rw && mprotect(rw, bytes, PROT_READ | PROT_WRITE) == 0;
}

// Both views of new shared memory, next to each other (the writable one first), or null.
uint8_t* mapDual(size_t bytes, bool anonymous) {
  void* base = mmap(nullptr, 2 * bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) return nullptr;
  auto* rw = static_cast<uint8_t*>(base);
  if (anonymous ? mapAnonymousViews(rw, bytes) : mapFileViews(rw, bytes)) return rw;
  munmap(base, 2 * bytes);
  return nullptr;
}

// Private memory, writable and executable at once (legacy closures) or only writable (data), or
// null where refused.
uint8_t* mapSingle(size_t bytes, int prot) {
  void* p = mmap(nullptr, bytes, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
}

}  // namespace

int sharedMemoryFile(off_t bytes) noexcept {
  // Where the system asks for it (vm.memfd_noexec=2), a file that can never be execve'd; mapping
  // it executable is still allowed.
  int fd = memfd_create("jitffi", MFD_CLOEXEC);
  if (fd < 0) fd = memfd_create("jitffi", MFD_CLOEXEC | MFD_NOEXEC_SEAL);
  if (fd < 0) return -1;
  if (ftruncate(fd, bytes) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

void abortMisuse(const char* who, const void* p, const char* what) noexcept {
  char buf[256];
  const int n = std::snprintf(buf, sizeof buf, "jitffi: %s(%p): %s\n", who, p, what);
  if (n > 0) {
    [[maybe_unused]] const ssize_t written = write(STDERR_FILENO, buf, std::min(size_t(n), sizeof buf - 1));
  }
  std::abort();
}

// ---- ChunkIndex ----------------------------------------------------------------------------------

bool ChunkIndex::insert(Chunk* c) noexcept {
  const auto at = std::lower_bound(entries_.begin(), entries_.end(), uintptr_t(c->rw),
                                   [](const Entry& e, uintptr_t start) { return e.start < start; });
  try {
    entries_.insert(at, Entry{uintptr_t(c->rw), c});
  } catch (const std::bad_alloc&) {
    return false;
  }
  return true;
}

void ChunkIndex::erase(Chunk* c) noexcept {
  const auto at = std::find_if(entries_.begin(), entries_.end(), [c](const Entry& e) { return e.chunk == c; });
  if (at != entries_.end()) entries_.erase(at);
}

// ---- Slab ----------------------------------------------------------------------------------------

Slab::Slab(std::initializer_list<uint32_t> slotSizes, Mapping mapping, Populate populate)
    : mapping_(mapping), populate_(populate) {
  for (uint32_t s : slotSizes) {
    if (classCount_ < kMaxClasses) classes_[classCount_++].slotSize = s;
  }
}

void Slab::linkNonFull(Chunk* c) {
  if (c->listed || c->sizeClass < 0 || c->frozen) return;
  SizeClass& sc = classes_[size_t(c->sizeClass)];
  c->prev = nullptr;
  c->next = sc.nonFull;
  if (c->next) c->next->prev = c;
  sc.nonFull = c;
  c->listed = true;
}

void Slab::unlinkNonFull(Chunk* c) {
  // Only a chunk of a size class is ever listed (linkNonFull); saying so here also tells the
  // compiler that the index below is one of classes_ (gcc's -Warray-bounds saw -1 reach it).
  if (!c->listed || c->sizeClass < 0) return;
  if (c->prev) c->prev->next = c->next;
  else classes_[size_t(c->sizeClass)].nonFull = c->next;
  if (c->next) c->next->prev = c->prev;
  c->prev = c->next = nullptr;
  c->listed = false;
}

Chunk* Slab::newChunk(size_t bytes, int sizeClass) {
  if (mapping_ == Mapping::kNone) return nullptr;
  auto* c = new (std::nothrow) Chunk();
  if (!c) return nullptr;
  c->bytes = bytes;
  if (mapping_ == Mapping::kData) c->rw = mapSingle(bytes, PROT_READ | PROT_WRITE);
  if (mapping_ == Mapping::kSingleFirst) c->rw = mapSingle(bytes, PROT_READ | PROT_WRITE | PROT_EXEC);
  if (!c->rw && mapping_ != Mapping::kData) {  // the default, or refused (W^X enforced): two views
    if (anonymousViews_) c->rw = mapDual(bytes, true);
    if (!c->rw) c->rw = mapDual(bytes, false);
    c->rxDelta = ptrdiff_t(bytes);
  }
  if (!c->rw || !index_.insert(c)) {
    if (c->rw) munmap(c->rw, c->span());
    delete c;
    return nullptr;
  }
  if (sizeClass >= 0) {
    SizeClass& sc = classes_[size_t(sizeClass)];
    c->sizeClass = int8_t(sizeClass);
    c->slotSize = sc.slotSize;
    c->slots = uint32_t(bytes / sc.slotSize);
    ++sc.chunkCount;
    linkNonFull(c);
  }
  return c;
}

void Slab::releaseChunk(Chunk* c) {
  unlinkNonFull(c);
  if (c->sizeClass >= 0) --classes_[size_t(c->sizeClass)].chunkCount;
  index_.erase(c);
  munmap(c->rw, c->span());
  delete c;
}

void Slab::populateTo(Chunk* c, size_t end) noexcept {
  if (populate_ != Populate::kAhead) return;
  while (c->populated < end) {
    const size_t left = c->bytes - c->populated;
    const size_t n = std::min(left, std::max(nextPopulateStep(c->populated), roundUp(end - c->populated, pageBytes())));
    populatePages(c->rw + c->populated, n, PageAccess::kWrite);
    if (c->dual()) populatePages(c->rx() + c->populated, n, PageAccess::kRead);
    c->populated += n;
  }
}

Slab::Block Slab::takeSlow(size_t cls, size_t bytes) {
  Chunk* c;
  uint8_t* slot;
  if (cls == classCount_) {
    // A large block: a chunk of its own.
    if (bytes > kMaxBlock) return {};
    c = newChunk(roundUp(bytes, pageBytes()), -1);
    if (!c) return {};
    c->used = c->carved = 1;
    slot = c->rw;
    populateTo(c, std::min(c->bytes, kMaxPopulateStep));  // (a step: its code is written whole, run in part)
  } else {
    c = classes_[cls].nonFull ? classes_[cls].nonFull : newChunk(kChunkBytes, int(cls));
    if (!c) return {};
    if (c->freeList) {
      slot = c->freeList;
      c->freeList = loadAligned<uint8_t*>(slot);
    } else {
      slot = c->rw + size_t(c->carved++) * c->slotSize;
      populateTo(c, size_t(c->carved) * c->slotSize);
    }
    if (++c->used == c->slots) unlinkNonFull(c);
  }
  return {slot, slot + c->rxDelta};
}

void Slab::giveSlow(Chunk* c, uint8_t* rw) {
  // A frozen chunk is read-only to this process: its blocks stay allocated.
  if (c->frozen) return;
  if (c->sizeClass < 0) {
    releaseChunk(c);
    return;
  }
  // A full chunk has a free slot again.
  linkNonFull(c);
  give(c, rw);
}

// ---- fork ----------------------------------------------------------------------------------------
// A shared chunk is copied up to the slots it ever handed out (the rest of the file stays a hole,
// which reads as zeros, as the untouched original does).

namespace {
bool needsCopy(const Chunk* c) { return c->dual() && !c->frozen; }
size_t copyExtent(const Chunk* c) {
  return c->sizeClass < 0 ? c->bytes : roundUp(size_t(c->carved) * c->slotSize, pageBytes());
}
}  // namespace

off_t Slab::sharedBytes() const noexcept {
  off_t total = 0;
  index_.forEach([&](const Chunk* c) {
    if (needsCopy(c)) total += off_t(c->bytes);
  });
  return total;
}

bool Slab::copyInto(const ForkSnapshot& snap, off_t& offset) noexcept {
  bool ok = true;
  index_.forEach([&](Chunk* c) {
    if (!ok || !needsCopy(c)) return;
    c->forkOffset = offset;
    const size_t extent = copyExtent(c);
    for (size_t done = 0; ok && done < extent;) {
      const ssize_t n = pwrite(snap.fd, c->rw + done, extent - done, offset + off_t(done));
      ok = n > 0;
      if (ok) done += size_t(n);
    }
    offset += off_t(c->bytes);
  });
  return ok;
}

void Slab::adopt(const ForkSnapshot& snap) noexcept {
  index_.forEach([&](Chunk* c) {
    if (!needsCopy(c)) return;
    if (snap.fd >= 0 && mapView(c->rw, c->bytes, PROT_READ | PROT_WRITE, snap.fd, c->forkOffset) &&
        mapView(c->rx(), c->bytes, PROT_READ | PROT_EXEC, snap.fd, c->forkOffset)) {
      return;
    }
    // No copy: the pages are still the parent's. Never write them again.
    mprotect(c->rw, c->bytes, PROT_READ);
    c->frozen = true;
    unlinkNonFull(c);
  });
}

// ---- CodeMemory ----------------------------------------------------------------------------------

// Slots for code: stubs and closure entries are tens to a few hundred bytes.
CodeMemory::CodeMemory()
    : slab_({32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048}, Slab::Mapping::kDual,
            Slab::Populate::kAhead) {
  slab_.setAnonymousViews(perfMapEnabled());
}

void CodeMemory::setProfilerVisible(bool on) {
  std::lock_guard<std::mutex> g(mu_);
  slab_.setAnonymousViews(on);
}

Result<CodeBlock> CodeMemory::alloc(size_t size) {
  std::lock_guard<std::mutex> g(mu_);
  const Slab::Block b = slab_.take(size);
  if (!b.rw) {
    return fail(Status::kOutOfMemory, "no executable memory (" + std::to_string(size) + " bytes)");
  }
  return CodeBlock{b.rx, b.rw, size, nullptr};
}

void CodeMemory::release(void* rx) {
  if (!rx) return;
  std::lock_guard<std::mutex> g(mu_);
  Chunk* c = slab_.below(rx);
  const size_t off = c ? size_t(static_cast<uint8_t*>(rx) - c->rx()) : 0;
  if (!c || off >= c->bytes || (c->sizeClass < 0 ? off != 0 : off % c->slotSize != 0)) {
    abortMisuse("CodeMemory::release", rx, "not a code block");
  }
  slab_.give(c, c->rw + off);
}

void CodeMemory::flushInstructionCache(const CodeBlock& block) {
  // The compiler's builtin is the architecture's cache maintenance: on AArch64 libgcc's
  // __clear_cache (dc cvau, ic ivau over the range), on RISC-V glibc's __riscv_flush_icache (the
  // riscv_flush_icache system call, which reaches every hart the process runs on).
  auto* rx = static_cast<char*>(block.rx);
  __builtin___clear_cache(rx, rx + block.size);
}

}  // namespace jitffi::internal
