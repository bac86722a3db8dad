// SPDX-License-Identifier: MIT
// The host architecture's routines of the interpreted fallback (HostRoutines, lib/emit/arch_p.h):
// the interpreted closure entries serve every closure kind and handler shape with the host's
// handler convention, each its own routine. (Their landing pads: landing_pad_test.cpp.)
#include <gtest/gtest.h>

#include <set>

#include "../../lib/emit/arch_p.h"

namespace jitffi {
namespace {

using internal::ClosureCtx;
using internal::HandlerShape;
using internal::hostRoutines;
using internal::InterpClosureEntry;

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
