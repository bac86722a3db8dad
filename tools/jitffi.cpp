// SPDX-License-Identifier: MIT
// The jitffi command-line tool.
//
//   jitffi plan SIG [--abi A]                 the placement plan, for any ABI on any host
//   jitffi disasm SIG [--abi A] [--closure] [--shape avalues|slots] [--handler sysv|win64]
//                                             the generated code, annotated
//   jitffi call LIB SYMBOL SIG ARG...         call a function in a shared library
//   jitffi bench [--filter RE] [--json FILE] [--chart FILE]
//                                             the benchmark report (tools/bench/)
//
// Exit status: 0 on success, 1 on failure (bad input, a missing library…), 2 on bad usage.
#include <dlfcn.h>
#include <ffi.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "../lib/emit/emit_p.h"
#include "jitffi/call.h"
#include "tool_p.h"

namespace jitffi::tool {
namespace {

constexpr int kOk = 0, kFailure = 1, kUsage = 2;

const char* const kMainHelp =
    "usage: jitffi <command> [options]\n"
    "\n"
    "commands:\n"
    "  plan SIG [--abi A]        print the argument-placement plan of a signature\n"
    "  disasm SIG [--abi A] [--closure] [--shape avalues|slots] [--handler sysv|win64]\n"
    "                            print the generated code, each move annotated\n"
    "  call LIB SYMBOL SIG ARG...  call a C function in a shared library and print the result\n"
    "  bench [--filter RE] [--json FILE] [--chart FILE] [--quick]\n"
    "                            compare direct calls, jitffi and libffi (the benchmark report)\n"
    "\n"
    "Signatures are written like i32(f64, ptr, {f32,f32}, ...); see `jitffi plan --help`.\n"
    "`jitffi <command> --help` describes a command.\n";

const char* const kSignatureHelp =
    "SIG is a signature in jitffi's text form: RET(ARG, ARG, ...)\n"
    "  scalars  void i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 f32 f64 ld ptr c32 c64 cld\n"
    "           (also char short int long float double longdouble void*, ...)\n"
    "  structs  {i8,f64}  nested {i32,{f32,f32}}  arrays inside structs {f32[3]}\n"
    "  variadic i32(ptr, ..., f64, i32): the types after '...' are one call's variadic arguments\n"
    "ABIs (--abi): sysv-x64 (default on this host), win64, gnuw64, aapcs64, apple-arm64\n";

const char* const kPlanHelp =
    "usage: jitffi plan SIG [--abi A]\n"
    "Prints where every byte of the return value and of each argument travels: the register or\n"
    "stack offset of each piece, the bytes of the value it carries (offset+size) and any sign\n"
    "(:s) or zero (:z) extension. Works for every ABI on every host.\n\n";

const char* const kDisasmHelp =
    "usage: jitffi disasm SIG [--abi A] [--closure] [--shape avalues|slots] [--handler sysv|win64]\n"
    "Prints the machine code jitffi generates for the signature: the call stub (default) or,\n"
    "with --closure, the closure entry shared by every closure of the signature. --shape picks\n"
    "libffi's argument-pointer shape (avalues, default) or the interpreter shape of 8-byte slots.\n"
    "--handler (closures) is the convention the handler is compiled for: sysv (default) or\n"
    "win64 (ms_abi; a Win64 closure then saves no registers around it).\n"
    "Each instruction that moves part of an argument says which (a2: bytes 8+8).\n\n";

const char* const kCallHelp =
    "usage: jitffi call LIB SYMBOL SIG ARG...\n"
    "Loads the shared library LIB, finds SYMBOL, calls it with the arguments and prints the\n"
    "result. Example: jitffi call libm.so.6 cos 'f64(f64)' 1.0\n"
    "Arguments:\n"
    "  integers   decimal or 0x hex, range-checked against the type\n"
    "  floats     decimal, inf, nan\n"
    "  ptr        null, an address (0x1234), or any other text: a pointer to that string\n"
    "  structs    {1,2.5} (nested braces for nested structs; complex numbers as {re,im})\n\n";

struct Options {
  std::vector<std::string> positional;
  std::string abi;
  std::string shape = "avalues";
  std::string handler;
  std::string filter;
  std::string json;
  std::string chart;
  bool closure = false;
  bool help = false;
  bool quick = false;
};

// Parses options; returns an error message for bad usage.
std::string parseOptions(int argc, char** argv, Options& o, bool stopAtPositional) {
  for (int i = 0; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](std::string& out) -> bool {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    if (a == "--help" || a == "-h") o.help = true;
    else if (a == "--closure") o.closure = true;
    else if (a == "--quick") o.quick = true;
    else if (a == "--abi") {
      if (!value(o.abi)) return "--abi needs a value";
    } else if (a == "--shape") {
      if (!value(o.shape)) return "--shape needs a value";
    } else if (a == "--handler") {
      if (!value(o.handler)) return "--handler needs a value";
    } else if (a == "--filter") {
      if (!value(o.filter)) return "--filter needs a value";
    } else if (a == "--json") {
      if (!value(o.json)) return "--json needs a value";
    } else if (a == "--chart") {
      if (!value(o.chart)) return "--chart needs a value";
    } else if (a.size() > 1 && a[0] == '-' && !(a.size() > 1 && (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.'))) {
      if (!stopAtPositional || o.positional.size() < 3) return "unknown option " + std::string(a);
      o.positional.emplace_back(a);  // a negative number or a dash-text argument of `call`
    } else {
      o.positional.emplace_back(a);
    }
  }
  return {};
}

int usage(const std::string& msg, const char* help) {
  std::fprintf(stderr, "jitffi: %s\n%s", msg.c_str(), help);
  return kUsage;
}

int failure(const std::string& msg) {
  std::fprintf(stderr, "jitffi: %s\n", msg.c_str());
  return kFailure;
}

bool resolveAbi(const std::string& name, Abi& abi) {
  if (name.empty()) {
    abi = hostAbi();
    return true;
  }
  auto a = abiFromName(name);
  if (!a) return false;
  abi = *a;
  return true;
}

int cmdPlan(const Options& o) {
  if (o.help) {
    std::printf("%s%s", kPlanHelp, kSignatureHelp);
    return kOk;
  }
  if (o.positional.size() != 1) return usage("plan takes one signature", kPlanHelp);
  Abi abi;
  if (!resolveAbi(o.abi, abi)) return usage("unknown ABI '" + o.abi + "'", kSignatureHelp);
  auto sig = Signature::parse(o.positional[0]);
  if (!sig) return failure(sig.error().toString());
  auto plan = classify(*sig, abi);
  if (!plan) return failure(plan.error().toString());
  std::printf("%s  [%s]\n%s", sig->toText().c_str(), std::string(abiName(abi)).c_str(),
              formatPlan(*plan, &*sig).c_str());
  return kOk;
}

int cmdDisasm(const Options& o) {
  if (o.help) {
    std::printf("%s%s", kDisasmHelp, kSignatureHelp);
    return kOk;
  }
  if (o.positional.size() != 1) return usage("disasm takes one signature", kDisasmHelp);
  Abi abi;
  if (!resolveAbi(o.abi, abi)) return usage("unknown ABI '" + o.abi + "'", kSignatureHelp);
  if (o.shape != "avalues" && o.shape != "slots") return usage("--shape is avalues or slots", kDisasmHelp);
  const bool slots = o.shape == "slots";
  if (!o.handler.empty() && !o.closure) return usage("--handler is for closure entries (--closure)", kDisasmHelp);
  if (!o.handler.empty() && o.handler != "sysv" && o.handler != "win64") {
    return usage("--handler is sysv or win64", kDisasmHelp);
  }
  internal::ClosureLayout layout;
  if (o.handler == "win64") layout.handlerCc = internal::HandlerCc::kWin64;
  auto sig = Signature::parse(o.positional[0]);
  if (!sig) return failure(sig.error().toString());
  auto plan = classify(*sig, abi);
  if (!plan) return failure(plan.error().toString());
  auto listing = o.closure
                     ? internal::listClosureEntry(*plan, slots ? internal::HandlerShape::kSlots : internal::HandlerShape::kAvalues,
                                                  layout)
                     : internal::listCallStub(*plan, slots ? internal::CallShape::kSlots : internal::CallShape::kAvalues, nullptr);
  if (!listing) return failure(listing.error().toString());
  std::printf("; %s  [%s, %s, %s%s]\n", sig->toText().c_str(), std::string(abiName(abi)).c_str(),
              o.closure ? "closure entry" : "call stub", o.shape.c_str(), o.handler == "win64" ? ", win64 handler" : "");
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

int cmdCall(const Options& o) {
  if (o.help) {
    std::printf("%s%s", kCallHelp, kSignatureHelp);
    return kOk;
  }
  if (o.positional.size() < 3) return usage("call needs LIB SYMBOL SIG [ARG...]", kCallHelp);
  const std::string& lib = o.positional[0];
  const std::string& symbol = o.positional[1];
  auto sig = Signature::parse(o.positional[2]);
  if (!sig) return failure("signature: " + sig.error().toString());
  const size_t given = o.positional.size() - 3;
  if (given != sig->args.size()) {
    return failure("the signature has " + std::to_string(sig->args.size()) + " argument(s), " +
                   std::to_string(given) + " given");
  }
  Abi abi;
  if (!resolveAbi(o.abi, abi)) return usage("unknown ABI '" + o.abi + "'", kSignatureHelp);
  auto ci = CallInterface::get(*sig, abi);
  if (!ci) return failure(ci.error().toString());

  // Arguments first (bad input is reported before anything is loaded or called).
  ValueArena arena;
  std::vector<void*> avalues;
  for (size_t i = 0; i < given; ++i) {
    auto v = parseValue(o.positional[3 + i], sig->args[i], abi, arena);
    if (!v) return failure("argument " + std::to_string(i + 1) + ": " + v.error().message());
    avalues.push_back(*v);
  }
  void* handle = dlopen(lib.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* e = dlerror();
    return failure("cannot load library " + lib + ": " + (e ? e : "unknown error"));
  }
  dlerror();
  void* fn = dlsym(handle, symbol.c_str());
  if (!fn) {
    const char* e = dlerror();
    return failure("no symbol " + symbol + " in " + lib + (e ? std::string(": ") + e : std::string()));
  }
  std::vector<unsigned char> ret(std::max<uint32_t>((*ci)->returnStorage(), 16) + 16);
  (*ci)->call(reinterpret_cast<Fn>(fn), ret.data(), avalues.data());
  const std::string out = formatValue(ret.data(), sig->ret, abi);
  if (!out.empty()) std::printf("%s\n", out.c_str());
  return kOk;
}

}  // namespace

int run(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "%s", kMainHelp);
    return kUsage;
  }
  const std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::printf("%s", kMainHelp);
    return kOk;
  }
  if (cmd == "--version") {
    std::printf("jitffi %s (libffi API %s)\n", kVersion, FFI_VERSION_STRING);
    return kOk;
  }
  Options o;
  const std::string err = parseOptions(argc - 2, argv + 2, o, cmd == "call");
  const char* help = cmd == "plan" ? kPlanHelp : cmd == "disasm" ? kDisasmHelp : cmd == "call" ? kCallHelp : kBenchHelp;
  if (!err.empty()) return usage(err, help);
  if (cmd == "plan") return cmdPlan(o);
  if (cmd == "disasm") return cmdDisasm(o);
  if (cmd == "call") return cmdCall(o);
  if (cmd == "bench") {
    if (o.help) {
      std::printf("%s", kBenchHelp);
      return kOk;
    }
    if (!o.positional.empty()) return usage("bench takes no arguments", kBenchHelp);
    return runBench(o.filter, o.json, o.chart, o.quick, argv[0]);
  }
  std::fprintf(stderr, "jitffi: unknown command '%s'\n%s", cmd.c_str(), kMainHelp);
  return kUsage;
}

}  // namespace jitffi::tool

int main(int argc, char** argv) { return jitffi::tool::run(argc, argv); }
