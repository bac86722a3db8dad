// SPDX-License-Identifier: MIT
// Errors: the one place failures are made.
#include "jitffi/error.h"

namespace jitffi {

const char* statusName(Status s) noexcept {
  switch (s) {
    case Status::kOk: return "ok";
    case Status::kBadTypedef: return "bad typedef";
    case Status::kBadAbi: return "bad abi";
    case Status::kBadArgType: return "bad argument type";
    case Status::kParseError: return "parse error";
    case Status::kUnsupported: return "unsupported";
    case Status::kOutOfMemory: return "out of memory";
    case Status::kInvalidArgument: return "invalid argument";
  }
  return "unknown error";
}

std::string Error::toString() const {
  if (ok()) return "ok";
  std::string s = statusName(status_);
  if (!message_.empty()) {
    s += ": ";
    s += message_;
  }
  return s;
}

namespace internal {
Error fail(Status status, std::string message) { return Error(status, std::move(message)); }
}  // namespace internal

}  // namespace jitffi
