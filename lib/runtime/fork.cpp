// SPDX-License-Identifier: MIT
// fork(): the child gets a private copy of every shared chunk of code and closure memory
// (docs/design.md, "Memory"). Registered with pthread_atfork when the library loads.
//
// prepare (parent, before the fork): takes every lock of this library — first the interface
// cache's build mutex (code is made and registered under it), then the unwind registry lock, the
// lock of the code described to debuggers and profilers (code_info_p.h), the process-lifetime
// arena's mutex (arena_p.h; its chunks are private memory, copied for the child), closure
// memory's spinlock and code memory's mutex (never held together, nor while waiting for another
// lock) —
// so no thread is inside an allocation or a registration, then
// copies every shared chunk into one new shared-memory file (the snapshot). The copy is made
// here, with everything locked, rather than in the child: once the parent handler has released
// the locks, the parent's threads write into the shared chunks again, and a copy made by the
// child at that time could be torn.
// parent: closes the snapshot and releases the locks.
// child: maps the snapshot over every shared chunk, both views at the same addresses
// (MAP_FIXED), closes it, starts its own perf map (code_info_p.h) and releases the locks. From then on the two processes share no
// writable page of this library. System calls only, no allocation.
#include <pthread.h>
#include <unistd.h>

#include "arena_p.h"
#include "closure_memory_p.h"
#include "code_info_p.h"
#include "code_memory_p.h"
#include "interface_cache_p.h"
#include "unwind_p.h"

namespace jitffi::internal {
namespace {

ForkSnapshot gSnapshot;

// The slabs whose chunks may be shared.
Slab* const* slabs() {
  static Slab* const s[] = {&ClosureMemory::instance().forkSlab(), &CodeMemory::instance().forkSlab(), nullptr};
  return s;
}

void unlockAll() {
  CodeMemory::instance().forkLock().unlock();
  ClosureMemory::instance().forkLock().unlock();
  Arena::instance().forkLock().unlock();
  codeInfoLock().unlock();
  unwindLock().unlock();
  InterfaceCache::instance().buildMutex().unlock();
}

void prepare() {
  InterfaceCache::instance().buildMutex().lock();
  unwindLock().lock();
  codeInfoLock().lock();
  Arena::instance().forkLock().lock();
  ClosureMemory::instance().forkLock().lock();
  CodeMemory::instance().forkLock().lock();
  gSnapshot = ForkSnapshot{};
  off_t total = 0;
  for (Slab* const* s = slabs(); *s; ++s) total += (*s)->sharedBytes();
  if (total == 0) return;
  gSnapshot.fd = sharedMemoryFile(total);
  off_t offset = 0;
  bool ok = gSnapshot.fd >= 0;
  for (Slab* const* s = slabs(); ok && *s; ++s) ok = (*s)->copyInto(gSnapshot, offset);
  if (!ok && gSnapshot.fd >= 0) {
    close(gSnapshot.fd);
    gSnapshot.fd = -1;  // the child freezes its chunks instead
  }
}

void parent() {
  if (gSnapshot.fd >= 0) close(gSnapshot.fd);
  unlockAll();
}

void child() {
  for (Slab* const* s = slabs(); *s; ++s) (*s)->adopt(gSnapshot);
  if (gSnapshot.fd >= 0) close(gSnapshot.fd);
  codeInfoAfterFork();
  unlockAll();
}

[[maybe_unused]] const int gRegistered = pthread_atfork(prepare, parent, child);

}  // namespace
}  // namespace jitffi::internal
