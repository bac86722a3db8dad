// The Microsoft x64 classifier (FFI_WIN64 / FFI_EFI64 / FFI_GNUW64).
#include "classify_p.h"

namespace jitffi::internal {

Result<CallPlan> classifyWin64(const Signature&, Abi abi) {
  return fail(Status::kBadAbi, std::string(abiName(abi)) + " is not implemented yet");
}

}  // namespace jitffi::internal
