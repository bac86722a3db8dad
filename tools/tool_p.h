// SPDX-License-Identifier: MIT
// Internals of the jitffi command-line tool, shared by its translation units.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jitffi/call.h"
#include "jitffi/version.h"

namespace jitffi::tool {

// The project's version (CMake's project(VERSION), through the generated jitffi/version.h).
inline constexpr const char* kVersion = JITFFI_VERSION_STRING;

// Exit statuses: success, failure (bad input, a missing library…), bad usage. A called function
// that dies of signal N makes the tool exit with 128+N (call.cpp).
inline constexpr int kOk = 0, kFailure = 1, kUsage = 2;
// Says "jitffi: MSG" on stderr; returns kFailure.
int failure(const std::string& msg);

// ---- `jitffi call` (tools/call.cpp) ---------------------------------------------------------

struct CallRequest {
  std::string library, symbol, signature;
  std::vector<std::string> args;
  Abi abi = hostAbi();
  bool printErrno = false;
  std::optional<int> setErrno;  // --set-errno
};
// Runs `jitffi call`; returns the process exit status.
int cmdCall(const CallRequest& r);

// ---- library names (tools/library.cpp) ------------------------------------------------------

// dlopen()s a library named as a user types it: a path, a file name the dynamic linker finds
// (libm.so.6), a development name that is a GNU ld script (libm.so on Debian), or a bare name
// (libm, m) looked up as ctypes.util.find_library does (the ld.so cache, then the linker's
// directories). Errors say what was tried.
Result<void*> openLibrary(const std::string& name);

// ---- values (tools/value.cpp) ---------------------------------------------------------------

// Owns the storage of parsed argument values, strings and out-buffers.
class ValueArena {
 public:
  void* alloc(size_t size);  // 16-byte aligned, zeroed
  const char* keepString(std::string s);

 private:
  std::vector<std::unique_ptr<unsigned char[]>> blocks_;
  std::deque<std::string> strings_;
};

// A type as the tool reads it: jitffi's text form under the call's ABI, plus the tool's own
// spelling `str`: a pointer to a NUL-terminated string, which jitffi sees as ptr. A return type
// or argument written `str` or as a pointer to plain char (`char*`, `const char *restrict`; the
// parser says which, lib/classify/parse_p.h) is text.
struct ToolType {
  Type type;
  bool str = false;
};
struct ToolSignature {
  Signature sig;  // str as ptr
  bool retStr = false;
  std::vector<bool> argStr;
};
Result<ToolSignature> parseToolSignature(std::string_view text, Abi abi);
Result<ToolType> parseToolType(std::string_view text, Abi abi);

// One argument of `jitffi call`, parsed.
struct ArgValue {
  void* value = nullptr;  // what avalues[i] points to
  // out:TYPE and buf:N: the fresh buffer passed, printed after the call.
  enum class Out { kNone, kTyped, kText } out = Out::kNone;
  ToolType outType;  // kTyped
  void* buffer = nullptr;
  size_t bufferSize = 0;
};
// Parses a command-line argument as a value of `type` (layout per `abi`; `str`: the text
// itself). Errors are kInvalidArgument with a message saying what does not fit.
Result<ArgValue> parseArgument(const std::string& text, const ToolType& type, Abi abi, ValueArena& arena);
// Formats a value of `type` at `bytes` (also a return value, whose integral widening to 8 bytes
// leaves the value in the low bytes; a str is the text it points to). Empty for void.
std::string formatValue(const void* bytes, const ToolType& type, Abi abi);
// What the callee left in an out:/buf: argument's buffer.
std::string formatOut(const ArgValue& a, Abi abi);
// An errno value (--set-errno): an int, decimal or 0x hex.
Result<int> parseErrnoValue(const std::string& text);

// ---- `jitffi bench` (tools/bench/) ----------------------------------------------------------

// What `jitffi bench` does, and its measurement names and exit statuses (report.cpp); its whole
// help text (jitffi.cpp: with the options).
extern const char* const kBenchAbout;
extern const char* const kBenchNames;
std::string benchHelp();
// The architectures whose cross builds `jitffi bench` counts under qemu (tools/bench/cross.cpp),
// each with an option of its own: --aarch64 DIR, --riscv64 DIR.
struct CrossArch {
  const char* name;     // the option's name after "--", and cross-run.txt's processor
  Abi abi;              // the convention counted there
  const char* triplet;  // of its toolchain file, cmake/toolchain-<triplet>.cmake
};
inline constexpr int kCrossArchCount = 2;
inline constexpr CrossArch kCrossArchs[kCrossArchCount] = {
    {"aarch64", Abi::kAapcs64, "aarch64-linux-gnu"},
    {"riscv64", Abi::kRv64, "riscv64-linux-gnu"},
};
// `jitffi bench`'s options.
struct BenchOptions {
  std::string filter;     // --filter RE ("": everything)
  std::string jsonPath;   // --json FILE
  std::string chartPath;  // --chart FILE
  std::string libffi;     // --libffi PATH: another libffi measured next to the system's
  // --aarch64 DIR, --riscv64 DIR (kCrossArchs' order): cross builds to count instructions from
  std::string cross[kCrossArchCount];
  bool quick = false;     // --quick
};
// Runs the benchmark report (the markdown on stdout, JSON and chart only to the files named,
// when named); returns the process exit status.
int runBench(const BenchOptions& options, const char* argv0);

}  // namespace jitffi::tool
