/* SPDX-License-Identifier: MIT */
/* The layouts and values of jitffi's <ffi.h> against the system libffi's, fact by fact
   (layout_facts.h): a program built against either header works with either library. */
#include <stdio.h>
#include <string.h>

#include "layout_facts.h"

int main(void) {
  const LayoutFact* sys = layout_system_facts();
  const LayoutFact* ours = layout_jitffi_facts();
  int n = 0, bad = 0;
  for (; sys[n].name && ours[n].name; ++n) {
    if (strcmp(sys[n].name, ours[n].name) != 0) {
      fprintf(stderr, "fact %d: %s against %s (the tables differ)\n", n, sys[n].name, ours[n].name);
      return 1;
    }
    if (sys[n].value != ours[n].value) {
      fprintf(stderr, "%s: libffi's header says %ld, jitffi's %ld\n", sys[n].name, sys[n].value, ours[n].value);
      ++bad;
    }
  }
  if (sys[n].name || ours[n].name) {
    fprintf(stderr, "the tables differ in length\n");
    return 1;
  }
  if (n < 60) {
    fprintf(stderr, "only %d facts compared\n", n);
    return 1;
  }
  printf("%d layout facts compared, %d differ\n", n, bad);
  return bad != 0;
}
