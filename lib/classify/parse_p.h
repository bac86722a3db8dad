// SPDX-License-Identifier: MIT
// The signature parser's full interface, for readers that give C strings a meaning (the jitffi
// tool): Signature::parse and Signature::parseType are these with no options.
#pragma once

#include <string_view>
#include <vector>

#include "jitffi/signature.h"

namespace jitffi::internal {

struct ParseOptions {
  Abi abi = hostAbi();  // the C data model the C names are read under (signature.h)
  // Also read `str` as a name: a pointer to plain char, like `char*` (the tool's spelling).
  bool str = false;
};

// Whether a type was written as a C string: `str` (when accepted) or a pointer to plain char
// (`char*`, `const char *restrict`: exactly one '*'; not `char**`, `unsigned char*`, `i8*`).
// The type itself is ptr either way.
struct TextSpellings {
  bool ret = false;
  std::vector<bool> args;  // one per argument, variadic ones included
};

Result<Signature> parseSignature(std::string_view text, const ParseOptions& options,
                                 TextSpellings* spellings = nullptr);
Result<Type> parseType(std::string_view text, const ParseOptions& options, bool* isText = nullptr);

}  // namespace jitffi::internal
