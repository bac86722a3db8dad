// SPDX-License-Identifier: MIT
// The program code_info_gdb_test.sh runs under gdb and code_info_perf_test.sh with
// JITFFI_PERF_MAP=1: it makes code blocks of a known signature, i32(f64, ptr), and calls through
// them into functions where gdb stops.
//
//   code_info_target [--api] stub|closure|bound     calls through the call stub, a closure, a
//                                                  bound stub (then frees it and stops again)
//   code_info_target perf DIR                      makes a block of each kind and prints
//                                                  "KIND ADDRESS" lines (and "mapping NAME",
//                                                  the stub's in /proc/self/maps, and "callee
//                                                  ADDRESS", the bound stub's target); dumps the
//                                                  blocks its perf map lists into DIR; forks,
//                                                  and the child makes one more block and dumps
//                                                  its own map's into DIR/child
//   code_info_target spin                          calls through the stub of i64(i64) for half
//                                                  a second (for perf record)
// Each run first prints "pid PID". --api turns debug registration on through jitffi::setDebugRegistration instead of the
// environment. Every call's result is checked against the direct call.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "jitffi/closure.h"
#include "jitffi/debug.h"

using namespace jitffi;

extern "C" {

// The address gdb is asked about (info symbol, disassemble).
const void* volatile jitffi_test_code = nullptr;

// gdb stops here (break jitffi_test_breakpoint).
__attribute__((noinline)) void jitffi_test_breakpoint() { __asm__ volatile("" ::: "memory"); }

__attribute__((noinline)) int jitffi_test_callee(double x, void* p) {
  jitffi_test_breakpoint();
  return int(x * 2) + (p != nullptr ? 1 : 0);
}

__attribute__((noinline)) int jitffi_test_stub_caller(const CallInterface* ci, double x, void* p) {
  void* args[] = {&x, &p};
  int64_t r = 0;  // ffi_call's rules: widened to 8 bytes
  ci->call(toFn(jitffi_test_callee), &r, args);
  __asm__ volatile("" ::: "memory");  // not a tail call: this frame stays in the backtrace
  return int(r);
}

__attribute__((noinline)) int jitffi_test_bound_caller(const BoundCall& bound, double x, void* p) {
  void* args[] = {&x, &p};
  int64_t r = 0;
  bound(&r, args);
  __asm__ volatile("" ::: "memory");
  return int(r);
}

void jitffi_test_handler(const void*, void* ret, void** args, void*) {
  jitffi_test_breakpoint();
  *static_cast<int64_t*>(ret) = int64_t(*static_cast<double*>(args[0]) * 2) + (*static_cast<void**>(args[1]) ? 1 : 0);
}

__attribute__((noinline)) int jitffi_test_closure_caller(int (*fp)(double, void*), double x, void* p) {
  const int r = fp(x, p);
  __asm__ volatile("" ::: "memory");
  return r;
}

__attribute__((noinline)) int64_t jitffi_test_increment(int64_t v) { return v + 1; }

}  // extern "C"

namespace {

int fail(const std::string& what) {
  std::fprintf(stderr, "code_info_target: %s\n", what.c_str());
  return 1;
}

int check(const char* what, int got, double x, void* p) {
  const int want = int(x * 2) + (p != nullptr ? 1 : 0);
  if (got != want) return fail(std::string(what) + ": " + std::to_string(got) + ", expected " + std::to_string(want));
  std::printf("%s: %d\n", what, got);
  return 0;
}

// Copies the bytes of every block /tmp/perf-PID.map lists into DIR/START.bin (START as the map
// writes it), for the test to disassemble.
int dumpMappedBlocks(const std::string& dir) {
  const std::string map = "/tmp/perf-" + std::to_string(getpid()) + ".map";
  FILE* f = std::fopen(map.c_str(), "r");
  if (!f) return fail("cannot open " + map);
  char start[32], size[32];
  int n = 0;
  while (std::fscanf(f, "%31s %31s %*[^\n]", start, size) == 2) {
    const auto* code = reinterpret_cast<const unsigned char*>(std::strtoull(start, nullptr, 16));
    const size_t bytes = std::strtoull(size, nullptr, 16);
    FILE* out = std::fopen((dir + "/" + start + ".bin").c_str(), "wb");
    if (!out || std::fwrite(code, 1, bytes, out) != bytes || std::fclose(out) != 0) return fail("cannot write a dump");
    ++n;
  }
  std::fclose(f);
  return n > 0 ? 0 : fail(map + " lists no block");
}

// The name /proc/self/maps gives the mapping that holds `p` ("" for anonymous private memory).
std::string mappingOf(const void* p) {
  FILE* f = std::fopen("/proc/self/maps", "r");
  if (!f) return "?";
  char line[512];
  std::string name = "?";
  while (std::fgets(line, sizeof line, f)) {
    unsigned long long lo, hi;
    int end = 0;
    if (std::sscanf(line, "%llx-%llx %*s %*s %*s %*s%n", &lo, &hi, &end) < 2) continue;
    if (uintptr_t(p) < lo || uintptr_t(p) >= hi) continue;
    name = line + end;
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of("\n ") + 1);
    break;
  }
  std::fclose(f);
  return name;
}

// Makes a block of every kind, prints their addresses and this process's id, dumps the blocks
// the map lists, then forks: the child makes one more block (and dumps its own map's).
int perf(const CallInterface* ci, const std::string& dir) {
  auto bound = ci->bind(toFn(jitffi_test_callee));
  if (!bound || !bound->stub()) return fail("bind");
  auto closure = RawClosure::make(ci, jitffi_test_handler, nullptr);
  if (!closure) return fail(closure.error().toString());
  int local = 0;
  if (check("closure", jitffi_test_closure_caller(closure->as<int(double, void*)>(), 0.5, &local), 0.5, &local) != 0)
    return 1;
  std::printf("mapping %s\n", mappingOf(reinterpret_cast<const void*>(ci->avaluesStub())).c_str());
  std::printf("callee %p\n", reinterpret_cast<void*>(jitffi_test_callee));
  std::printf("stub %p\nslots stub %p\nbound stub %p\n", reinterpret_cast<void*>(ci->avaluesStub()), reinterpret_cast<void*>(ci->slotsStub()),
              reinterpret_cast<void*>(bound->stub()));
  if (dumpMappedBlocks(dir) != 0) return 1;
  std::fflush(stdout);
  const pid_t child = fork();
  if (child < 0) return fail("fork");
  if (child == 0) {
    auto other = CallInterface::get("f64(f64)");
    if (!other || !(*other)->jitted()) _exit(fail("no generated code for f64(f64)"));
    std::printf("child %d\nchild stub %p\n", int(getpid()), reinterpret_cast<void*>((*other)->avaluesStub()));
    std::fflush(stdout);
    _exit(dumpMappedBlocks(dir + "/child"));
  }
  int status = 0;
  if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return fail("child");
  return 0;
}

// Calls through the stub of i64(i64) for half a second, for a profiler to see it.
int spin() {
  auto ci = CallInterface::get("i64(i64)");
  if (!ci || !(*ci)->jitted()) return fail("no generated code for i64(i64)");
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  int64_t v = 0, calls = 0;
  while (std::chrono::steady_clock::now() < until) {
    for (int k = 0; k < 100000; ++k, ++calls) {
      void* args[] = {&v};
      (*ci)->call(toFn(jitffi_test_increment), &v, args);
    }
  }
  if (v != calls) return fail("spin: " + std::to_string(v) + " after " + std::to_string(calls) + " calls");
  std::printf("spin: %lld calls\n", static_cast<long long>(calls));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int i = 1;
  if (i < argc && std::strcmp(argv[i], "--api") == 0) {
    if (setDebugRegistration(true)) return fail("debug registration was on already");
    ++i;
  }
  if (i >= argc) return fail("usage: code_info_target [--api] stub|closure|bound|perf DIR|spin");
  const std::string mode = argv[i];
  std::printf("pid %d\n", int(getpid()));
  auto ci = CallInterface::get("i32(f64, ptr)");
  if (!ci || !(*ci)->jitted()) return fail("no generated code for i32(f64, ptr)");
  int local = 0;
  if (mode == "stub") {
    jitffi_test_code = reinterpret_cast<const void*>((*ci)->avaluesStub());
    return check("stub", jitffi_test_stub_caller(*ci, 1.5, &local), 1.5, &local);
  }
  if (mode == "closure") {
    auto closure = RawClosure::make(*ci, jitffi_test_handler, nullptr);
    if (!closure) return fail(closure.error().toString());
    return check("closure", jitffi_test_closure_caller(closure->as<int(double, void*)>(), 2.5, &local), 2.5, &local);
  }
  if (mode == "bound") {
    int r;
    {
      auto bound = (*ci)->bind(toFn(jitffi_test_callee));
      if (!bound || !bound->stub()) return fail("bind");
      jitffi_test_code = reinterpret_cast<const void*>(bound->stub());
      r = jitffi_test_bound_caller(*bound, 3.5, nullptr);
    }
    jitffi_test_breakpoint();  // the bound stub is freed: gdb no longer knows its address
    return check("bound", r, 3.5, nullptr);
  }
  if (mode == "perf" && i + 1 < argc) return perf(*ci, argv[i + 1]);
  if (mode == "spin") return spin();
  return fail("unknown mode " + mode);
}
