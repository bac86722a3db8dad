/* SPDX-License-Identifier: MIT */
/* Linux's memory-deny-write-execute (PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN) emulated at libc's
   mmap and mprotect, for programs that cannot have the kernel's: qemu-user refuses PR_SET_MDWE
   (EINVAL), and qemu itself cannot run under it (its code generator needs a writable and
   executable buffer), so the cross-architecture tests preload this library into the emulated
   program instead of running it under mdwe_run. It refuses, with EACCES as the kernel does,
   - a mapping or protection change that asks for write and execute at once;
   - adding execute permission to memory that is not executable (mprotect, pkey_mprotect).
   New mappings that are executable and not writable (a code view of shared memory, a library
   being loaded) stay allowed, as under the kernel's rule. The real calls are made as system calls
   (no symbol lookup from inside the interposed functions). mdwe_check.c shows that either this
   library or the kernel's setting refuses what it should.

   With MDWE_EMULATE_DENY_EXECMEM=1 in the environment it also refuses every executable mapping of
   anonymous or shared memory, as SELinux's execmem denial does (and policies refusing executable
   tmpfs files): only private mappings of files (a library's pages) may be executable, so no
   executable memory can be had for code made at run time. mdwe_check.c checks that too. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int writableAndExecutable(int prot) { return (prot & PROT_WRITE) && (prot & PROT_EXEC); }

/* Whether every page of [addr, addr + len) is mapped executable now (/proc/self/maps; qemu-user
   shows the emulated program's own mappings there). */
static int alreadyExecutable(uintptr_t addr, size_t len) {
  FILE* maps = fopen("/proc/self/maps", "re");
  if (!maps) return 0;
  uintptr_t want = addr;
  const uintptr_t end = addr + len;
  char line[512];
  while (want < end && fgets(line, sizeof line, maps)) {
    unsigned long lo, hi;
    char perms[5];
    if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) != 3) continue;
    if (lo <= want && want < hi) {
      if (perms[2] != 'x') break;
      want = hi;
    }
  }
  fclose(maps);
  return want >= end;
}

static int refuse(void) {
  errno = EACCES;
  return -1;
}

static int execmemDenied(int prot, int flags) {
  if (!(prot & PROT_EXEC) || !(flags & (MAP_ANONYMOUS | MAP_SHARED))) return 0;
  const char* v = getenv("MDWE_EMULATE_DENY_EXECMEM");
  return v && strcmp(v, "1") == 0;
}

void* mmap(void* addr, size_t len, int prot, int flags, int fd, off_t offset) {
  if (writableAndExecutable(prot) || execmemDenied(prot, flags)) {
    errno = EACCES;
    return MAP_FAILED;
  }
  return (void*)syscall(SYS_mmap, addr, len, prot, flags, fd, offset);
}

void* mmap64(void* addr, size_t len, int prot, int flags, int fd, off_t offset) {
  return mmap(addr, len, prot, flags, fd, offset);
}

int mprotect(void* addr, size_t len, int prot) {
  if (writableAndExecutable(prot)) return refuse();
  if ((prot & PROT_EXEC) && !alreadyExecutable((uintptr_t)addr, len)) return refuse();
  return (int)syscall(SYS_mprotect, addr, len, prot);
}

int pkey_mprotect(void* addr, size_t len, int prot, int pkey) {
  if (writableAndExecutable(prot)) return refuse();
  if ((prot & PROT_EXEC) && !alreadyExecutable((uintptr_t)addr, len)) return refuse();
  return (int)syscall(SYS_pkey_mprotect, addr, len, prot, pkey);
}
