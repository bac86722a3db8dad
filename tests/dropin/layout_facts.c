/* SPDX-License-Identifier: MIT */
/* One table of layout facts (layout_facts.h) for the <ffi.h> this file is compiled against:
   built twice, as layout_system_facts (the system libffi's headers) and layout_jitffi_facts
   (jitffi's, with LAYOUT_JITFFI defined), by tests/dropin/CMakeLists.txt (LAYOUT_TABLE names the
   function). */
#include <ffi.h>

#include "layout_facts.h"

/* The header this copy was meant to see (jitffi's ffitarget.h defines JITFFI_FFITARGET_H). */
#if defined(LAYOUT_JITFFI) != defined(JITFFI_FFITARGET_H)
#error "layout_facts.c: compiled against the other library's <ffi.h>"
#endif

const LayoutFact* LAYOUT_TABLE(void) {
  static const LayoutFact facts[] = {LAYOUT_FACTS(LAYOUT_FACT){0, 0}};
  return facts;
}
