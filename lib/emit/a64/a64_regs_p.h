// SPDX-License-Identifier: MIT
// The AArch64 architecture (lib/emit/a64/): its register file, for the descriptor, the host part
// and the emitters.
#pragma once

#include "../arch_p.h"

namespace jitffi::internal {

// The interpreter's view of the AArch64 registers (RegisterFileDesc). The register file's slots
// hold x0–x7 (slots 0–7: the argument registers), x8 (slot 8: the indirect result location) and
// x18 (slot 9: the static chain of Go closures), v0–v7 (the vector argument registers); returns
// come in x0, x1 (slots 0, 1) and v0–v3 (slots 0–3: an HFA of four members).
inline constexpr uint8_t kA64StaticChainReg = 18;
inline constexpr RegisterFileDesc kA64Registers = [] {
  RegisterFileDesc d{};
  for (int r = 0; r < RegisterFileDesc::kRegs; ++r) d.gpSlot[r] = d.vecSlot[r] = d.retGpSlot[r] = d.retVecSlot[r] = -1;
  for (int r = 0; r <= 8; ++r) d.gpSlot[r] = int8_t(r);
  d.gpSlot[kA64StaticChainReg] = 9;
  for (int v = 0; v < 8; ++v) d.vecSlot[v] = int8_t(v);
  d.retGpSlot[0] = 0;
  d.retGpSlot[1] = 1;
  for (int v = 0; v < 4; ++v) d.retVecSlot[v] = int8_t(v);
  return d;
}();

}  // namespace jitffi::internal
