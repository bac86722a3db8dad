/* SPDX-License-Identifier: MIT */
/* The marks of `jitffi bench`'s real-client section (tools/bench/clients.cpp): its Python script
 * (clients.py) loads the module this is part of, with bench/'s callees and callers, and calls
 * these around each measured loop, through the client measured. Under callgrind they zero the
 * counters and dump them with a tag (client requests, which need no symbol names); elsewhere, and
 * in a build without valgrind's headers, they do nothing. */
#if defined(JITFFI_HAVE_CALLGRIND_H)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS_AT(tag) (void)(tag)
#endif

void jitffi_bench_client_zero(void);
void jitffi_bench_client_dump(const char* tag);

void jitffi_bench_client_zero(void) { CALLGRIND_ZERO_STATS; }

void jitffi_bench_client_dump(const char* tag) { CALLGRIND_DUMP_STATS_AT(tag); }
