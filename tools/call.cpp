// SPDX-License-Identifier: MIT
// `jitffi call`: loads a library, calls a function with arguments from the command line, and
// prints the result, what it wrote through out:/buf: arguments, and errno when asked.
//
// A crash of the called function is reported as such: while the call runs and its results are
// read, the signals of a crash (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS) are
// caught, on an alternate stack so that a stack overflow is reported too. The handler writes
// which signal, the faulting address where there is one, and in what, with async-signal-safe
// calls only, then exits with 128+N: the status a shell shows for a process killed by signal N,
// without a core dump.
#include <dlfcn.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "tool_p.h"

namespace jitffi::tool {
namespace {

// ---- a crash in the callee ----------------------------------------------------------------------

struct CrashSignal {
  int sig;
  const char* name;
  const char* what;
};
constexpr CrashSignal kCrashSignals[] = {
    {SIGSEGV, "SIGSEGV", "segmentation fault"}, {SIGBUS, "SIGBUS", "bus error"},
    {SIGILL, "SIGILL", "illegal instruction"},  {SIGFPE, "SIGFPE", "arithmetic exception"},
    {SIGABRT, "SIGABRT", "aborted"},            {SIGTRAP, "SIGTRAP", "trace/breakpoint trap"},
    {SIGSYS, "SIGSYS", "bad system call"},
};
constexpr int kCrashSignalCount = int(sizeof kCrashSignals / sizeof kCrashSignals[0]);

char gCrashWhat[512];  // "the call to strlen": set outside the handler, read by it
alignas(16) char gAltStack[64 * 1024];

// Async-signal-safe formatting into a fixed buffer.
struct SafeText {
  char buf[1024];
  size_t n = 0;
  void put(const char* s) {
    while (*s && n < sizeof buf) buf[n++] = *s++;
  }
  void putNumber(uintptr_t v, unsigned base) {
    char digits[32];
    int i = 0;
    do {
      digits[i++] = "0123456789abcdef"[v % base];
      v /= base;
    } while (v);
    while (i > 0 && n < sizeof buf) buf[n++] = digits[--i];
  }
};

void onCrash(int sig, siginfo_t* info, void*) {
  SafeText t;
  t.put("jitffi: ");
  const CrashSignal* cs = nullptr;
  for (const CrashSignal& c : kCrashSignals)
    if (c.sig == sig) cs = &c;
  if (cs) {
    t.put(cs->name);
    t.put(" (");
    t.put(cs->what);
  } else {
    t.put("signal ");
    t.putNumber(uintptr_t(sig), 10);
    t.put(" (");
  }
  if (sig == SIGSEGV || sig == SIGBUS) {
    t.put(", address 0x");
    t.putNumber(reinterpret_cast<uintptr_t>(info->si_addr), 16);
  }
  t.put(") in ");
  t.put(gCrashWhat);
  t.put("; exit status ");
  t.putNumber(uintptr_t(128 + sig), 10);
  t.put("\n");
  ssize_t ignored = write(STDERR_FILENO, t.buf, t.n);
  (void)ignored;
  _exit(128 + sig);
}

// Catches the crash signals while it lives.
class CrashGuard {
 public:
  explicit CrashGuard(const std::string& what) {
    setWhat(what);
    stack_t ss{};
    ss.ss_sp = gAltStack;
    ss.ss_size = sizeof gAltStack;
    sigaltstack(&ss, &oldStack_);
    struct sigaction sa {};
    sa.sa_sigaction = onCrash;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < kCrashSignalCount; ++i) sigaction(kCrashSignals[i].sig, &sa, &old_[i]);
  }
  ~CrashGuard() {
    for (int i = 0; i < kCrashSignalCount; ++i) sigaction(kCrashSignals[i].sig, &old_[i], nullptr);
    sigaltstack(&oldStack_, nullptr);
  }
  CrashGuard(const CrashGuard&) = delete;
  CrashGuard& operator=(const CrashGuard&) = delete;

  static void setWhat(const std::string& what) {
    const size_t n = std::min(what.size(), sizeof gCrashWhat - 1);
    std::memcpy(gCrashWhat, what.data(), n);
    gCrashWhat[n] = '\0';
  }

 private:
  struct sigaction old_[kCrashSignalCount] = {};
  stack_t oldStack_{};
};

// "errno: 2 ENOENT (No such file or directory)"
std::string errnoLine(int e) {
  std::string s = "errno: " + std::to_string(e);
  if (e == 0) return s;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  if (const char* name = strerrorname_np(e)) s += std::string(" ") + name;
#endif
  return s + " (" + std::strerror(e) + ")";
}

}  // namespace

int cmdCall(const CallRequest& r) {
  auto sig = parseToolSignature(r.signature, r.abi);
  if (!sig) return failure("signature: " + sig.error().toString());
  const size_t given = r.args.size();
  if (given != sig->sig.args.size()) {
    return failure("the signature has " + std::to_string(sig->sig.args.size()) + " argument(s), " +
                   std::to_string(given) + " given");
  }
  // errno asked about: the interface whose stub sets it just before the call and reads it right
  // after (nothing of the tool's runs in between).
  const bool errnoAsked = r.printErrno || r.setErrno;
  auto ci = CallInterface::get(sig->sig, r.abi,
                               {errnoAsked ? ErrnoMode::kSetAndCapture : ErrnoMode::kNone});
  if (!ci) return failure(ci.error().toString());

  // Arguments first (bad input is reported before anything is loaded or called).
  ValueArena arena;
  std::vector<ArgValue> args;
  std::vector<void*> avalues;
  for (size_t i = 0; i < given; ++i) {
    auto v = parseArgument(r.args[i], ToolType{sig->sig.args[i], sig->argStr[i]}, r.abi, arena);
    if (!v) return failure("argument " + std::to_string(i) + ": " + v.error().message());
    avalues.push_back(v->value);
    args.push_back(std::move(*v));
  }
  auto lib = openLibrary(r.library);
  if (!lib) return failure(lib.error().message());
  dlerror();
  void* fn = dlsym(*lib, r.symbol.c_str());
  if (!fn) {
    const char* e = dlerror();
    return failure("no symbol " + r.symbol + " in " + r.library + (e ? std::string(": ") + e : std::string()));
  }
  std::vector<unsigned char> ret(std::max<uint32_t>((*ci)->returnStorage(), 16) + 16);
  std::vector<std::string> lines;
  int callErrno = r.setErrno.value_or(0);
  {
    CrashGuard guard("the call to " + r.symbol);
    if (errnoAsked) (*ci)->call(reinterpret_cast<Fn>(fn), ret.data(), avalues.data(), callErrno);
    else (*ci)->call(reinterpret_cast<Fn>(fn), ret.data(), avalues.data());
    guard.setWhat("reading what " + r.symbol + " returned");
    const std::string out = formatValue(ret.data(), ToolType{sig->sig.ret, sig->retStr}, r.abi);
    if (!out.empty()) lines.push_back(out);
    for (size_t i = 0; i < args.size(); ++i)
      if (args[i].out != ArgValue::Out::kNone) lines.push_back("a" + std::to_string(i) + ": " + formatOut(args[i], r.abi));
  }
  if (r.printErrno) lines.push_back(errnoLine(callErrno));
  for (const std::string& l : lines) std::printf("%s\n", l.c_str());
  return kOk;
}

}  // namespace jitffi::tool
