// SPDX-License-Identifier: MIT
// jitffi — errors as values.
//
// Every fallible operation returns an Error or a Result<T>. Nothing reachable from the public
// APIs throws or aborts on bad input. All failures are created by internal::fail() (one place
// for a breakpoint).
#pragma once

#include <cstdint>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

#include "jitffi/export.h"

namespace jitffi {

// The first four values equal libffi's ffi_status so the C API can return them unchanged.
enum class Status : uint8_t {
  kOk = 0,
  kBadTypedef = 1,     // a malformed or unsupported type description
  kBadAbi = 2,         // an unknown or unsupported ABI
  kBadArgType = 3,     // an argument list the ABI cannot pass (e.g. an unpromoted variadic float)
  kParseError = 4,     // the signature text form does not parse
  kUnsupported = 5,    // valid C, but not supported by this ABI implementation (message says why)
  kOutOfMemory = 6,    // no memory, or no executable memory
  kInvalidArgument = 7,
};

JITFFI_API const char* statusName(Status s) noexcept;

class [[nodiscard]] Error {
 public:
  Error() noexcept = default;
  Error(Status status, std::string message) : status_(status), message_(std::move(message)) {}

  bool ok() const noexcept { return status_ == Status::kOk; }
  explicit operator bool() const noexcept { return !ok(); }  // true when it is an error
  Status status() const noexcept { return status_; }
  const std::string& message() const noexcept { return message_; }
  // "bad typedef: struct element 2 is null"
  JITFFI_API std::string toString() const;

 private:
  Status status_ = Status::kOk;
  std::string message_;
};

// A value or an Error. Minimal std::expected stand-in (C++20 has none).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : ok_(true) { new (&value_) T(std::move(value)); }  // NOLINT: implicit by design
  Result(Error error) : ok_(false), error_(std::move(error)) {}       // NOLINT
  Result(const Result& o) : ok_(o.ok_), error_(o.error_) {
    if (ok_) new (&value_) T(o.value_);
  }
  Result(Result&& o) noexcept(std::is_nothrow_move_constructible_v<T>)
      : ok_(o.ok_), error_(std::move(o.error_)) {
    if (ok_) new (&value_) T(std::move(o.value_));
  }
  Result& operator=(Result o) {
    this->~Result();
    new (this) Result(std::move(o));
    return *this;
  }
  ~Result() {
    if (ok_) value_.~T();
  }

  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  T& value() & { return value_; }
  const T& value() const& { return value_; }
  T&& value() && { return std::move(value_); }
  T& operator*() & { return value_; }
  const T& operator*() const& { return value_; }
  T&& operator*() && { return std::move(value_); }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }
  const Error& error() const noexcept { return error_; }

 private:
  bool ok_;
  Error error_;
  union {
    T value_;
  };
};

namespace internal {
// The single constructor of failures: set a breakpoint here to catch every error.
JITFFI_API Error fail(Status status, std::string message);
}  // namespace internal

// Propagate an error from an expression that yields Error.
#define JITFFI_TRY(expr)                    \
  do {                                      \
    ::jitffi::Error jitffi_err_ = (expr);   \
    if (jitffi_err_) return jitffi_err_;    \
  } while (0)

}  // namespace jitffi
