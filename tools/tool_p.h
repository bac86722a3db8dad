// SPDX-License-Identifier: MIT
// Internals of the jitffi command-line tool, shared by its translation units.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "jitffi/call.h"
#include "jitffi/version.h"

namespace jitffi::tool {

inline constexpr const char* kVersion = JITFFI_VERSION_STRING;

// ---- `jitffi call`: argument values (tools/value.cpp) -----------------------------------------

// Owns the storage of parsed argument values (and of strings passed as pointers).
class ValueArena {
 public:
  void* alloc(size_t size);  // 16-byte aligned, zeroed
  const char* keepString(std::string s);

 private:
  std::vector<std::unique_ptr<unsigned char[]>> blocks_;
  std::deque<std::string> strings_;
};

// Parses a command-line argument as a value of `type` (layout per `abi`). Errors are
// kInvalidArgument with a message saying what does not fit.
Result<void*> parseValue(const std::string& text, const Type& type, Abi abi, ValueArena& arena);
// Formats a value of `type` at `bytes` (also a return value, whose integral widening to 8 bytes
// leaves the value in the low bytes). Empty for void.
std::string formatValue(const void* bytes, const Type& type, Abi abi);

// ---- `jitffi bench` (tools/bench/) --------------------------------------------------

extern const char* const kBenchHelp;
// Runs the benchmark report (the markdown on stdout, JSON and chart only to the files named,
// when named); returns the process exit status.
int runBench(const std::string& filter, const std::string& jsonPath, const std::string& chartPath, bool quick,
             const char* argv0);

}  // namespace jitffi::tool
