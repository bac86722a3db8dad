// SPDX-License-Identifier: MIT
// The jitffi command-line tool: the commands, their options and their help.
//
//   jitffi plan SIG [--abi A] [--arch R] [--errno-mode M]
//                                             the placement plan, for any ABI on any host
//   jitffi disasm SIG [--abi A] [--arch R] [--closure] [--shape avalues|slots] [--handler H]
//                [--errno-mode M]             the generated code, annotated
//   jitffi call LIB SYMBOL SIG [ARG...] [--abi A] [--errno] [--set-errno N]
//                                             call a function in a shared library (call.cpp)
//   jitffi bench [--filter RE] [--json FILE] [--chart FILE] [--quick] [--libffi PATH]
//                [--aarch64 DIR] [--riscv64 DIR]
//                                             the benchmark report (tools/bench/)
//
// Options: --opt value or --opt=value, anywhere after the command; `--` ends them. Every
// command's options are a table (kCommands), which both the parser and the help text read, so
// the help lists exactly what is accepted; the ABIs a help text offers are those that work for
// that command on this host, found by trying them.
//
// The options are parsed here rather than by a library (CLI11): `call` takes values that may
// begin with '-' (-42, -inf, -x as text) wherever they stand, which a general parser would take
// for options.
//
// Exit status: 0 on success, 1 on failure (bad input, a missing library…), 2 on bad usage,
// 128+N when the called function dies of signal N (call.cpp).
#include <ffi.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "../lib/emit/emit_p.h"
#include "jitffi/call.h"
#include "tool_p.h"

namespace jitffi::tool {
namespace {

const char* const kSignatureHelp =
    "SIG is a signature in jitffi's text form: RET(ARG, ARG, ...)\n"
    "  scalars  void i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 f32 f64 ld ptr c32 c64 cld\n"
    "  C names  int, unsigned long, long long, signed char, long double, size_t, int32_t, ...;\n"
    "           any pointer (const char*, FILE *) is ptr; const, volatile, restrict are ignored.\n"
    "           long, unsigned long, char and wchar_t are what the ABI's C compiler makes of\n"
    "           them: long is i32 under win64 and gnuw64, i64 elsewhere\n"
    "  structs  {i8,f64}  nested {i32,{f32,f32}}  arrays inside structs {f32[3]}\n"
    "  variadic i32(ptr, ..., f64, i32): the types after '...' are one call's variadic arguments\n"
    "Arguments are numbered from 0 (a0, a1, ...) in every message of the tool, and so are\n"
    "struct fields and array elements.\n";

const char* const kPlanAbout =
    "Prints where every byte of the return value and of each argument travels: the register or\n"
    "stack offset of each piece, the bytes of the value it carries (offset+size) and any sign\n"
    "(:s) or zero (:z) extension, or NaN-boxing (:n, a float in a RISC-V FP register).\n";

const char* const kDisasmAbout =
    "Prints the machine code jitffi generates for the signature: the call stub (default) or,\n"
    "with --closure, the closure entry shared by every closure of the signature.\n"
    "Each instruction that moves part of an argument says which (a2: bytes 8+8).\n";

const char* const kCallAbout =
    "Loads the shared library LIB, finds SYMBOL, calls it with the arguments and prints the\n"
    "result, then one line per out:/buf: argument (aN: value), then errno if asked.\n"
    "LIB as you would type it: libm.so.6, libm.so, libm or m (found as ctypes.util.find_library\n"
    "finds it: the dynamic linker's cache and paths, GNU ld scripts such as Debian's libm.so\n"
    "followed), or a path.\n"
    "SIG may also use str: a NUL-terminated string, passed as ptr; so is a pointer to plain\n"
    "char (char*, const char *restrict; not char**, unsigned char*).\n"
    "Arguments:\n"
    "  integers   decimal or 0x hex, range-checked against the type\n"
    "  floats     decimal, inf, nan\n"
    "  str        the text itself (for a null pointer, declare ptr and pass null)\n"
    "  ptr        null, an address (0x1234), or a fresh zeroed buffer printed after the call:\n"
    "             out:TYPE (e.g. out:i32, out:{i64,i64}, out:str for a char**) or buf:N (N bytes,\n"
    "             printed as text)\n"
    "  structs    {1,2.5} (nested braces for nested structs and arrays; complex numbers as {re,im})\n"
    "A str result is printed as its text (null for a null pointer).\n"
    "If the function dies of a signal, the tool says which and exits with 128+N.\n"
    "Examples:\n"
    "  jitffi call m cos 'f64(f64)' 1.0\n"
    "  jitffi call libz.so.1 zlibVersion 'str()'\n"
    "  jitffi call m frexp 'f64(f64, ptr)' 8 out:i32\n"
    "  jitffi call c strtol 'i64(str, ptr, i32)' 0x1fzz out:str 16\n"
    "  jitffi call c strtoul 'unsigned long(const char*, char**, int)' 0x1f null 0\n"
    "  jitffi call c open 'i32(str, i32)' /nonexistent 0 --errno\n"
    "  jitffi call c strtol 'long(str, ptr, int)' 99999999999999999999 null 10 --errno\n";

// What a command's ABIs must be able to do on this host.
enum class AbiUse { kNone, kClassify, kEmit, kRun };

struct OptionSpec {
  const char* name;   // "--abi"
  const char* arg;    // "A", or null for a flag
  const char* help;
};

struct Command {
  const char* name;
  const char* usage;  // after "jitffi "
  const char* about;
  AbiUse abis;
  std::vector<OptionSpec> options;
  const char* trailer;  // after the options
};

const OptionSpec kAbiOption = {"--abi", "A", "the calling convention (below; default: this host's)"};
const OptionSpec kErrnoModeOption = {"--errno-mode", "M",
                                     "the call option for errno: capture (the stub reads it after the\n"
                                     "call) or set+capture (also sets it before); default none"};
const OptionSpec kArchOption = {"--arch", "R",
                                "the architecture, x86-64 (x64), aarch64 (a64, arm64) or riscv64\n"
                                "(rv64): without --abi, this host's convention if it is of R, else\n"
                                "R's first one below"};

const std::vector<Command>& commands() {
  static const std::vector<Command> k = {
      {"plan", "plan SIG [--abi A] [--arch R] [--errno-mode M]", kPlanAbout, AbiUse::kClassify,
       {kAbiOption, kArchOption, kErrnoModeOption}, kSignatureHelp},
      {"disasm",
       "disasm SIG [--abi A] [--arch R] [--closure] [--shape avalues|slots] [--handler H] [--errno-mode M]",
       kDisasmAbout,
       AbiUse::kEmit,
       {kAbiOption,
        kArchOption,
        kErrnoModeOption,
        {"--closure", nullptr, "the closure entry instead of the call stub"},
        {"--shape", "S",
         "avalues (libffi's argument pointers, default) or slots (the interpreter shape of\n"
         "8-byte slots)"},
        {"--handler", "H",
         "with --closure, x86-64: the convention the handler is compiled for, sysv\n"
         "(default) or win64 (ms_abi; a Win64 closure then saves no registers around it);\n"
         "an AArch64 closure's handler is aapcs64"}},
       kSignatureHelp},
      {"call",
       "call LIB SYMBOL SIG [ARG...] [--abi A] [--errno] [--set-errno N]",
       kCallAbout,
       AbiUse::kRun,
       {kAbiOption,
        {"--errno", nullptr,
         "print errno as the function left it, read by the generated code right after\n"
         "the call (set to 0, or --set-errno's N, just before it): errno: N NAME (message)"},
        {"--set-errno", "N", "set errno to N just before the call"}},
       kSignatureHelp},
      {"bench",
       "bench [--filter RE] [--json FILE] [--chart FILE] [--quick] [--libffi PATH] [--aarch64 DIR]"
       " [--riscv64 DIR]",
       kBenchAbout,
       AbiUse::kNone,
       {{"--filter", "RE", "only the measurements whose name contains a match of RE (below)"},
        {"--json", "FILE", "also write every number to FILE as JSON"},
        {"--chart", "FILE",
         "also draw the chart (SVG) to FILE: wall time and instructions per call, libffi's\n"
         "ffi_call over jitffi's in red"},
        {"--quick", nullptr, "fewer and shorter repetitions (a few seconds in all; for tests)"},
        {"--libffi", "PATH",
         "also measure another libffi (e.g. a libffi 3.8 build), loaded from PATH: its ffi_call,\n"
         "its call plans (ffi_call_plan_invoke) when it has them, its closures, in a section\n"
         "of their own with its version"},
        {"--aarch64", "DIR",
         "also count AArch64 instructions per call in DIR, an aarch64 cross build of jitffi\n"
         "with its tool, under qemu-user (scripts/bench.sh makes one)"},
        {"--riscv64", "DIR",
         "also count RISC-V 64 instructions per call in DIR, a riscv64 cross build of jitffi\n"
         "with its tool, under qemu-user (scripts/bench.sh makes one)"}},
       kBenchNames},
  };
  return k;
}

const char* const kMainHelp =
    "usage: jitffi <command> [options] [--] [arguments]\n"
    "       jitffi --version | -V\n"
    "\n"
    "commands:\n"
    "  plan SIG                    print the argument-placement plan of a signature\n"
    "  disasm SIG                  print the generated code, each move annotated\n"
    "  call LIB SYMBOL SIG ARG...  call a C function in a shared library and print the result\n"
    "  bench                       compare direct calls, jitffi and libffi (the benchmark report)\n"
    "\n"
    "Options go anywhere after the command, their value next or after '=' (--abi win64,\n"
    "--abi=win64); -- ends them.\n"
    "Signatures are written like i32(f64, ptr, {f32,f32}, ...).\n"
    "`jitffi <command> --help` describes a command, its options and the ABIs it can use here.\n";

// ---- ABIs -----------------------------------------------------------------------------------

bool abiWorks(AbiUse use, Abi abi) {
  const Signature probe(Type::void_(), {Type::i32()});
  switch (use) {
    case AbiUse::kNone: return false;
    case AbiUse::kClassify: return classify(probe, abi).ok();
    case AbiUse::kEmit: {
      auto plan = classify(probe, abi);
      return plan && internal::listCallStub(*plan, internal::CallShape::kAvalues, nullptr).ok();
    }
    case AbiUse::kRun: return abiRunsHere(abi) && CallInterface::get(probe, abi).ok();
  }
  return false;
}

std::string abiList(AbiUse use) {
  std::string s;
  for (int i = 0; i < kAbiCount; ++i) {
    const Abi a = Abi(i);
    if (!abiWorks(use, a)) continue;
    if (!s.empty()) s += ", ";
    s += abiName(a);
    if (a == hostAbi()) s += " (default)";
  }
  return s;
}

// ---- help -----------------------------------------------------------------------------------

std::string commandHelp(const Command& c) {
  std::string h = "usage: jitffi " + std::string(c.usage) + "\n" + c.about + "Options:\n";
  auto line = [&](std::string left, const char* text) {
    if (left.size() < 16) left.resize(16, ' ');
    else left += "\n" + std::string(16, ' ');
    std::string t = text;
    for (size_t p = t.find('\n'); p != std::string::npos; p = t.find('\n', p + 1)) t.insert(p + 1, 16, ' ');
    h += left + t + "\n";
  };
  for (const OptionSpec& o : c.options) line("  " + std::string(o.name) + (o.arg ? " " + std::string(o.arg) : ""), o.help);
  line("  -h, --help", "this text");
  if (c.abis != AbiUse::kNone) h += "ABIs for " + std::string(c.name) + " on this host: " + abiList(c.abis) + "\n";
  return h + c.trailer;
}

int usage(const std::string& msg, const Command* c) {
  std::fprintf(stderr, "jitffi: %s\n%s", msg.c_str(), c ? commandHelp(*c).c_str() : kMainHelp);
  return kUsage;
}

// ---- parsing --------------------------------------------------------------------------------

struct Parsed {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;  // options with a value
  std::set<std::string> flags;
  bool help = false;

  bool flag(const char* name) const { return flags.count(name) != 0; }
  std::string value(const char* name, const char* fallback = "") const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
};

// Parses a command's arguments; returns an error message for bad usage. `call` takes its values
// (from the fourth positional argument on) as they are, also when they begin with '-'.
std::string parseArgs(const Command& c, int argc, char** argv, Parsed& p) {
  const bool values = std::strcmp(c.name, "call") == 0;
  bool optionsDone = false;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (optionsDone || a.size() < 2 || a[0] != '-') {
      p.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      optionsDone = true;
      continue;
    }
    if (a == "-h" || a == "--help") {
      p.help = true;
      continue;
    }
    const size_t eq = a.find('=');
    const std::string name = a.substr(0, a.rfind("--", 0) == 0 ? eq : std::string::npos);
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& o : c.options)
      if (name == o.name) spec = &o;
    if (!spec) {
      if (values && a[1] != '-' && p.positional.size() >= 3) {
        p.positional.push_back(a);  // a value such as -42 or -x
        continue;
      }
      return "unknown option " + name + " for " + c.name;
    }
    if (!spec->arg) {
      if (eq != std::string::npos && name.size() == eq) return std::string(spec->name) + " takes no value";
      p.flags.insert(spec->name);
    } else if (eq != std::string::npos && name.size() == eq) {
      p.values[spec->name] = a.substr(eq + 1);
    } else if (i + 1 < argc) {
      p.values[spec->name] = argv[++i];
    } else {
      return std::string(spec->name) + " needs a value (" + spec->arg + ")";
    }
  }
  return {};
}

// The --abi of a command: this host's by default, or with --arch the first of that
// architecture's that the command can use here; refused (bad usage) when the command cannot use
// it here.
bool resolveAbi(const Command& c, const Parsed& p, Abi& abi, std::string& error) {
  const std::string name = p.value("--abi");
  const std::string archText = p.value("--arch");
  std::optional<Arch> arch;
  if (!archText.empty() && !(arch = archFromName(archText))) {
    error = "unknown architecture '" + archText + "'";
    return false;
  }
  if (name.empty()) {
    abi = hostAbi();
    if (!arch || archOf(abi) == *arch) return true;
    for (int i = 0; i < kAbiCount; ++i) {
      abi = Abi(i);
      if (archOf(abi) == *arch && abiWorks(c.abis, abi)) return true;
    }
    error = "no ABI of " + archText + " is available for " + c.name + " on this host";
    return false;
  }
  auto a = abiFromName(name);
  if (!a) {
    error = "unknown ABI '" + name + "'";
    return false;
  }
  if (!abiWorks(c.abis, *a)) {
    error = "--abi " + name + " is not available for " + c.name + " on this host (available: " + abiList(c.abis) + ")";
    return false;
  }
  if (arch && archOf(*a) != *arch) {
    error = "--abi " + name + " is not an ABI of " + std::string(archName(*arch));
    return false;
  }
  abi = *a;
  return true;
}

// --errno-mode: the call options; false (with `error`) for an unknown mode.
bool resolveOptions(const Parsed& p, CallOptions& options, std::string& error) {
  const std::string mode = p.value("--errno-mode", errnoModeName(ErrnoMode::kNone));
  for (unsigned m = 0; m < kErrnoModeCount; ++m) {
    if (mode == errnoModeName(ErrnoMode(m))) {
      options.errnoMode = ErrnoMode(m);
      return true;
    }
  }
  error = "--errno-mode is none, capture or set+capture";
  return false;
}

// ---- commands -------------------------------------------------------------------------------

int cmdPlan(const Command& c, const Parsed& p) {
  if (p.positional.size() != 1) return usage("plan takes one signature", &c);
  Abi abi;
  CallOptions options;
  std::string error;
  if (!resolveAbi(c, p, abi, error) || !resolveOptions(p, options, error)) return usage(error, &c);
  auto sig = Signature::parse(p.positional[0], abi);
  if (!sig) return failure(sig.error().toString());
  auto plan = classify(*sig, abi, options);
  if (!plan) return failure(plan.error().toString());
  std::printf("%s  [%s]\n%s", sig->toText().c_str(), std::string(abiName(abi)).c_str(),
              formatPlan(*plan, &*sig).c_str());
  return kOk;
}

int cmdDisasm(const Command& c, const Parsed& p) {
  if (p.positional.size() != 1) return usage("disasm takes one signature", &c);
  Abi abi;
  CallOptions options;
  std::string error;
  if (!resolveAbi(c, p, abi, error) || !resolveOptions(p, options, error)) return usage(error, &c);
  const std::string shape = p.value("--shape", "avalues");
  if (shape != "avalues" && shape != "slots") return usage("--shape is avalues or slots", &c);
  const bool slots = shape == "slots";
  const bool closure = p.flag("--closure");
  const std::string handler = p.value("--handler");
  if (!handler.empty() && !closure) return usage("--handler is for closure entries (--closure)", &c);
  if (!handler.empty() && handler != "sysv" && handler != "win64") return usage("--handler is sysv or win64", &c);
  auto sig = Signature::parse(p.positional[0], abi);
  if (!sig) return failure(sig.error().toString());
  auto plan = classify(*sig, abi, options);
  if (!plan) return failure(plan.error().toString());
  // The handler's ABI: as asked, else this host's where it is of the plan's architecture (the
  // handler a closure made here would have), else the plan's own.
  const Abi handlerAbi = handler == "win64"                   ? Abi::kWin64
                         : handler == "sysv"                  ? Abi::kSysV64
                         : archOf(hostAbi()) == plan->arch ? hostAbi()
                                                              : abi;
  auto listing = closure ? internal::listClosureEntry(
                               *plan, slots ? internal::HandlerShape::kSlots : internal::HandlerShape::kAvalues,
                               handlerAbi)
                         : internal::listCallStub(
                               *plan, slots ? internal::CallShape::kSlots : internal::CallShape::kAvalues, nullptr);
  if (!listing) return failure(listing.error().toString());
  std::printf("; %s  [%s, %s, %s%s]\n", sig->toText().c_str(), std::string(abiName(abi)).c_str(),
              closure ? "closure entry" : "call stub", shape.c_str(), handler == "win64" ? ", win64 handler" : "");
  std::string planText = formatPlan(*plan, &*sig);
  size_t start = 0;
  while (start < planText.size()) {
    const size_t end = planText.find('\n', start);
    std::printf("; %s\n", planText.substr(start, end - start).c_str());
    start = end + 1;
  }
  std::printf("%s", listing->c_str());
  return kOk;
}

int cmdCallArgs(const Command& c, const Parsed& p) {
  if (p.positional.size() < 3) return usage("call needs LIB SYMBOL SIG [ARG...]", &c);
  CallRequest r;
  std::string error;
  if (!resolveAbi(c, p, r.abi, error)) return usage(error, &c);
  r.library = p.positional[0];
  r.symbol = p.positional[1];
  r.signature = p.positional[2];
  r.args.assign(p.positional.begin() + 3, p.positional.end());
  r.printErrno = p.flag("--errno");
  if (!p.value("--set-errno").empty()) {
    auto n = parseErrnoValue(p.value("--set-errno"));
    if (!n) return usage("--set-errno: " + n.error().message(), &c);
    r.setErrno = *n;
  }
  return cmdCall(r);
}

int cmdBench(const Command& c, const Parsed& p, const char* argv0) {
  if (!p.positional.empty()) return usage("bench takes no arguments", &c);
  BenchOptions o;
  o.filter = p.value("--filter");
  o.jsonPath = p.value("--json");
  o.chartPath = p.value("--chart");
  o.libffi = p.value("--libffi");
  for (int i = 0; i < kCrossArchCount; ++i) o.cross[i] = p.value((std::string("--") + kCrossArchs[i].name).c_str());
  o.quick = p.flag("--quick");
  return runBench(o, argv0);
}

}  // namespace

int failure(const std::string& msg) {
  std::fprintf(stderr, "jitffi: %s\n", msg.c_str());
  return kFailure;
}

std::string benchHelp() {
  for (const Command& c : commands())
    if (std::strcmp(c.name, "bench") == 0) return commandHelp(c);
  return {};
}

int run(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "%s", kMainHelp);
    return kUsage;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    std::printf("%s", kMainHelp);
    return kOk;
  }
  if (name == "--version" || name == "-V") {
    std::printf("jitffi %s (libffi API %s)\n", kVersion, FFI_VERSION_STRING);
    return kOk;
  }
  const Command* c = nullptr;
  for (const Command& k : commands())
    if (name == k.name) c = &k;
  if (!c) return usage("unknown command '" + name + "'", nullptr);
  Parsed p;
  const std::string err = parseArgs(*c, argc - 2, argv + 2, p);
  if (!err.empty()) return usage(err, c);
  if (p.help) {
    std::printf("%s", commandHelp(*c).c_str());
    return kOk;
  }
  if (name == "plan") return cmdPlan(*c, p);
  if (name == "disasm") return cmdDisasm(*c, p);
  if (name == "call") return cmdCallArgs(*c, p);
  return cmdBench(*c, p, argv[0]);
}

}  // namespace jitffi::tool

int main(int argc, char** argv) { return jitffi::tool::run(argc, argv); }
