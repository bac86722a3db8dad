// SPDX-License-Identifier: MIT
// Runs a function on a thread with a large stack: passing a 16 MiB value by value needs more
// than the default 8 MiB.
#pragma once

#include <pthread.h>

#include <cstddef>
#include <functional>

namespace jitffi::test {

// False when the thread could not be made.
inline bool onBigStack(size_t bytes, const std::function<void()>& f) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  pthread_attr_setstacksize(&attr, bytes);
  pthread_t t;
  auto run = [](void* p) -> void* {
    (*static_cast<const std::function<void()>*>(p))();
    return nullptr;
  };
  const bool ok = pthread_create(&t, &attr, run, const_cast<std::function<void()>*>(&f)) == 0;
  pthread_attr_destroy(&attr);
  if (ok) pthread_join(t, nullptr);
  return ok;
}

}  // namespace jitffi::test
