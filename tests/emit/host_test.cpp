// SPDX-License-Identifier: MIT
// The host architecture's routines of the interpreted fallback (HostRoutines, lib/emit/arch_p.h):
// every routine another function reaches through a pointer starts with the landing pad of the
// architecture's indirect-branch protection (x86-64 CET: endbr64; AArch64 BTI: bti c), and the
// interpreted closure entries serve every closure kind and handler shape with the host's handler
// convention, each its own routine.
#include <gtest/gtest.h>

#include <cstring>
#include <set>

#include "../../lib/emit/arch_p.h"

namespace jitffi {
namespace {

using internal::ClosureCtx;
using internal::HandlerShape;
using internal::hostRoutines;
using internal::InterpClosureEntry;

#if defined(__x86_64__)
const unsigned char kLandingPad[] = {0xf3, 0x0f, 0x1e, 0xfa};  // endbr64
#elif defined(__aarch64__)
const unsigned char kLandingPad[] = {0x5f, 0x24, 0x03, 0xd5};  // bti c (hint #34)
#else
#error "host_test.cpp: no landing pad for this architecture"
#endif

bool startsWithLandingPad(const void* routine) {
  return std::memcmp(routine, kLandingPad, sizeof kLandingPad) == 0;
}

TEST(HostRoutines, IndirectTargetsStartWithALandingPad) {
  EXPECT_TRUE(startsWithLandingPad(reinterpret_cast<const void*>(hostRoutines().invoke)));
  for (const InterpClosureEntry& e : hostRoutines().closureEntries) {
    EXPECT_TRUE(startsWithLandingPad(reinterpret_cast<const void*>(e.entry)))
        << "entry for ctx " << int(e.ctx) << ", shape " << int(e.shape) << ", " << abiName(e.handlerAbi);
  }
}

TEST(HostRoutines, ClosureEntriesServeEveryKindWithTheHostsHandlers) {
  std::set<const void*> routines;
  auto has = [](ClosureCtx ctx, HandlerShape shape) {
    for (const InterpClosureEntry& e : hostRoutines().closureEntries) {
      if (e.ctx == ctx && e.shape == shape && e.handlerAbi == kHostAbi) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(ClosureCtx::kFfiCif, HandlerShape::kAvalues));
  EXPECT_TRUE(has(ClosureCtx::kInterface, HandlerShape::kAvalues));
  EXPECT_TRUE(has(ClosureCtx::kInterface, HandlerShape::kSlots));
  EXPECT_TRUE(has(ClosureCtx::kGo, HandlerShape::kAvalues));
  for (const InterpClosureEntry& e : hostRoutines().closureEntries) {
    EXPECT_TRUE(routines.insert(reinterpret_cast<const void*>(e.entry)).second) << "an entry serves two rows";
    EXPECT_EQ(archOf(e.handlerAbi), archOf(kHostAbi)) << abiName(e.handlerAbi);
  }
}

}  // namespace
}  // namespace jitffi
