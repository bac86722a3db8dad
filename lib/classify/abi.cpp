// SPDX-License-Identifier: MIT
// ABI names and host facts.
#include "jitffi/abi.h"

namespace jitffi {

Arch archOf(Abi abi) noexcept {
  switch (abi) {
    case Abi::kSysV64:
    case Abi::kWin64:
    case Abi::kGnuWin64: return Arch::kX64;
    case Abi::kAapcs64:
    case Abi::kApple64:
    case Abi::kWinArm64: return Arch::kA64;
    case Abi::kRv64: return Arch::kRv64;
  }
  return Arch::kX64;
}

std::string_view abiName(Abi abi) noexcept {
  switch (abi) {
    case Abi::kSysV64: return "sysv-x64";
    case Abi::kWin64: return "win64";
    case Abi::kGnuWin64: return "gnuw64";
    case Abi::kAapcs64: return "aapcs64";
    case Abi::kApple64: return "apple-arm64";
    case Abi::kWinArm64: return "win-arm64";
    case Abi::kRv64: return "rv64";
  }
  return "?";
}

std::optional<Abi> abiFromName(std::string_view name) noexcept {
  for (int i = 0; i < kAbiCount; ++i) {
    if (abiName(Abi(i)) == name) return Abi(i);
  }
  if (name == "sysv" || name == "unix64") return Abi::kSysV64;
  if (name == "efi64" || name == "ms") return Abi::kWin64;
  if (name == "apple" || name == "darwin-arm64") return Abi::kApple64;
  if (name == "windows-arm64" || name == "arm64-windows") return Abi::kWinArm64;
  if (name == "lp64d" || name == "riscv64") return Abi::kRv64;
  return std::nullopt;
}

std::string_view archName(Arch arch) noexcept {
  switch (arch) {
    case Arch::kX64: return "x86-64";
    case Arch::kA64: return "aarch64";
    case Arch::kRv64: return "riscv64";
  }
  return "?";
}

std::optional<Arch> archFromName(std::string_view name) noexcept {
  for (Arch a : {Arch::kX64, Arch::kA64, Arch::kRv64}) {
    if (archName(a) == name) return a;
  }
  if (name == "x64" || name == "x86_64" || name == "amd64") return Arch::kX64;
  if (name == "a64" || name == "arm64") return Arch::kA64;
  if (name == "rv64") return Arch::kRv64;
  return std::nullopt;
}

Abi hostAbi() noexcept { return kHostAbi; }

bool abiRunsHere(Abi abi) noexcept { return archOf(abi) == archOf(hostAbi()); }

}  // namespace jitffi
