/* SPDX-License-Identifier: MIT */
/* The corpora corpus_test runs (see corpus_harness.cpp): the corpus of the host's C convention
   (SysV x86-64, AAPCS64). */
#include "corpus.h"

extern const CorpusSet corpus_set;
const CorpusSet* const corpus_sets[] = {&corpus_set, 0};
