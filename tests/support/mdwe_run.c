/* SPDX-License-Identifier: MIT */
/* Runs a program with Linux's memory-deny-write-execute (what systemd's MemoryDenyWriteExecute
   enforces): no mapping may be writable and executable, and none may gain execute permission
   later. The setting survives execve, so the program runs under it from its first instruction.
   Exits 77 (CTest's "skipped") when the kernel has no PR_SET_MDWE. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#define PR_GET_MDWE 66
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: mdwe_run PROGRAM [ARGS...]\n");
    return 2;
  }
  if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0) {
    fprintf(stderr, "mdwe_run: PR_SET_MDWE unsupported here (%s): skipping\n", strerror(errno));
    return 77;
  }
  if (prctl(PR_GET_MDWE, 0, 0, 0, 0) != PR_MDWE_REFUSE_EXEC_GAIN) {
    fprintf(stderr, "mdwe_run: PR_GET_MDWE does not confirm the setting\n");
    return 1;
  }
  execv(argv[1], argv + 1);
  fprintf(stderr, "mdwe_run: cannot run %s: %s\n", argv[1], strerror(errno));
  return 1;
}
