// SPDX-License-Identifier: MIT
// jitffi — ABIs and architectures. The ABI is a run-time value, never a build option: every
// classifier is available (and unit-tested) on every host; only emitting and running code needs
// the matching architecture.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "jitffi/export.h"

namespace jitffi {

enum class Arch : uint8_t {
  kX64 = 0,
  kA64 = 1,
  kRv64 = 2,  // RISC-V 64 (RV64G)
};

enum class Abi : uint8_t {
  kSysV64 = 0,     // x86-64 System V psABI (Linux, BSD, macOS x86-64)
  kWin64 = 1,      // Microsoft x64; long double is double (libffi FFI_WIN64 / FFI_EFI64)
  kGnuWin64 = 2,   // Microsoft x64 as gcc does it: 80-bit long double by reference (FFI_GNUW64)
  kAapcs64 = 3,    // Arm 64-bit procedure call standard (Linux)
  kApple64 = 4,    // Apple's arm64 variant of AAPCS64 (macOS, iOS)
  kWinArm64 = 5,   // Windows on Arm's variant of AAPCS64 (libffi FFI_WIN64 on aarch64)
  kRv64 = 6,       // RISC-V psABI, LP64D: the integer and the hardware floating-point calling
                   // conventions with 64-bit FP registers (Linux)
};

inline constexpr int kAbiCount = 7;

JITFFI_API Arch archOf(Abi abi) noexcept;
// Stable names: "sysv-x64", "win64", "gnuw64", "aapcs64", "apple-arm64", "win-arm64", "rv64"
// (abiFromName also takes "lp64d" and "riscv64" for it).
JITFFI_API std::string_view abiName(Abi abi) noexcept;
JITFFI_API std::optional<Abi> abiFromName(std::string_view name) noexcept;
// "x86-64", "aarch64", "riscv64"; archFromName also takes "x64", "x86_64", "amd64", "a64",
// "arm64", "rv64".
JITFFI_API std::string_view archName(Arch arch) noexcept;
JITFFI_API std::optional<Arch> archFromName(std::string_view name) noexcept;
// The ABI of C functions in this process.
inline constexpr Abi kHostAbi =
#if defined(__x86_64__) && defined(_WIN32)
    Abi::kWin64;
#elif defined(__x86_64__)
    Abi::kSysV64;
#elif defined(__aarch64__) && defined(__APPLE__)
    Abi::kApple64;
#elif defined(__aarch64__) && defined(_WIN32)
    Abi::kWinArm64;
#elif defined(__riscv) && __riscv_xlen == 64
    Abi::kRv64;
#else
    Abi::kAapcs64;
#endif
JITFFI_API Abi hostAbi() noexcept;  // kHostAbi
// True when code for this ABI can run in this process (same architecture).
JITFFI_API bool abiRunsHere(Abi abi) noexcept;

}  // namespace jitffi
