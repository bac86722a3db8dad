// SPDX-License-Identifier: MIT
// Populating fresh pages in bulk (design in populate_p.h).
#include "populate_p.h"

#include <sys/mman.h>
#include <unistd.h>

// Linux 5.14's values (older headers lack them; an older kernel refuses them with EINVAL).
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

namespace jitffi::internal {

size_t pageBytes() noexcept {
  static const size_t page = size_t(sysconf(_SC_PAGESIZE));
  return page;
}

size_t nextPopulateStep(size_t last) noexcept {
  const size_t page = pageBytes();
  const size_t step = last < page ? page : 2 * last;
  return step < kMaxPopulateStep ? step : kMaxPopulateStep < page ? page : kMaxPopulateStep;
}

void populatePages(uint8_t* p, size_t bytes, PageAccess access) noexcept {
  if (bytes == 0) return;
  madvise(p, bytes, access == PageAccess::kWrite ? MADV_POPULATE_WRITE : MADV_POPULATE_READ);
  // Each page accessed once: the hypervisor's own entry for it (see populate_p.h), or the page
  // itself where the kernel lacks the madvise. A byte written back unchanged (the page may hold
  // data already: a fork child's copy) or read.
  const size_t page = pageBytes();
  for (size_t at = 0; at < bytes; at += page) {
    volatile uint8_t* b = p + at;
    if (access == PageAccess::kWrite) *b = *b;
    else (void)*b;
  }
}

}  // namespace jitffi::internal
