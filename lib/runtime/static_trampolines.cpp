// SPDX-License-Identifier: MIT
// Static trampolines (design in static_trampolines_p.h).
#include "static_trampolines_p.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "code_memory_p.h"

extern "C" {
// <folder>_static_tramp.S: one block of trampolines, alone in its pages.
__attribute__((visibility("hidden"))) extern const uint8_t jitffi_static_trampolines[];
}

namespace jitffi::internal {

namespace {

constexpr size_t kBlock = host::kStaticTrampolineBlock;
constexpr size_t kSlots = kBlock / host::kStaticTrampolineStride;
static_assert(host::kStaticTrampolineStride >= 2 * sizeof(void*) && kBlock % host::kStaticTrampolineStride == 0);

// Where the block's code is in a file: the library's (or, linked statically, the program's)
// mapping that holds it, from /proc/self/maps.
struct CodeSource {
  char path[4096] = {};
  off_t offset = -1;  // -1: unknown
};

CodeSource findCodeSource() noexcept {
  CodeSource src;
  FILE* maps = std::fopen("/proc/self/maps", "re");
  if (!maps) return src;
  const uintptr_t want = uintptr_t(jitffi_static_trampolines);
  char line[4096 + 128];
  while (std::fgets(line, sizeof line, maps)) {
    uintptr_t lo, hi;
    unsigned long long offset;
    int pathAt = 0;
    if (std::sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %*s %llx %*s %*u %n", &lo, &hi, &offset, &pathAt) < 3) continue;
    if (want < lo || want >= hi) continue;
    const char* path = line + pathAt;
    if (pathAt > 0 && path[0] == '/') {
      std::strncpy(src.path, path, sizeof src.path - 1);
      src.path[std::strcspn(src.path, "\n")] = 0;
      src.offset = off_t(offset + (want - lo));
    }
    break;
  }
  std::fclose(maps);
  return src;
}

bool mapped(void* p, uint8_t* at) { return p == at; }

// The block's code at `at` (reserved, kBlock bytes), read+execute: the library's pages mapped
// again, else a shared-memory file holding a copy of them.
bool mapCode(uint8_t* at) noexcept {
  static const CodeSource src = findCodeSource();
  if (src.offset >= 0 && src.offset % off_t(sysconf(_SC_PAGESIZE)) == 0) {
    const int fd = open(src.path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      const bool ok = mapped(mmap(at, kBlock, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, fd, src.offset), at);
      close(fd);
      // The same bytes (not a file replaced since it was loaded)?
      if (ok && std::memcmp(at, jitffi_static_trampolines, kBlock) == 0) return true;
    }
  }
  const int fd = sharedMemoryFile(off_t(kBlock));
  if (fd < 0) return false;
  bool ok = pwrite(fd, jitffi_static_trampolines, kBlock, 0) == ssize_t(kBlock) &&
            mapped(mmap(at, kBlock, PROT_READ | PROT_EXEC, MAP_SHARED | MAP_FIXED, fd, 0), at);
  close(fd);
  return ok;
}

}  // namespace

bool StaticTrampolines::addBlock() noexcept {
  void* base = mmap(nullptr, 2 * kBlock, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) return false;
  auto* code = static_cast<uint8_t*>(base);
  uint8_t* data = code + kBlock;
  if (!mapCode(code) || !mapped(mmap(data, kBlock, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), data)) {
    munmap(base, 2 * kBlock);
    return false;
  }
  // Every slot free, the lowest first.
  for (size_t i = kSlots; i-- > 0;) give(code + i * host::kStaticTrampolineStride);
  return true;
}

void* StaticTrampolines::take(void* closure) noexcept {
  if (!free_ && !addBlock()) return nullptr;
  const void** s = free_;
  free_ = static_cast<const void**>(const_cast<void*>(s[0]));
  s[0] = closure;
  s[1] = nullptr;
  return reinterpret_cast<uint8_t*>(s) - kBlock;
}

void StaticTrampolines::give(void* code) noexcept {
  const void** s = slot(code);
  s[0] = free_;
  s[1] = nullptr;
  free_ = s;
}

}  // namespace jitffi::internal
