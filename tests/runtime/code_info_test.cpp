// SPDX-License-Identifier: MIT
// Generated code described to debuggers and profilers (lib/runtime/code_info_p.h):
// - the ELF image of a code block, parsed back with the system's <elf.h> structures and read by
//   binutils' readelf (an independent reader of the format), its machine checked against this
//   test program's own ELF header (what the compiler made for this host);
// - gdb's JIT interface as gdb reads it: the descriptor's list holds one entry per block made
//   while registration is on, named after the block's signature and shape, its address range the
//   code's own (the stub pointers the API hands out); freed blocks leave it; the list stays a
//   consistent doubly linked list under threads, and a fork child changing its list leaves the
//   parent's alone;
// - the perf map written through the API (the environment's switch is code_info_perf_test.sh's).
// gdb itself driving these is code_info_gdb_test.sh.
#include <gtest/gtest.h>

#include <elf.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../../lib/emit/arch_p.h"
#include "../../lib/runtime/code_info_p.h"
#include "../../lib/runtime/elf_image_p.h"
#include "../../lib/runtime/unwind_p.h"
#include "jitffi/closure.h"
#include "jitffi/debug.h"

namespace {

using namespace jitffi;
using namespace jitffi::internal;

// ---- reading an image back -----------------------------------------------------------------------

struct Parsed {
  Elf64_Ehdr eh{};
  std::vector<Elf64_Shdr> sections;
  std::vector<std::string> sectionNames;
  std::vector<Elf64_Sym> symbols;
  std::vector<std::string> symbolNames;
};

template <class T>
T at(const uint8_t* image, size_t size, uint64_t offset) {
  T v{};
  if (offset + sizeof v > size) {
    ADD_FAILURE() << "read past the image's end at " << offset;
    return v;
  }
  std::memcpy(&v, image + offset, sizeof v);
  return v;
}

std::string stringAt(const uint8_t* image, size_t size, const Elf64_Shdr& table, uint32_t index) {
  if (index >= table.sh_size || table.sh_offset + table.sh_size > size) {
    ADD_FAILURE() << "string " << index << " outside its table";
    return {};
  }
  const char* s = reinterpret_cast<const char*>(image + table.sh_offset + index);
  const size_t max = table.sh_size - index;
  const size_t n = strnlen(s, max);
  EXPECT_LT(n, max) << "string " << index << " not terminated";
  return std::string(s, n);
}

Parsed parse(const uint8_t* image, size_t size) {
  Parsed p;
  p.eh = at<Elf64_Ehdr>(image, size, 0);
  for (unsigned i = 0; i < p.eh.e_shnum; ++i) {
    p.sections.push_back(at<Elf64_Shdr>(image, size, p.eh.e_shoff + uint64_t(i) * p.eh.e_shentsize));
  }
  if (p.eh.e_shstrndx >= p.sections.size()) {
    ADD_FAILURE() << "no section name table";
    return p;
  }
  for (const Elf64_Shdr& s : p.sections) {
    p.sectionNames.push_back(stringAt(image, size, p.sections[p.eh.e_shstrndx], s.sh_name));
  }
  for (const Elf64_Shdr& s : p.sections) {
    if (s.sh_type != SHT_SYMTAB) continue;
    EXPECT_EQ(s.sh_entsize, sizeof(Elf64_Sym));
    EXPECT_LT(s.sh_link, p.sections.size());
    for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= s.sh_size; off += sizeof(Elf64_Sym)) {
      const auto sym = at<Elf64_Sym>(image, size, s.sh_offset + off);
      p.symbols.push_back(sym);
      p.symbolNames.push_back(stringAt(image, size, p.sections[s.sh_link], sym.st_name));
    }
  }
  return p;
}

int sectionIndex(const Parsed& p, const std::string& name) {
  for (size_t i = 0; i < p.sectionNames.size(); ++i) {
    if (p.sectionNames[i] == name) return int(i);
  }
  return -1;
}

// This program's own e_machine: what the compiler produces for this host.
uint16_t ownMachine() {
  std::ifstream self("/proc/self/exe", std::ios::binary);
  Elf64_Ehdr eh{};
  self.read(reinterpret_cast<char*>(&eh), sizeof eh);
  return eh.e_machine;
}

struct Image {
  std::vector<uint64_t> storage;  // 8-byte aligned
  size_t size = 0;
  const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(storage.data()); }
};

Image makeImage(const ElfImageSpec& spec) {
  Image im;
  im.size = elfImageSize(spec);
  im.storage.assign((im.size + 7) / 8, 0);
  writeElfImage(spec, reinterpret_cast<uint8_t*>(im.storage.data()));
  return im;
}

constexpr uint64_t kAddr = 0x7f0012345000;
constexpr uint64_t kSize = 0x1e;
const char* const kName = "jitffi stub i32(f64, ptr)";

// The unwind table of a stub that pushes one register at offset 0 and reserves 32 bytes at
// offset 1 (registered with the unwinder for a moment: nothing runs there).
std::vector<uint8_t> sampleFrame() {
  void* handle = registerCode(reinterpret_cast<const void*>(kAddr), kSize, CfaSteps{{1, 16}, {5, 48}},
                              TableLife::kUntilUnregistered);
  EXPECT_NE(handle, nullptr);
  const std::span<const uint8_t> table = registeredTable(handle);
  std::vector<uint8_t> frame(table.begin(), table.end());
  unregisterCode(handle);
  return frame;
}

TEST(ElfImage, ParsesBack) {
  const std::vector<uint8_t> frame = sampleFrame();
  const Image im = makeImage({hostArch().elfMachine, kAddr, kSize, kName, frame});
  const Parsed p = parse(im.data(), im.size);

  EXPECT_EQ(std::memcmp(p.eh.e_ident, ELFMAG, SELFMAG), 0);
  EXPECT_EQ(p.eh.e_ident[EI_CLASS], ELFCLASS64);
  EXPECT_EQ(p.eh.e_ident[EI_DATA], ELFDATA2LSB);  // both architectures are little-endian
  EXPECT_EQ(p.eh.e_ident[EI_VERSION], EV_CURRENT);
  EXPECT_EQ(p.eh.e_type, ET_REL);
  EXPECT_EQ(p.eh.e_machine, ownMachine());
  EXPECT_EQ(p.eh.e_ehsize, sizeof(Elf64_Ehdr));
  EXPECT_EQ(p.eh.e_shentsize, sizeof(Elf64_Shdr));
  EXPECT_EQ(p.eh.e_phnum, 0);
  EXPECT_EQ(p.eh.e_shoff % 8, 0u);
  EXPECT_LE(p.eh.e_shoff + uint64_t(p.eh.e_shnum) * sizeof(Elf64_Shdr), im.size);

  EXPECT_EQ(p.sectionNames, (std::vector<std::string>{"", ".text", ".eh_frame", ".symtab", ".strtab", ".shstrtab"}));
  const int text = sectionIndex(p, ".text");
  const int eh = sectionIndex(p, ".eh_frame");
  ASSERT_GT(text, 0);
  ASSERT_GT(eh, 0);
  const Elf64_Shdr& t = p.sections[size_t(text)];
  EXPECT_EQ(t.sh_type, SHT_NOBITS);
  EXPECT_EQ(t.sh_flags, uint64_t(SHF_ALLOC | SHF_EXECINSTR));
  EXPECT_EQ(t.sh_addr, kAddr);
  EXPECT_EQ(t.sh_size, kSize);
  // Every section with contents lies inside the image; the unwind table is the block's, at its
  // address in memory.
  for (const Elf64_Shdr& s : p.sections) {
    if (s.sh_type != SHT_NOBITS) {
      EXPECT_LE(s.sh_offset + s.sh_size, im.size);
    }
    if (s.sh_addralign > 1) {
      EXPECT_EQ(s.sh_offset % s.sh_addralign, 0u);
    }
  }
  const Elf64_Shdr& e = p.sections[size_t(eh)];
  EXPECT_EQ(e.sh_type, SHT_PROGBITS);
  ASSERT_EQ(e.sh_size, frame.size());
  EXPECT_EQ(std::memcmp(im.data() + e.sh_offset, frame.data(), frame.size()), 0);
  EXPECT_EQ(e.sh_addr, uint64_t(uintptr_t(im.data() + e.sh_offset)));

  ASSERT_EQ(p.symbols.size(), 2u);
  EXPECT_EQ(p.symbolNames[0], "");
  EXPECT_EQ(p.symbolNames[1], kName);
  const Elf64_Sym& fn = p.symbols[1];
  EXPECT_EQ(ELF64_ST_TYPE(fn.st_info), STT_FUNC);
  EXPECT_EQ(ELF64_ST_BIND(fn.st_info), STB_GLOBAL);
  EXPECT_EQ(fn.st_shndx, text);
  EXPECT_EQ(t.sh_addr + fn.st_value, kAddr);  // relocatable: relative to its section
  EXPECT_EQ(fn.st_size, kSize);
  EXPECT_EQ(p.sections[size_t(sectionIndex(p, ".symtab"))].sh_info, 1u);  // the first global symbol
}

// readelf's view of the image: the section table, the symbol, and the unwind table's FDE over
// the code's range.
TEST(ElfImage, Readelf) {
  if (std::system("readelf --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "readelf (binutils) is not installed";
  const std::vector<uint8_t> frame = sampleFrame();
  const Image im = makeImage({hostArch().elfMachine, kAddr, kSize, kName, frame});
  char path[] = "/tmp/jitffi-elf-image-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, im.data(), im.size), ssize_t(im.size));
  close(fd);
  std::string out;
  {
    FILE* r = popen(("readelf -W -S -s --debug-dump=frames " + std::string(path) + " 2>&1").c_str(), "r");
    ASSERT_NE(r, nullptr);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, r)) > 0) out.append(buf, n);
    EXPECT_EQ(pclose(r), 0) << out;
  }
  unlink(path);
  EXPECT_EQ(out.find("Warning"), std::string::npos) << out;
  EXPECT_EQ(out.find("Error"), std::string::npos) << out;
  EXPECT_NE(out.find(".text             NOBITS          00007f0012345000"), std::string::npos) << out;
  EXPECT_NE(out.find("FUNC    GLOBAL DEFAULT    1 jitffi stub i32(f64, ptr)"), std::string::npos) << out;
  EXPECT_NE(out.find("pc=00007f0012345000..00007f001234501e"), std::string::npos) << out;
  EXPECT_NE(out.find("DW_CFA_def_cfa_offset: 48"), std::string::npos) << out;
}

// ---- the registered list -------------------------------------------------------------------------

struct Registered {
  uint64_t addr, size;
  std::string name;
  bool operator<(const Registered& o) const { return addr < o.addr; }
};

// What gdb would read: every entry of the descriptor's list, checking the links both ways.
std::vector<Registered> registered() {
  std::lock_guard<std::mutex> g(codeInfoLock());
  std::vector<Registered> all;
  EXPECT_EQ(__jit_debug_descriptor.version, 1u);
  EXPECT_EQ(__jit_debug_descriptor.actionFlag, uint32_t(kJitNoAction));
  EXPECT_EQ(__jit_debug_descriptor.relevantEntry, nullptr);
  const JitCodeEntry* prev = nullptr;
  for (const JitCodeEntry* e = __jit_debug_descriptor.firstEntry; e; prev = e, e = e->next) {
    EXPECT_EQ(e->prev, prev);
    const Parsed p = parse(reinterpret_cast<const uint8_t*>(e->symfileAddr), e->symfileSize);
    const int text = sectionIndex(p, ".text");
    if (text < 0 || p.symbols.size() != 2) {
      ADD_FAILURE() << "an entry without .text or its symbol";
      continue;
    }
    all.push_back({p.sections[size_t(text)].sh_addr + p.symbols[1].st_value, p.symbols[1].st_size, p.symbolNames[1]});
  }
  return all;
}

bool has(const std::vector<Registered>& list, const void* code, const std::string& name) {
  for (const Registered& r : list) {
    if (r.addr == uint64_t(uintptr_t(code)) && r.name == name && r.size > 0) return true;
  }
  return false;
}

bool hasAddress(const std::vector<Registered>& list, const void* code) {
  for (const Registered& r : list) {
    if (r.addr == uint64_t(uintptr_t(code))) return true;
  }
  return false;
}

// A target for bound stubs, which these tests make but never call.
void neverCalled() {}
void slotsHandler(const void*, void* ret, const uint64_t* args, void*) { *static_cast<int64_t*>(ret) = int64_t(args[0]); }
#if JITFFI_HAS_WIN64_HANDLERS
void plainHandler(const void*, void* ret, void** args, void*) {
  *static_cast<int64_t*>(ret) = *static_cast<int32_t*>(args[0]);
}
#endif

// First of the registration tests (gtest runs suites in the order they appear).
TEST(DebugRegistration, OffByDefaultAndSwitchable) {
  // CTest runs this program without JITFFI_DEBUG_JIT.
  EXPECT_FALSE(setDebugRegistration(false));
  auto off = CallInterface::get("i64(i8, i8, i8, f32)");
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(hasAddress(registered(), reinterpret_cast<const void*>((*off)->avaluesStub())));
  EXPECT_FALSE(setDebugRegistration(true));
  auto on = CallInterface::get("i64(i8, i8, i8, f64)");
  ASSERT_TRUE(on.ok());
  EXPECT_TRUE(has(registered(), reinterpret_cast<const void*>((*on)->avaluesStub()), "jitffi stub i64(i8, i8, i8, f64)"));
  // Code made while it was off stays undescribed; turning it off keeps what is registered.
  EXPECT_FALSE(hasAddress(registered(), reinterpret_cast<const void*>((*off)->avaluesStub())));
  EXPECT_TRUE(setDebugRegistration(false));
  EXPECT_TRUE(has(registered(), reinterpret_cast<const void*>((*on)->avaluesStub()), "jitffi stub i64(i8, i8, i8, f64)"));
}

// Registration on for one test, off again after it.
struct DebugRegistrationOn : ::testing::Test {
  void SetUp() override { setDebugRegistration(true); }
  void TearDown() override { setDebugRegistration(false); }
};

TEST_F(DebugRegistrationOn, EveryKindOfBlockIsNamedAndFreedOnesLeave) {
  auto ci = CallInterface::get("i32(f64, ptr, i16)");
  ASSERT_TRUE(ci.ok());
  ASSERT_TRUE((*ci)->jitted());
  std::vector<Registered> list = registered();
  EXPECT_TRUE(has(list, reinterpret_cast<const void*>((*ci)->avaluesStub()), "jitffi stub i32(f64, ptr, i16)"));
  const void* slots = reinterpret_cast<const void*>((*ci)->slotsStub());
  const void* boundCode;
  {
    auto bound = (*ci)->bind(toFn(neverCalled));
    ASSERT_TRUE(bound.ok());
    boundCode = reinterpret_cast<const void*>(bound->stub());
    list = registered();
    EXPECT_TRUE(has(list, slots, "jitffi slots stub i32(f64, ptr, i16)"));
    EXPECT_TRUE(has(list, boundCode, "jitffi bound stub i32(f64, ptr, i16)"));
  }
  list = registered();
  EXPECT_FALSE(hasAddress(list, boundCode)) << "a freed bound stub is still registered";
  EXPECT_TRUE(has(list, slots, "jitffi slots stub i32(f64, ptr, i16)"));

  // Closure entries (their addresses are not in the API: found by name).
  auto closure = RawClosure::make(*ci, slotsHandler, nullptr);
  ASSERT_TRUE(closure.ok());
  auto named = [](const std::string& name) {
    for (const Registered& r : registered()) {
      if (r.name == name) return true;
    }
    return false;
  };
  EXPECT_TRUE(named("jitffi slots closure entry i32(f64, ptr, i16)"));
#if JITFFI_HAS_WIN64_HANDLERS
  // Another ABI than the host's is named, and so is a handler's convention when it is not the
  // closure's.
  auto win = CallInterface::get("i32(f64, ptr, i16)", Abi::kWin64);
  ASSERT_TRUE(win.ok());
  EXPECT_TRUE(has(registered(), reinterpret_cast<const void*>((*win)->avaluesStub()), "jitffi win64 stub i32(f64, ptr, i16)"));
  auto wc = RawClosure::make(*win, plainHandler, nullptr);
  ASSERT_TRUE(wc.ok());
  EXPECT_TRUE(named("jitffi win64 closure entry i32(f64, ptr, i16) (sysv-x64 handler)"));
#endif
  // Nothing registered twice, no two entries over the same code.
  list = registered();
  std::set<uint64_t> addrs;
  for (const Registered& r : list) EXPECT_TRUE(addrs.insert(r.addr).second) << r.name;
}

TEST(CodeName, Texts) {
  const Signature sig = *Signature::parse("i32(f64, ptr)");
  const Abi other = kHostAbi == Abi::kSysV64 ? Abi::kWin64 : Abi::kSysV64;  // any ABI but the host's
  EXPECT_EQ(callStubName(sig, kHostAbi, CallShape::kAvalues, false).text(), "jitffi stub i32(f64, ptr)");
  EXPECT_EQ(callStubName(sig, kHostAbi, CallShape::kSlots, false).text(), "jitffi slots stub i32(f64, ptr)");
  EXPECT_EQ(callStubName(sig, kHostAbi, CallShape::kAvalues, true).text(), "jitffi bound stub i32(f64, ptr)");
  EXPECT_EQ(closureEntryName(sig, kHostAbi, HandlerShape::kAvalues, kHostAbi, ClosureCtx::kInterface).text(),
            "jitffi closure entry i32(f64, ptr)");
  EXPECT_EQ(closureEntryName(sig, kHostAbi, HandlerShape::kAvalues, kHostAbi, ClosureCtx::kFfiCif).text(),
            "jitffi closure entry i32(f64, ptr)");
  EXPECT_EQ(closureEntryName(sig, kHostAbi, HandlerShape::kSlots, kHostAbi, ClosureCtx::kInterface).text(),
            "jitffi slots closure entry i32(f64, ptr)");
  EXPECT_EQ(closureEntryName(sig, kHostAbi, HandlerShape::kAvalues, kHostAbi, ClosureCtx::kGo).text(),
            "jitffi go closure entry i32(f64, ptr)");
  const std::string o(abiName(other)), h(abiName(kHostAbi));
  EXPECT_EQ(callStubName(sig, other, CallShape::kAvalues, false).text(), "jitffi " + o + " stub i32(f64, ptr)");
  EXPECT_EQ(closureEntryName(sig, other, HandlerShape::kAvalues, kHostAbi, ClosureCtx::kInterface).text(),
            "jitffi " + o + " closure entry i32(f64, ptr) (" + h + " handler)");
  EXPECT_EQ(closureEntryName(sig, other, HandlerShape::kSlots, other, ClosureCtx::kInterface).text(),
            "jitffi " + o + " slots closure entry i32(f64, ptr)");
}

// Threads making and freeing bound stubs while others make interfaces: the list stays whole and
// ends with exactly the blocks still alive. (Run under TSan as code_info_threads.)
TEST_F(DebugRegistrationOn, ThreadsKeepTheListWhole) {
  auto ci = CallInterface::get("u64(u64, u32)");
  ASSERT_TRUE(ci.ok());
  constexpr int kThreads = 4, kRounds = 200;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        auto bound = (*ci)->bind(toFn(neverCalled));
        if (!bound.ok()) ++failures;
        if (i % 10 == 0) {
          // A signature no other thread or round makes: a new interface stub, registered under
          // the cache's lock.
          auto fresh = CallInterface::get("u64({u8[" + std::to_string(1000 * (t + 1) + i) + "]}, u32)");
          if (!fresh.ok()) ++failures;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  const std::vector<Registered> list = registered();  // checks every link
  std::set<uint64_t> addrs;
  for (const Registered& r : list) {
    EXPECT_TRUE(addrs.insert(r.addr).second) << "two entries at " << std::hex << r.addr;
    EXPECT_EQ(r.name.find("jitffi bound stub"), std::string::npos) << "a freed bound stub is still registered";
  }
}

// After fork the child frees and makes blocks on its own copy of the list; the parent's list
// still has what it had and nothing the child made.
TEST_F(DebugRegistrationOn, ForkChildChangesOnlyItsOwnList) {
  auto ci = CallInterface::get("f32(f32, i64)");
  ASSERT_TRUE(ci.ok());
  auto bound = (*ci)->bind(toFn(neverCalled));
  ASSERT_TRUE(bound.ok());
  const void* boundCode = reinterpret_cast<const void*>(bound->stub());
  ASSERT_TRUE(has(registered(), boundCode, "jitffi bound stub f32(f32, i64)"));
  int toParent[2];
  ASSERT_EQ(pipe(toParent), 0);
  std::fflush(nullptr);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child: its inherited list has the bound stub; it frees it and makes another block.
    int status = has(registered(), boundCode, "jitffi bound stub f32(f32, i64)") ? 0 : 1;
    *bound = BoundCall();
    if (hasAddress(registered(), boundCode)) status |= 2;
    auto made = CallInterface::get("f32(f32, i64, i8)");
    const void* code = made.ok() ? reinterpret_cast<const void*>((*made)->avaluesStub()) : nullptr;
    if (!has(registered(), code, "jitffi stub f32(f32, i64, i8)")) status |= 4;
    [[maybe_unused]] const ssize_t w = write(toParent[1], &code, sizeof code);
    _exit(status);
  }
  close(toParent[1]);
  const void* childCode = nullptr;
  ASSERT_EQ(read(toParent[0], &childCode, sizeof childCode), ssize_t(sizeof childCode));
  close(toParent[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "child: 1 = inherited entry missing, 2 = not unregistered, 4 = new one missing";
  const std::vector<Registered> list = registered();
  EXPECT_TRUE(has(list, boundCode, "jitffi bound stub f32(f32, i64)"));
  for (const Registered& r : list) EXPECT_NE(r.name, "jitffi stub f32(f32, i64, i8)") << "the child's block";
}

// ---- perf's map, through the API ---------------------------------------------------------------------

std::vector<std::string> mapLines() {
  std::ifstream in("/tmp/perf-" + std::to_string(getpid()) + ".map");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string hex(const void* p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(uintptr_t(p)));
  return buf;
}

TEST(PerfMap, ThroughTheApi) {
  const std::string path = "/tmp/perf-" + std::to_string(getpid()) + ".map";
  unlink(path.c_str());  // an earlier process's of the same id
  EXPECT_FALSE(setPerfMap(false));  // off by default
  auto before = CallInterface::get("i16(i16, f64, f64)");
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(mapLines().empty()) << "a map written while off";
  EXPECT_FALSE(setPerfMap(true));
  auto ci = CallInterface::get("i16(i16, f64, f32)");
  ASSERT_TRUE(ci.ok());
  EXPECT_TRUE(setPerfMap(false));
  auto after = CallInterface::get("i16(i16, f32, f32)");
  ASSERT_TRUE(after.ok());
  const std::vector<std::string> lines = mapLines();
  unlink(path.c_str());
  ASSERT_EQ(lines.size(), 1u);
  const std::string& line = lines[0];
  const std::string start = hex(reinterpret_cast<const void*>((*ci)->avaluesStub()));
  ASSERT_EQ(line.compare(0, start.size() + 1, start + " "), 0) << line;
  const size_t sp = line.find(' ', start.size() + 1);
  ASSERT_NE(sp, std::string::npos) << line;
  const std::string size = line.substr(start.size() + 1, sp - start.size() - 1);
  EXPECT_EQ(size.find_first_not_of("0123456789abcdef"), std::string::npos) << line;
  EXPECT_GT(std::stoull(size, nullptr, 16), 0u);
  EXPECT_EQ(line.substr(sp + 1), "jitffi stub i16(i16, f64, f32)");
}

}  // namespace
