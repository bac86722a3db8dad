/* SPDX-License-Identifier: MIT */
/* The corpora corpus_win64_test runs (see corpus_harness.cpp): the Win64 corpus (ms_abi callees,
   gcc's 80-bit long double: FFI_GNUW64, and FFI_WIN64 for its cases without a long double) and
   its cases with a long double again with `ld` typed double in C (FFI_WIN64's long double). */
#include "corpus.h"

extern const CorpusSet corpus_w64_set;
extern const CorpusSet corpus_w64d_set;
const CorpusSet* const corpus_sets[] = {&corpus_w64_set, &corpus_w64d_set, 0};
