// SPDX-License-Identifier: MIT
// jitffi — symbol visibility. The libraries build with -fvisibility=hidden; the public API is
// marked JITFFI_API.
#pragma once

#if defined(_WIN32)
#define JITFFI_API
#else
#define JITFFI_API __attribute__((visibility("default")))
#endif
