// SPDX-License-Identifier: MIT
// Fresh pages made present in bulk, ahead of the allocations that will write them (docs/design.md,
// "Wall time and first-touch page faults"). The process-lifetime arena (arena_p.h) and code
// memory's chunks (code_memory_p.h) populate what they are about to hand out a step at a time,
// each step twice the last (one page first, at most kMaxPopulateStep): a program that makes three
// stubs makes one page of each present, one that makes thousands pays a system call per 16 pages.
//
// Why: a first touch of an anonymous page is a page fault, and where the kernel runs under a
// hypervisor that shadows the page tables (the PVM virtual machines measured here), one costs
// about 11 µs, against about 1 µs a page for the kernel populating a range in one call and 5 µs
// for the first access to each page after it (the hypervisor's entry for the page, made on that
// access whatever the guest's tables say). A step pays both up front, so the allocations after it
// (a cache miss among many) take no fault.
#pragma once

#include <cstddef>
#include <cstdint>

namespace jitffi::internal {

inline constexpr size_t kMaxPopulateStep = 64 * 1024;

// The bytes of the next step after one of `last` bytes (0: none yet): twice as many, at least a
// page, at most kMaxPopulateStep.
size_t nextPopulateStep(size_t last) noexcept;

// How a view is accessed: written (a writable view) or only read or executed (the executable view
// of dual-mapped code).
enum class PageAccess : uint8_t { kWrite, kRead };

// Makes the pages of [p, p + bytes) present (p and bytes multiples of the page size; the pages
// hold nothing yet, or what they hold is kept): madvise(MADV_POPULATE_WRITE or _READ) (Linux
// 5.14+), then one access to each page, which on older kernels (the madvise refused) is what
// populates it. Never fails: at worst the pages fault later, as they would have.
void populatePages(uint8_t* p, size_t bytes, PageAccess access) noexcept;

// The system's page size.
size_t pageBytes() noexcept;

}  // namespace jitffi::internal
