// SPDX-License-Identifier: MIT
// The architectures built into this library (the jitffi_architecture lines of lib/CMakeLists.txt,
// generated into jitffi_archs_p.h) and what every architecture shares.
#include "arch_p.h"

#include "jitffi/signature.h"
#include "jitffi_archs_p.h"

namespace jitffi::internal {

// Each architecture's folder defines its descriptor, named after the folder: x64Arch, ….
#define JITFFI_DECLARE_ARCH(name) extern const ArchDesc name##Arch;
JITFFI_FOR_EACH_ARCH(JITFFI_DECLARE_ARCH)
#undef JITFFI_DECLARE_ARCH

const ArchDesc* findArch(Arch arch) {
#define JITFFI_ARCH_ADDRESS(name) &name##Arch,
  static const ArchDesc* const kArchs[] = {JITFFI_FOR_EACH_ARCH(JITFFI_ARCH_ADDRESS)};
#undef JITFFI_ARCH_ADDRESS
  for (const ArchDesc* a : kArchs) {
    if (a->arch == arch) return a;
  }
  return nullptr;
}

const ArchDesc& hostArch() {
  // lib/CMakeLists.txt refuses to configure a build whose host architecture has no folder.
  static const ArchDesc& host = *findArch(archOf(hostAbi()));
  return host;
}

Result<CallPlan> handlerCallPlan(const CallPlan& plan, Abi handlerAbi) {
  if (archOf(handlerAbi) != plan.arch) {
    return fail(Status::kBadAbi, "a " + std::string(abiName(handlerAbi)) + " handler cannot serve a " +
                                     std::string(abiName(plan.abi)) + " closure");
  }
  const Type p = Type::ptr();
  return classify(Signature(Type::void_(), {p, p, p, p}), handlerAbi);
}

}  // namespace jitffi::internal
