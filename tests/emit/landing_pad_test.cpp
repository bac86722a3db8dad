// SPDX-License-Identifier: MIT
// The host architecture's routines of the interpreted fallback (HostRoutines, lib/emit/arch_p.h):
// every routine another function reaches through a pointer starts with the landing pad of the
// architecture's indirect-branch protection (x86-64 CET: endbr64; AArch64 BTI: bti c).
#include <gtest/gtest.h>

#include <cstring>

#include "../../lib/emit/arch_p.h"

namespace jitffi {
namespace {

using internal::hostRoutines;
using internal::InterpClosureEntry;

#if defined(__x86_64__)
const unsigned char kLandingPad[] = {0xf3, 0x0f, 0x1e, 0xfa};  // endbr64
#elif defined(__aarch64__)
const unsigned char kLandingPad[] = {0x5f, 0x24, 0x03, 0xd5};  // bti c (hint #34)
#else
#error "landing_pad_test.cpp: no landing pad for this architecture (tests/emit/CMakeLists.txt)"
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

}  // namespace
}  // namespace jitffi
