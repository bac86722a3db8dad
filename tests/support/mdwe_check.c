/* SPDX-License-Identifier: MIT */
/* Checks that this process runs under memory-deny-write-execute, the kernel's (mdwe_run) or its
   emulation (mdwe_emulate.c): a writable and executable mapping is refused, and so is making
   writable memory executable; an executable view of a shared file is still allowed. Exits 0
   when all of that holds. With MDWE_EMULATE_DENY_EXECMEM=1 (the emulation's execmem denial),
   the executable view of a shared file must be refused instead, and an executable private
   mapping of a file (this program's own first page) still allowed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  const long page = sysconf(_SC_PAGESIZE);
  int bad = 0;
  void* wx = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (wx != MAP_FAILED) {
    fprintf(stderr, "mdwe_check: a writable and executable mapping was allowed\n");
    bad = 1;
  }
  void* rw = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (rw == MAP_FAILED || mprotect(rw, (size_t)page, PROT_READ | PROT_EXEC) == 0) {
    fprintf(stderr, "mdwe_check: writable memory was made executable\n");
    bad = 1;
  }
  const char* deny = getenv("MDWE_EMULATE_DENY_EXECMEM");
  const int execmemDenied = deny && strcmp(deny, "1") == 0;
  const int fd = memfd_create("mdwe_check", MFD_CLOEXEC);
  const int shared = fd >= 0 && ftruncate(fd, page) == 0 &&
                     mmap(NULL, (size_t)page, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0) != MAP_FAILED;
  if (shared == execmemDenied) {
    fprintf(stderr, "mdwe_check: an executable view of a shared file was %s\n", shared ? "allowed" : "refused");
    bad = 1;
  }
  if (execmemDenied) {
    const int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (self < 0 || mmap(NULL, (size_t)page, PROT_READ | PROT_EXEC, MAP_PRIVATE, self, 0) == MAP_FAILED) {
      fprintf(stderr, "mdwe_check: an executable private mapping of a file was refused: %s\n", strerror(errno));
      bad = 1;
    }
  }
  if (!bad) printf("memory-deny-write-execute is in force%s\n", execmemDenied ? ", and executable memory denied" : "");
  return bad;
}
