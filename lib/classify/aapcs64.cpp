// SPDX-License-Identifier: MIT
// The AAPCS64 classifier (Linux and Apple arm64).
#include "classify_p.h"

namespace jitffi::internal {

Result<CallPlan> classifyAapcs64(const Signature&, Abi abi) {
  return fail(Status::kBadAbi, std::string(abiName(abi)) + " is not implemented yet");
}

}  // namespace jitffi::internal
