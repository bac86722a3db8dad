// SPDX-License-Identifier: MIT
// The process-lifetime arena (lib/runtime/arena_p.h) and pages made present ahead of use
// (lib/runtime/populate_p.h, code memory's chunks): blocks aligned, distinct and intact across
// chunks and threads; the figures jitffi::memoryInUse reports; pages present (mincore) before
// anything was written to them.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "../../lib/runtime/arena_p.h"
#include "../../lib/runtime/code_memory_p.h"
#include "../../lib/runtime/populate_p.h"
#include "jitffi/call.h"
#include "jitffi/debug.h"

namespace jitffi::internal {
namespace {

const size_t kPage = size_t(sysconf(_SC_PAGESIZE));

struct Taken {
  uint8_t* p;
  size_t n;
  uint8_t fill;
};

// Fills each block with its own byte, then checks that no block overlaps another and that every
// byte is still its block's.
void expectDistinctAndIntact(std::vector<Taken> blocks) {
  for (const Taken& b : blocks) std::memset(b.p, b.fill, b.n);
  std::sort(blocks.begin(), blocks.end(), [](const Taken& x, const Taken& y) { return x.p < y.p; });
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (i + 1 < blocks.size()) {
      EXPECT_LE(blocks[i].p + blocks[i].n, blocks[i + 1].p) << "blocks overlap";
    }
    for (size_t j = 0; j < blocks[i].n; ++j) {
      if (blocks[i].p[j] != blocks[i].fill) {
        ADD_FAILURE() << "block " << i << " byte " << j << " was overwritten";
        break;
      }
    }
  }
}

// Whether every page of [p, p + n) is present (mincore).
bool allPresent(const void* p, size_t n) {
  auto* begin = reinterpret_cast<uint8_t*>(uintptr_t(p) & ~(kPage - 1));
  const size_t pages = (static_cast<const uint8_t*>(p) + n - begin + kPage - 1) / kPage;
  std::vector<unsigned char> v(pages);
  if (mincore(begin, pages * kPage, v.data()) != 0) return false;
  return std::all_of(v.begin(), v.end(), [](unsigned char c) { return (c & 1) != 0; });
}

TEST(Arena, BlocksAreAlignedAndDistinct) {
  Arena& a = Arena::instance();
  std::vector<Taken> blocks;
  uint8_t fill = 1;
  for (size_t align : {size_t(1), size_t(2), size_t(8), size_t(16), size_t(64), kPage}) {
    for (size_t n : {size_t(1), size_t(7), size_t(24), size_t(100), size_t(1000)}) {
      auto* p = static_cast<uint8_t*>(a.alloc(n, align));
      ASSERT_NE(p, nullptr);
      EXPECT_EQ(uintptr_t(p) % align, 0u) << n << " bytes aligned to " << align;
      blocks.push_back({p, n, fill++});
    }
  }
  expectDistinctAndIntact(blocks);
}

TEST(Arena, GrowsAcrossChunksAndCountsWhatItHandsOut) {
  Arena& a = Arena::instance();
  const size_t used0 = a.bytesUsed(), mapped0 = a.bytesMapped();
  // Three chunks' worth in blocks of 1000 bytes, and blocks too large for a chunk's quarter.
  std::vector<Taken> blocks;
  size_t asked = 0;
  for (size_t i = 0; asked < 3 * Arena::kChunkBytes; ++i) {
    const size_t n = i % 100 == 99 ? Arena::kChunkBytes / 4 + 1 + i : 1000;
    auto* p = static_cast<uint8_t*>(a.alloc(n, 8));
    ASSERT_NE(p, nullptr);
    blocks.push_back({p, n, uint8_t(i % 251 + 1)});
    asked += n;
  }
  expectDistinctAndIntact(blocks);
  EXPECT_GE(a.bytesUsed() - used0, asked);
  // (The chunk current before may have held up to a chunk's worth of it.)
  EXPECT_GE(a.bytesMapped() - mapped0, asked - Arena::kChunkBytes);
  EXPECT_GE(a.bytesMapped(), a.bytesUsed());
  const MemoryUse m = memoryInUse();
  EXPECT_EQ(m.used, a.bytesUsed());
  EXPECT_EQ(m.mapped, a.bytesMapped());
}

TEST(Arena, PagesArePresentBeforeTheBlockIsWritten) {
  Arena& a = Arena::instance();
  for (size_t n : {size_t(40), size_t(3000), Arena::kChunkBytes / 4 + 100}) {
    const void* p = a.alloc(n, 16);
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(allPresent(p, n)) << n << " bytes";
  }
}

// Under TSan (the concurrency label): threads taking blocks at once get distinct ones.
TEST(Arena, ThreadsTakeDistinctBlocks) {
  constexpr int kThreads = 4, kEach = 3000;
  std::vector<std::vector<Taken>> taken(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &taken] {
      for (int i = 0; i < kEach; ++i) {
        const size_t n = 8 + size_t(i % 13) * 24;
        auto* p = static_cast<uint8_t*>(Arena::instance().alloc(n, 8));
        if (!p) return;
        std::memset(p, t + 1, n);  // written by its thread while the others allocate
        taken[size_t(t)].push_back({p, n, uint8_t(t + 1)});
      }
    });
  }
  for (std::thread& th : threads) th.join();
  std::vector<Taken> all;
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(taken[size_t(t)].size(), size_t(kEach));
    for (const Taken& b : taken[size_t(t)]) {
      for (size_t j = 0; j < b.n; ++j) ASSERT_EQ(b.p[j], b.fill) << "thread " << t << "'s block was overwritten";
    }
    all.insert(all.end(), taken[size_t(t)].begin(), taken[size_t(t)].end());
  }
  expectDistinctAndIntact(all);
}

TEST(Arena, NewInterfacesAreCounted) {
  const MemoryUse before = memoryInUse();
  for (int i = 0; i < 20; ++i) {
    std::string sig = "i64(";
    for (int j = 0; j < 9; ++j) sig += (i >> (j % 5)) & 1 ? "i64, " : "f64, ";
    sig += "{i8[" + std::to_string(301 + i) + "]})";  // a signature no other test makes
    ASSERT_TRUE(CallInterface::get(sig).ok()) << sig;
  }
  const MemoryUse after = memoryInUse();
  // Each interface's block (the CallInterface and a byte per value) and its cache entry at least.
  EXPECT_GE(after.used - before.used, 20 * (sizeof(CallInterface) + 11));
}

TEST(Populate, MakesPagesPresentAndKeepsTheirBytes) {
  const size_t n = 8 * kPage;
  auto* p = static_cast<uint8_t*>(mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(p, MAP_FAILED);
  p[kPage] = 0x5a;  // one page holds something already
  EXPECT_FALSE(allPresent(p, n));
  populatePages(p, n, PageAccess::kWrite);
  EXPECT_TRUE(allPresent(p, n));
  EXPECT_EQ(p[kPage], 0x5a);
  EXPECT_EQ(p[0], 0);
  munmap(p, n);
}

TEST(Populate, StepsDoubleFromAPageUpToTheMost) {
  size_t step = 0, total = 0;
  std::vector<size_t> steps;
  while (total < 4 * kMaxPopulateStep) {
    step = nextPopulateStep(step);
    steps.push_back(step);
    total += step;
  }
  ASSERT_GE(steps.size(), 2u);
  EXPECT_EQ(steps[0], kPage);
  for (size_t i = 1; i < steps.size(); ++i) EXPECT_EQ(steps[i], std::min(2 * steps[i - 1], kMaxPopulateStep));
  EXPECT_EQ(steps.back(), std::max(kMaxPopulateStep, kPage));
}

// Code memory makes a new block's pages present in both views before the code is written.
TEST(Populate, CodeBlocksArePresentInBothViewsBeforeWriting) {
  for (size_t n : {size_t(100), size_t(900), size_t(5000)}) {
    auto b = CodeMemory::instance().alloc(n);
    ASSERT_TRUE(b.ok());
    EXPECT_TRUE(allPresent(b->rw, n)) << n << " bytes, writable view";
    EXPECT_TRUE(allPresent(b->rx, n)) << n << " bytes, executable view";
    CodeMemory::instance().release(b->rx);
  }
}

}  // namespace
}  // namespace jitffi::internal
