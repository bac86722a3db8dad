// SPDX-License-Identifier: MIT
// An object made on its first use and never destroyed (the runtime's singletons), reached with one
// acquire load and a branch afterwards. A function-local static does the same on x86-64 and
// AArch64, where gcc tests its guard inline; on RISC-V gcc 12 calls __cxa_guard_acquire on every
// use (about 20 instructions, and the caller's frame), which a closure's alloc + prepare + free
// paid three times.
#pragma once

#include <atomic>

namespace jitffi::internal {

// kMake: makes the object (run once, whatever the threads; may not fail).
template <class T, T* (*kMake)()>
class MadeOnce {
 public:
  static T& get() {
    T* p = made_.load(std::memory_order_acquire);
    if (__builtin_expect(p != nullptr, 1)) return *p;
    return makeFirst();
  }

 private:
  [[gnu::noinline, gnu::cold]] static T& makeFirst() {
    static T* const p = kMake();  // (the guard: one maker, the others wait for it)
    made_.store(p, std::memory_order_release);
    return *p;
  }
  static constinit inline std::atomic<T*> made_{nullptr};
};

}  // namespace jitffi::internal
