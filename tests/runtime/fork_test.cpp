// SPDX-License-Identifier: MIT
// fork(): after it, parent and child each behave as if they had their own copy of every stub and
// closure made before it, and nothing either makes, calls, prepares or frees later reaches the
// other — in both directions, through the C++ API and libffi's C API, with a thread allocating at
// the moment of the fork. The oracle is the C function the stub calls (or the arithmetic the
// closure handler does) in the process that made it; the two processes take turns over pipes so
// that both allocate after the fork from the same pre-fork state (where shared bookkeeping would
// hand both the same slot). CTest runs this suite plain, interpreted (JITFFI_JIT=0), with
// JITFFI_CLOSURE_SAME_ADDRESS=1 and under PR_SET_MDWE.
#include <gtest/gtest.h>

#include <ffi.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "jitffi/closure.h"

namespace {

using namespace jitffi;

// ---- processes taking turns ---------------------------------------------------------------------

// A forked child running `body` with gtest's assertions; its verdict is its exit status.
class Child {
 public:
  template <class F>
  explicit Child(F&& body) {
    if (pipe(toChild_) != 0 || pipe(toParent_) != 0) std::abort();
    std::fflush(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      alarm(60);  // a deadlock in the child fails the test instead of hanging it
      close(toChild_[1]);
      close(toParent_[0]);
      self_ = this;
      const int before = failures();
      body();
      std::fflush(nullptr);
      _exit(failures() > before ? 1 : 0);
    }
    close(toChild_[0]);
    close(toParent_[1]);
  }
  Child(const Child&) = delete;
  ~Child() {
    if (pid_ > 0) wait();
  }

  // Failed expectations of the current test so far (a child inherits the parent's).
  static int failures() {
    const ::testing::TestResult* r = ::testing::UnitTest::GetInstance()->current_test_info()->result();
    int n = 0;
    for (int i = 0; i < r->total_part_count(); ++i) n += r->GetTestPartResult(i).failed() ? 1 : 0;
    return n;
  }

  // The child's side of the turns: hand the turn to the parent, wait for it to come back.
  static void toParent() { self_->send(self_->toParent_[1]); }
  static void fromParent() { self_->receive(self_->toChild_[0]); }
  // The parent's side.
  void toChild() { send(toChild_[1]); }
  void fromChild() { receive(toParent_[0]); }

  // Waits for the child; true when it exited with status 0 (every expectation in it held).
  bool wait() {
    if (pid_ <= 0) return passed_;
    int status = 0;
    if (waitpid(pid_, &status, 0) != pid_) status = -1;
    pid_ = 0;
    close(toChild_[1]);
    close(toParent_[0]);
    passed_ = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!passed_) {
      ADD_FAILURE() << "child " << (WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                                                        : "exited with " + std::to_string(WEXITSTATUS(status)));
    }
    return passed_;
  }

 private:
  static void send(int fd) {
    const char c = 1;
    if (write(fd, &c, 1) != 1) std::abort();
  }
  static void receive(int fd) {
    char c;
    if (read(fd, &c, 1) != 1) std::_Exit(3);  // the other side died
  }
  static inline Child* self_ = nullptr;
  pid_t pid_ = -1;
  int toChild_[2] = {-1, -1};
  int toParent_[2] = {-1, -1};
  bool passed_ = false;
};

// Whether p lies in a shared mapping (/proc/self/maps: its permissions end in 's').
bool sharedMapping(const void* p) {
  FILE* maps = std::fopen("/proc/self/maps", "re");
  if (!maps) std::abort();
  char line[4096];
  bool shared = false;
  while (std::fgets(line, sizeof line, maps)) {
    unsigned long lo, hi;
    char perms[5];
    if (std::sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && uintptr_t(p) >= lo && uintptr_t(p) < hi) {
      shared = perms[3] == 's';
      break;
    }
  }
  std::fclose(maps);
  return shared;
}

// ---- the code being made -------------------------------------------------------------------------

long addTwo(long a, long b) { return a + b; }
long mulTwo(long a, long b) { return a * b; }

// A signature no earlier test used (each call a new one), so that making it writes new code: two
// i64 parameters then `extra` i32 ones the callee (addTwo, mulTwo) ignores.
std::string freshSignature() {
  static int extra = 0;
  std::string s = "i64(i64, i64";
  for (int i = 0; i < extra; ++i) s += ", i32";
  ++extra;
  return s + ")";
}

// Calls fn(a, b) through a fresh interface, with zeros for the ignored parameters.
long callFresh(const CallInterface* ci, Fn fn, long a, long b) {
  std::vector<int> zeros(ci->signature().args.size(), 0);
  std::vector<void*> av{&a, &b};
  for (size_t i = 2; i < zeros.size(); ++i) av.push_back(&zeros[i]);
  long r = 0;
  ci->call(fn, &r, av.data());
  return r;
}

// The same through libffi's API: a new cif of 2 + extra arguments.
struct FreshCif {
  explicit FreshCif(int extra) : types(2 + extra, &ffi_type_sint32) {
    types[0] = types[1] = &ffi_type_slong;
    status = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, unsigned(types.size()), &ffi_type_slong, types.data());
  }
  long call(void (*fn)(), long a, long b) {
    std::vector<int> zeros(types.size(), 0);
    std::vector<void*> av{&a, &b};
    for (size_t i = 2; i < types.size(); ++i) av.push_back(&zeros[i]);
    long r = 0;
    ffi_call(&cif, fn, &r, av.data());
    return r;
  }
  ffi_cif cif;
  std::vector<ffi_type*> types;
  ffi_status status;
};
int freshCifExtra() {
  static int extra = 40;  // distinct from freshSignature's for a while
  return extra++;
}

// Closure handlers: x + user (C API) and x * user (C++ API).
void addUser(ffi_cif*, void* ret, void** args, void* user) {
  *static_cast<ffi_arg*>(ret) = ffi_arg(*static_cast<int*>(args[0]) + *static_cast<int*>(user));
}
void mulUser(const void*, void* ret, void** args, void* user) {
  *static_cast<int*>(ret) = *static_cast<int*>(args[0]) * *static_cast<int*>(user);
}

const CallInterface* intOfInt() {
  auto ci = CallInterface::get("i32(i32)");
  return ci.ok() ? *ci : nullptr;
}

ffi_cif* intOfIntCif() {
  static ffi_cif cif;
  static ffi_type* at[] = {&ffi_type_sint};
  static const ffi_status st = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, at);
  return st == FFI_OK ? &cif : nullptr;
}

// A libffi closure: x + *user.
struct CClosure {
  explicit CClosure(int* user) {
    closure = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code));
    if (closure && ffi_prep_closure_loc(closure, intOfIntCif(), addUser, user, code) != FFI_OK) {
      ffi_closure_free(closure);
      closure = nullptr;
    }
  }
  int operator()(int x) const { return reinterpret_cast<int (*)(int)>(code)(x); }
  ffi_closure* closure = nullptr;
  void* code = nullptr;
};

RawClosure rawMul(int* user) {
  auto c = RawClosure::make(intOfInt(), &mulUser, user);
  return c.ok() ? std::move(*c) : RawClosure();
}

// ---- tests ---------------------------------------------------------------------------------------

TEST(Fork, NewInterfacesOnBothSides) {
  // Warm up: code memory in use before the fork.
  auto before = CallInterface::get(freshSignature());
  ASSERT_TRUE(before.ok());
  const std::string childSig = freshSignature(), parentSig = freshSignature();
  const int childExtra = freshCifExtra(), parentExtra = freshCifExtra();
  Child child([&] {
    // The child makes its interfaces first, then lets the parent make its own.
    auto ci = CallInterface::get(childSig);
    ASSERT_TRUE(ci.ok());
    FreshCif cif(childExtra);
    ASSERT_EQ(cif.status, FFI_OK);
    EXPECT_EQ(callFresh(*ci, toFn(addTwo), 20, 22), 42);
    Child::toParent();
    Child::fromParent();
    EXPECT_EQ(callFresh(*ci, toFn(addTwo), 20, 22), 42);
    EXPECT_EQ(cif.call(FFI_FN(addTwo), 5, 6), 11);
    EXPECT_EQ(callFresh(*before, toFn(mulTwo), 6, 7), 42);
  });
  child.fromChild();
  auto ci = CallInterface::get(parentSig);
  ASSERT_TRUE(ci.ok());
  FreshCif cif(parentExtra);
  ASSERT_EQ(cif.status, FFI_OK);
  EXPECT_EQ(callFresh(*ci, toFn(mulTwo), 6, 7), 42);
  EXPECT_EQ(cif.call(FFI_FN(mulTwo), 5, 6), 30);
  child.toChild();
  EXPECT_TRUE(child.wait());
  // And the other way round: what the child made never reached the parent.
  EXPECT_EQ(callFresh(*ci, toFn(mulTwo), 6, 7), 42);
  EXPECT_EQ(cif.call(FFI_FN(mulTwo), 5, 6), 30);
}

TEST(Fork, NewClosuresOnBothSides) {
  int before = 1;
  CClosure warm(&before);  // closure memory in use before the fork
  ASSERT_TRUE(warm.closure);
  int childUser = 8, parentUser = 501;
  Child child([&] {
    CClosure c(&childUser);
    RawClosure r = rawMul(&childUser);
    ASSERT_TRUE(c.closure && r);
    EXPECT_EQ(c.closure->user_data, &childUser);
    Child::toParent();
    Child::fromParent();
    EXPECT_EQ(c(2), 10);
    EXPECT_EQ(c.closure->user_data, &childUser);
    EXPECT_EQ(r.as<int(int)>()(2), 16);
    EXPECT_EQ(warm(2), 3);
    ffi_closure_free(c.closure);
  });
  child.fromChild();
  CClosure c(&parentUser);
  RawClosure r = rawMul(&parentUser);
  ASSERT_TRUE(c.closure && r);
  EXPECT_EQ(c(2), 503);
  EXPECT_EQ(r.as<int(int)>()(2), 1002);
  child.toChild();
  EXPECT_TRUE(child.wait());
  EXPECT_EQ(c(2), 503);
  EXPECT_EQ(c.closure->user_data, &parentUser);
  EXPECT_EQ(r.as<int(int)>()(2), 1002);
  ffi_closure_free(c.closure);
  ffi_closure_free(warm.closure);
}

TEST(Fork, ChildFreesPreForkClosuresThenParentUsesThem) {
  std::vector<int> users(64);
  std::vector<CClosure> cs;
  std::vector<RawClosure> rs;
  for (size_t i = 0; i < users.size(); ++i) {
    users[i] = int(i);
    cs.emplace_back(&users[i]);
    rs.push_back(rawMul(&users[i]));
    ASSERT_TRUE(cs.back().closure && rs.back());
  }
  Child child([&] {
    for (auto& c : cs) ffi_closure_free(c.closure);
    rs.clear();
    // And new ones in the freed slots.
    int mine = 1000;
    std::vector<CClosure> fresh;
    for (int i = 0; i < 64; ++i) fresh.emplace_back(&mine);
    for (auto& c : fresh) EXPECT_EQ(c(1), 1001);
    for (auto& c : fresh) ffi_closure_free(c.closure);
  });
  EXPECT_TRUE(child.wait());
  for (size_t i = 0; i < cs.size(); ++i) {
    EXPECT_EQ(cs[i](1), 1 + int(i));
    EXPECT_EQ(rs[i].as<int(int)>()(3), 3 * int(i));
  }
  for (auto& c : cs) ffi_closure_free(c.closure);
  rs.clear();
}

TEST(Fork, ParentFreesAndReusesWhileChildCallsPreForkCode) {
  std::vector<int> users(32);
  std::vector<CClosure> cs;
  std::vector<RawClosure> rs;
  std::vector<BoundCall> bound;
  auto ci = CallInterface::get("i64(i64, i64)");
  ASSERT_TRUE(ci.ok());
  for (size_t i = 0; i < users.size(); ++i) {
    users[i] = int(i);
    cs.emplace_back(&users[i]);
    rs.push_back(rawMul(&users[i]));
    auto b = (*ci)->bind(toFn(addTwo));
    ASSERT_TRUE(cs.back().closure && rs.back() && b.ok());
    bound.push_back(std::move(*b));
  }
  Child child([&] {
    Child::fromParent();  // the parent has freed everything and reused the memory
    for (size_t i = 0; i < cs.size(); ++i) {
      EXPECT_EQ(cs[i](1), 1 + int(i));
      EXPECT_EQ(cs[i].closure->user_data, &users[i]);
      EXPECT_EQ(rs[i].as<int(int)>()(3), 3 * int(i));
      long a = 40, b = 2, r = 0;
      void* av[] = {&a, &b};
      bound[i](&r, av);
      EXPECT_EQ(r, 42);
    }
    // The child's own frees of its copies work too.
    for (auto& c : cs) ffi_closure_free(c.closure);
  });
  for (auto& c : cs) ffi_closure_free(c.closure);
  rs.clear();
  bound.clear();
  int other = 7000;
  std::vector<CClosure> fresh;
  std::vector<RawClosure> freshRaw;
  std::vector<BoundCall> freshBound;
  for (size_t i = 0; i < users.size(); ++i) {
    fresh.emplace_back(&other);
    freshRaw.push_back(rawMul(&other));
    auto b = (*ci)->bind(toFn(mulTwo));
    ASSERT_TRUE(b.ok());
    freshBound.push_back(std::move(*b));
  }
  child.toChild();
  EXPECT_TRUE(child.wait());
  for (size_t i = 0; i < fresh.size(); ++i) {
    EXPECT_EQ(fresh[i](1), 7001);
    EXPECT_EQ(freshRaw[i].as<int(int)>()(2), 14000);
    long a = 6, b = 7, r = 0;
    void* av[] = {&a, &b};
    freshBound[i](&r, av);
    EXPECT_EQ(r, 42);
  }
  for (auto& c : fresh) ffi_closure_free(c.closure);
}

// ASan's allocator (GCC 12's libasan) does not lock itself around fork(): a child forked while
// another thread is inside malloc deadlocks at its first malloc. glibc's malloc is fork-safe.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMallocForkSafe = false;
#else
constexpr bool kMallocForkSafe = true;
#endif

TEST(Fork, ThreadAllocatingWhileForking) {
  // A thread makes interfaces (new code), bound stubs, and closures of both APIs in a loop while
  // this thread forks; each child uses what existed before, makes its own, and exits. Neither a
  // deadlock (a lock held by the allocating thread at the fork) nor a wrong result is allowed.
  // Under ASan (kMallocForkSafe false) the children call nothing that allocates heap memory:
  // they make closures in free slots and call existing interfaces, but make no new interface.
  std::atomic<bool> stop{false};
  std::atomic<int> made{0};
  const CallInterface* mulCi = intOfInt();
  ASSERT_TRUE(mulCi);
  std::thread t([&] {
    int user = 3;
    for (int i = 0; !stop.load(); ++i) {
      auto ci = CallInterface::get("i64(i64, i64, {i8[" + std::to_string(17 + i) + "]})");
      if (!ci.ok()) break;
      auto b = (*ci)->bind(toFn(addTwo));
      CClosure c(&user);
      RawClosure r = rawMul(&user);
      if (!b.ok() || !c.closure || !r || c(1) != 4 || r.as<int(int)>()(2) != 6) break;
      ffi_closure_free(c.closure);
      made.fetch_add(1);
    }
  });
  while (made.load() < 5) std::this_thread::yield();
  int pre = 11;
  CClosure preFork(&pre);
  ASSERT_TRUE(preFork.closure);
  auto preCi = CallInterface::get("i64(i64, i64)");
  ASSERT_TRUE(preCi.ok());
  for (int k = 0; k < 40; ++k) {
    const std::string sig = freshSignature();
    Child child([&] {
      EXPECT_EQ(preFork(1), 12);
      long a = 1, b = 2, r = 0;
      void* av[] = {&a, &b};
      (*preCi)->call(toFn(addTwo), &r, av);
      EXPECT_EQ(r, 3);
      if (kMallocForkSafe) {
        auto ci = CallInterface::get(sig);
        ASSERT_TRUE(ci.ok());
        EXPECT_EQ(callFresh(*ci, toFn(mulTwo), 6, 7), 42);
      }
      int mine = 100;
      CClosure c(&mine);
      auto raw = RawClosure::make(mulCi, &mulUser, &mine);
      ASSERT_TRUE(c.closure && raw.ok());
      EXPECT_EQ(c(1), 101);
      EXPECT_EQ(raw->as<int(int)>()(2), 200);
      ffi_closure_free(c.closure);
    });
    EXPECT_TRUE(child.wait());
  }
  const int before = made.load();
  while (made.load() < before + 2) std::this_thread::yield();  // the thread is still well
  stop = true;
  t.join();
  EXPECT_EQ(preFork(1), 12);
  ffi_closure_free(preFork.closure);
}

TEST(Fork, GrandchildrenKeepTheirOwnCopies) {
  // A child forks again: every generation makes a closure in the same (inherited) free slot and
  // still sees its own.
  int a = 1;
  CClosure warm(&a);  // closure memory in use before the forks
  ASSERT_TRUE(warm.closure);
  Child child([&] {
    int b = 2;
    Child grandchild([&] {
      int c = 3;
      CClosure mine(&c);
      Child::toParent();
      Child::fromParent();
      EXPECT_EQ(mine(10), 13);
    });
    grandchild.fromChild();
    CClosure mine(&b);
    grandchild.toChild();
    EXPECT_TRUE(grandchild.wait());
    EXPECT_EQ(mine(10), 12);
    Child::toParent();
    Child::fromParent();
    EXPECT_EQ(mine(10), 12);
  });
  child.fromChild();
  CClosure mine(&a);
  child.toChild();
  EXPECT_TRUE(child.wait());
  EXPECT_EQ(mine(10), 11);
  ffi_closure_free(mine.closure);
  ffi_closure_free(warm.closure);
}

TEST(Fork, ChildWithoutACopyNeverWritesInheritedMemory) {
  // When the copy cannot be made (here: no file descriptor left at the fork), the child keeps the
  // parent's pages but never writes them: it calls what it inherited, makes new code and
  // closures elsewhere, leaks what it frees of the inherited ones, and faults if it writes one.
  std::vector<int> users(16);
  std::vector<CClosure> cs;
  for (size_t i = 0; i < users.size(); ++i) {
    users[i] = int(i);
    cs.emplace_back(&users[i]);
    ASSERT_TRUE(cs.back().closure);
  }
  auto ci = CallInterface::get("i64(i64, i64)");
  ASSERT_TRUE(ci.ok());
  auto bound = (*ci)->bind(toFn(addTwo));
  ASSERT_TRUE(bound.ok());
  const std::string sig = freshSignature();

  // Use up every file descriptor, fork, give them back.
  rlimit saved;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit low = saved;
  low.rlim_cur = 256;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  std::vector<int> filler;
  for (int fd; (fd = dup(0)) >= 0;) filler.push_back(fd);
  std::fflush(nullptr);
  const pid_t pid = fork();
  for (int fd : filler) close(fd);
  if (pid == 0) {
    alarm(60);
    const int before = Child::failures();
    for (size_t i = 0; i < cs.size(); ++i) EXPECT_EQ(cs[i](1), 1 + int(i));
    long a = 40, b = 2, r = 0;
    void* av[] = {&a, &b};
    (*bound)(&r, av);
    EXPECT_EQ(r, 42);
    int mine = 100;
    CClosure fresh(&mine);
    ASSERT_TRUE(fresh.closure);
    EXPECT_EQ(fresh(1), 101);
    auto newCi = CallInterface::get(sig);
    ASSERT_TRUE(newCi.ok());
    EXPECT_EQ(callFresh(*newCi, toFn(mulTwo), 6, 7), 42);
    ffi_closure_free(cs[0].closure);  // leaked, not written
    // Writing an inherited closure faults (in a grandchild, which inherits the read-only view),
    // unless closures are private memory, copied on write by the kernel
    // (JITFFI_CLOSURE_SAME_ADDRESS=1: single-mapped; static trampolines, with JITFFI_JIT=0 or
    // no executable memory: the closure object is data, its code a trampoline elsewhere).
    const bool shared = sharedMapping(cs[1].closure);
    std::fflush(nullptr);
    const pid_t writer = fork();
    if (writer == 0) {
      struct sigaction dfl = {};
      dfl.sa_handler = SIG_DFL;  // the plain fault, even under a sanitizer's handler
      sigaction(SIGSEGV, &dfl, nullptr);
      ffi_prep_closure_loc(cs[1].closure, intOfIntCif(), addUser, &mine, cs[1].code);
      _exit(0);
    }
    int status = 0;
    EXPECT_EQ(waitpid(writer, &status, 0), writer);
    if (shared) EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) << "status " << status;
    else EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
    EXPECT_EQ(cs[1](1), 2);
    std::fflush(nullptr);
    _exit(Child::failures() > before ? 1 : 0);
  }
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
  ASSERT_GT(pid, 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  for (size_t i = 0; i < cs.size(); ++i) {
    EXPECT_EQ(cs[i](1), 1 + int(i));
    EXPECT_EQ(cs[i].closure->user_data, &users[i]);
  }
  for (auto& c : cs) ffi_closure_free(c.closure);
}

}  // namespace
