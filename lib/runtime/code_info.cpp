// SPDX-License-Identifier: MIT
// Publishing generated code: unwind tables, gdb's JIT interface, perf's map (design in
// code_info_p.h).
#include "code_info_p.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <new>
#include <string_view>

#include "../emit/arch_p.h"
#include "elf_image_p.h"
#include "jitffi/debug.h"
#include "unwind_p.h"

using jitffi::internal::JitDescriptor;
using jitffi::internal::kJitNoAction;

extern "C" {
// gdb reads the version before anything is registered: it is set statically.
__attribute__((used)) JitDescriptor __jit_debug_descriptor = {1, kJitNoAction, nullptr, nullptr};
// gdb's breakpoint: never inlined, never assumed to leave memory alone.
__attribute__((noinline, used)) void __jit_debug_register_code() { __asm__ volatile("" ::: "memory"); }
}

namespace jitffi::internal {
namespace {
enum : uint8_t { kDebug = 1, kPerfMap = 2, kUnread = 0x80 };
}  // namespace

// kUnread until the environment is read, at the first question (so that the answer does not
// depend on the order in which static initializers run).
std::atomic<uint8_t> gCodeInfoSwitches{kUnread};

namespace {

bool envOn(const char* name) {
  const char* v = std::getenv(name);
  return v && *v && std::string_view(v) != "0";
}

uint8_t enabled() noexcept {
  uint8_t f = gCodeInfoSwitches.load(std::memory_order_relaxed);
  if (f & kUnread) {
    const uint8_t env = uint8_t((envOn("JITFFI_DEBUG_JIT") ? kDebug : 0) | (envOn("JITFFI_PERF_MAP") ? kPerfMap : 0));
    if (gCodeInfoSwitches.compare_exchange_strong(f, env, std::memory_order_relaxed)) f = env;  // else f is the newer value
  }
  return f;
}

bool setEnabled(uint8_t bit, bool on) noexcept {
  enabled();
  const uint8_t before = on ? gCodeInfoSwitches.fetch_or(bit) : gCodeInfoSwitches.fetch_and(uint8_t(~bit));
  return (before & bit) != 0;
}

// Set once a block has been described: until then retiring a block takes no lock.
std::atomic<bool> gAnyDescribed{false};

// A block described to the tools: its gdb entry (with the image after it), its perf map line.
struct Described {
  JitCodeEntry* debug = nullptr;
  std::string perfLine;
};

// Under codeInfoLock. Made on first use, never destroyed (code outlives static destructors).
struct Registry {
  std::map<const void*, Described> blocks;  // by code address
  int perfFd = -1;
};
Registry* gRegistry = nullptr;

Registry& registry() {
  if (!gRegistry) gRegistry = new Registry();
  return *gRegistry;
}

// ---- gdb -----------------------------------------------------------------------------------------

// The entry and its image in one allocation (the image 8-byte aligned after the entry).
JitCodeEntry* newDebugEntry(const CodeBlock& block, const void* unwind, std::string_view name) {
  // The unwind table is the one the unwinder has.
  const ElfImageSpec spec{hostArch().elfMachine, uint64_t(uintptr_t(block.rx)), block.size, name,
                          registeredTable(unwind)};
  const size_t imageSize = elfImageSize(spec);
  static_assert(sizeof(JitCodeEntry) % 8 == 0);
  auto* memory = new (std::nothrow) uint64_t[(sizeof(JitCodeEntry) + imageSize + 7) / 8];
  if (!memory) return nullptr;
  auto* entry = reinterpret_cast<JitCodeEntry*>(memory);
  auto* image = reinterpret_cast<uint8_t*>(entry + 1);
  writeElfImage(spec, image);
  *entry = JitCodeEntry{nullptr, nullptr, reinterpret_cast<const char*>(image), imageSize};
  return entry;
}

void deleteDebugEntry(JitCodeEntry* entry) { delete[] reinterpret_cast<uint64_t*>(entry); }

// Tells gdb (under codeInfoLock).
void notifyDebugger(JitAction action, JitCodeEntry* entry) {
  __jit_debug_descriptor.actionFlag = action;
  __jit_debug_descriptor.relevantEntry = entry;
  __jit_debug_register_code();
  __jit_debug_descriptor.actionFlag = kJitNoAction;
  __jit_debug_descriptor.relevantEntry = nullptr;
}

void linkDebugEntry(JitCodeEntry* entry) {
  JitDescriptor& d = __jit_debug_descriptor;
  entry->prev = nullptr;
  entry->next = d.firstEntry;
  if (entry->next) entry->next->prev = entry;
  d.firstEntry = entry;
  notifyDebugger(kJitRegisterFn, entry);
}

void unlinkDebugEntry(JitCodeEntry* entry) {
  JitDescriptor& d = __jit_debug_descriptor;
  if (entry->prev) entry->prev->next = entry->next;
  else d.firstEntry = entry->next;
  if (entry->next) entry->next->prev = entry->prev;
  notifyDebugger(kJitUnregisterFn, entry);
}

// ---- perf ----------------------------------------------------------------------------------------

// Appends to /tmp/perf-<this process's id>.map (created if need be); -1 if it cannot. Formats
// the path by hand: a fork child calls it.
int openPerfMap() noexcept {
  char path[40] = "/tmp/perf-";
  char digits[20];
  int n = 0;
  for (unsigned long pid = static_cast<unsigned long>(getpid()); n == 0 || pid; pid /= 10) digits[n++] = char('0' + pid % 10);
  size_t at = std::char_traits<char>::length(path);
  while (n) path[at++] = digits[--n];
  for (const char c : std::string_view(".map")) path[at++] = c;
  path[at] = '\0';
  return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

// One write per line: appends of a line are never interleaved with another writer's.
void writeLine(int fd, const std::string& line) noexcept {
  [[maybe_unused]] const ssize_t written = write(fd, line.data(), line.size());
}

// ---- describing and forgetting ---------------------------------------------------------------------

void describe(const CodeBlock& block, const void* unwind, const CodeName& name, uint8_t on) {
  const std::string text = name.text();
  Described d;
  if (on & kDebug) d.debug = newDebugEntry(block, unwind, text);
  if (on & kPerfMap) {
    char head[48];
    std::snprintf(head, sizeof head, "%" PRIxPTR " %zx ", uintptr_t(block.rx), block.size);
    d.perfLine = head + text + '\n';
  }
  std::lock_guard<std::mutex> g(codeInfoLock());
  Registry& r = registry();
  Described* kept;
  try {
    kept = &(r.blocks[block.rx] = std::move(d));
  } catch (const std::bad_alloc&) {
    deleteDebugEntry(d.debug);
    throw;
  }
  gAnyDescribed.store(true, std::memory_order_relaxed);
  if (!kept->perfLine.empty()) {
    if (r.perfFd < 0) r.perfFd = openPerfMap();
    if (r.perfFd >= 0) writeLine(r.perfFd, kept->perfLine);
  }
  if (kept->debug) linkDebugEntry(kept->debug);
}

void forget(void* rx) {
  std::lock_guard<std::mutex> g(codeInfoLock());
  Registry& r = registry();
  const auto it = r.blocks.find(rx);
  if (it == r.blocks.end()) return;
  if (JitCodeEntry* entry = it->second.debug) {
    unlinkDebugEntry(entry);
    deleteDebugEntry(entry);
  }
  r.blocks.erase(it);
}

}  // namespace

std::string CodeName::text() const {
  std::string s = "jitffi ";
  if (abi != kHostAbi) (s += abiName(abi)) += ' ';
  (s += kind) += ' ';
  s += sig.toText();
  if (handlerAbi != abi) ((s += " (") += abiName(handlerAbi)) += " handler)";
  return s;
}

void describeCode(const CodeBlock& block, const void* unwind, const CodeName& name) noexcept {
  if (const uint8_t on = enabled()) {
    try {
      describe(block, unwind, name, on);
    } catch (const std::bad_alloc&) {
      // Described or not, the code works: tools see it as unnamed code.
    }
  }
}

void retireCode(void* rx, void* unwind) {
  unregisterCode(unwind);
  if (rx && gAnyDescribed.load(std::memory_order_relaxed)) forget(rx);
  CodeMemory::instance().release(rx);
}

bool perfMapEnabled() noexcept { return (enabled() & kPerfMap) != 0; }

std::mutex& codeInfoLock() noexcept {
  static std::mutex mu;
  return mu;
}

void codeInfoAfterFork() noexcept {
  Registry* r = gRegistry;
  if (!r || r->perfFd < 0) return;
  close(r->perfFd);  // the parent's file
  r->perfFd = openPerfMap();
  if (r->perfFd < 0) return;
  for (const auto& [rx, d] : r->blocks) {
    if (!d.perfLine.empty()) writeLine(r->perfFd, d.perfLine);
  }
}

}  // namespace jitffi::internal

namespace jitffi {

bool setDebugRegistration(bool on) noexcept { return internal::setEnabled(internal::kDebug, on); }
bool setPerfMap(bool on) noexcept {
  const bool was = internal::setEnabled(internal::kPerfMap, on);
  internal::CodeMemory::instance().setProfilerVisible(on);
  return was;
}

}  // namespace jitffi
