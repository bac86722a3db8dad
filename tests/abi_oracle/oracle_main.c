/* SPDX-License-Identifier: MIT */
/* The ABI oracle's harness (see oracle.h): runs every generated case, caller and callee side, and
 * reports each byte that is not where the plan says. Exit status 0 when every case agrees. */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oracle.h"

_Static_assert(offsetof(OracleRegs, x) == ORACLE_REGS_X, "OracleRegs.x");
_Static_assert(offsetof(OracleRegs, q) == ORACLE_REGS_Q, "OracleRegs.q");
_Static_assert(sizeof(OracleRegs) == ORACLE_REGS_SIZE, "OracleRegs");
_Static_assert(offsetof(OracleCapture, sp) == ORACLE_CAPTURE_SP, "OracleCapture.sp");
_Static_assert(offsetof(OracleCapture, stack) == ORACLE_CAPTURE_STACK, "OracleCapture.stack");
_Static_assert(offsetof(OracleReturn, q) == ORACLE_RETURN_Q, "OracleReturn.q");

/* Filler for every register and stack byte the plan does not assign: the generator never uses
 * this byte value in an argument or result. */
#define GARBAGE 0xEE

OracleReturn oracle_ret_image;

static const OracleCase* current;  /* for the crash report */
static const char* currentPhase;
static int failures;

/* The result oracle_capture_finish writes through the hidden result pointer (caller side). */
static int retIndirectReg = -1;
static const OracleValue* retIndirectValue;

static void onCrash(int sig) {
  char msg[512];
  int n = snprintf(msg, sizeof msg, "FAIL %s[%u] %s: signal %d during the %s\n  C: %s\n",
                   current ? current->table : "?", current ? current->row : 0,
                   current ? current->sig : "?", sig, currentPhase ? currentPhase : "?",
                   current ? current->decl : "?");
  if (n > 0) {
    ssize_t ignored = write(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg);
    (void)ignored;
  }
  _exit(1);
}

static void report(const OracleCase* c, const char* side, int value, const char* fmt, const char* detail) {
  char what[32];
  if (value < 0) snprintf(what, sizeof what, "result");
  else snprintf(what, sizeof what, "argument %d", value);
  printf("FAIL %s[%u] %s: %s, %s: %s%s\n  C: %s\n", c->table, c->row, c->sig, side, what, fmt,
         detail ? detail : "", c->decl);
  ++failures;
}

static const char* pieceText(const OraclePiece* p) {
  static char buf[64];
  if (p->loc == ORACLE_STACK) snprintf(buf, sizeof buf, " ([sp+%d]=%u+%u)", p->stackOffset, p->offset, p->size);
  else snprintf(buf, sizeof buf, " (%s%u=%u+%u)", p->loc == ORACLE_GP ? ORACLE_GP_NAME : ORACLE_VEC_NAME, p->reg, p->offset, p->size);
  return buf;
}

/* The index of a register in OracleRegs (and OracleReturn): -1 when it has none below `count`. */
static int gpIndex(unsigned reg, unsigned count) {
  return reg >= ORACLE_GP_FIRST && reg - ORACLE_GP_FIRST < count ? (int)(reg - ORACLE_GP_FIRST) : -1;
}
static int vecIndex(unsigned reg, unsigned count) {
  return reg >= ORACLE_VEC_FIRST && reg - ORACLE_VEC_FIRST < count ? (int)(reg - ORACLE_VEC_FIRST) : -1;
}

/* Where a piece lives in a register file and stack image; NULL when the plan names a location
 * the routines do not record (reported as a failure). */
static unsigned char* locate(OracleRegs* regs, unsigned char* stack, uint64_t stackBytes, const OraclePiece* p) {
  switch (p->loc) {
    case ORACLE_GP:
      if (gpIndex(p->reg, ORACLE_GP_COUNT) < 0 || p->size > 8) return NULL;
      return (unsigned char*)&regs->x[gpIndex(p->reg, ORACLE_GP_COUNT)];
    case ORACLE_VEC:
      if (vecIndex(p->reg, ORACLE_VEC_COUNT) < 0 || p->size > ORACLE_VEC_BYTES) return NULL;
      return regs->q[vecIndex(p->reg, ORACLE_VEC_COUNT)];
    case ORACLE_STACK:
      if (p->stackOffset < 0 || (uint64_t)p->stackOffset + p->size > stackBytes) return NULL;
      return stack + p->stackOffset;
  }
  return NULL;
}

/* Compares the meaningful bits of [value.offset, +size) with `got`; returns 0 when equal. */
static int differs(const OracleValue* v, uint32_t offset, uint32_t size, const unsigned char* got) {
  for (uint32_t i = 0; i < size; ++i) {
    if (offset + i < v->size && ((got[i] ^ v->bytes[offset + i]) & v->mask[offset + i])) return 1;
  }
  return 0;
}

static uint64_t widened(const OracleValue* v) {
  uint64_t u = 0;
  memcpy(&u, v->bytes, v->size);
  if (v->widen == ORACLE_WIDEN_SIGNED && v->size < 8) {
    const unsigned shift = 64 - 8 * v->size;
    u = (uint64_t)((int64_t)(u << shift) >> shift);
  }
  if (v->widen == ORACLE_WIDEN_FLOAT) {
    float f;
    memcpy(&f, v->bytes, sizeof f);
    const double d = f;
    memcpy(&u, &d, sizeof u);
  }
  return u;
}

static int anyMeaningful(const OracleValue* v) {
  for (uint32_t i = 0; i < v->size; ++i) {
    if (v->mask[i]) return 1;
  }
  return 0;
}

/* The bytes a piece with an extension fills where the caller widens (ORACLE_CALLER_WIDENS):
 * `width` bytes, the piece's value sign- or zero-extended, or followed by ones (NaN-boxing).
 * Returns the number of bytes written to out (the piece's size without an extension). */
static uint32_t widenedPiece(const OracleValue* v, const OraclePiece* p, unsigned char out[8]) {
  memcpy(out, v->bytes + p->offset, p->size);
  if (!ORACLE_CALLER_WIDENS || p->ext == ORACLE_EXT_NONE || p->size >= p->width || p->width > 8) return p->size;
  const int negative = p->ext == ORACLE_EXT_SIGN && (out[p->size - 1] & 0x80);
  memset(out + p->size, p->ext == ORACLE_EXT_NANBOX || negative ? 0xFF : 0x00, p->width - p->size);
  return p->width;
}

/* Places a piece's bytes (widened where the caller widens) at dst. */
static void putPiece(const OracleValue* v, const OraclePiece* p, unsigned char* dst) {
  unsigned char wide[8];
  if (p->size <= 8) memcpy(dst, wide, widenedPiece(v, p, wide));
  else memcpy(dst, v->bytes + p->offset, p->size);
}

/* Whether the bytes at `got` above a narrow piece are the widening the plan asks of the caller
 * (the meaningful bytes themselves are compared by differs); 0 when they are or none is asked. */
static int badWidening(const OracleValue* v, const OraclePiece* p, const unsigned char* got) {
  unsigned char wide[8];
  if (p->size > 8) return 0;
  const uint32_t n = widenedPiece(v, p, wide);
  return n > p->size && memcmp(got + p->size, wide + p->size, n - p->size) != 0;
}

/* Each meaningful byte of a direct value must be carried by exactly one piece. */
static void checkCoverage(const OracleCase* c, int index, const OracleValue* v) {
  unsigned char count[4096] = {0};
  if (v->size > sizeof count) return;
  for (uint32_t k = 0; k < v->pieceCount; ++k) {
    const OraclePiece* p = &c->pieces[v->firstPiece + k];
    for (uint32_t i = 0; i < p->size && p->offset + i < v->size; ++i) ++count[p->offset + i];
  }
  for (uint32_t i = 0; i < v->size; ++i) {
    if (v->mask[i] && count[i] != 1) {
      report(c, "plan", index, "a meaningful byte is not carried by exactly one piece", NULL);
      return;
    }
  }
}

/* The copies gcc's caller made of the arguments it passes by reference, as they were during the
 * call (they live in caller_i's frame, which is gone once it returns): copied out by
 * oracle_capture_finish, while the capture routine runs. */
static const OracleCase* capturing;
static unsigned char callerCopies[64][4096] __attribute__((aligned(16)));
static int callerCopied[64];

/* The address a piece passed for a by-reference argument holds, if it points into the caller's
 * frame (just above the stack pointer at the call); 0 otherwise. */
static uint64_t callerCopyAddress(OracleCapture* cap, const OracleCase* c, const OraclePiece* p) {
  const unsigned char* got = locate(&cap->regs, cap->stack, c->stackBytes, p);
  uint64_t addr;
  if (!got) return 0;
  memcpy(&addr, got, 8);
  return addr >= cap->sp && addr - cap->sp <= (1u << 20) ? addr : 0;
}

void oracle_capture_finish(OracleCapture* cap) {
  for (unsigned a = 0; capturing && a < capturing->argCount && a < 64; ++a) {
    const OracleValue* v = &capturing->values[1 + a];
    if (v->mode != ORACLE_INDIRECT || v->pieceCount != 1 || v->size > sizeof callerCopies[0]) continue;
    const uint64_t addr = callerCopyAddress(cap, capturing, &capturing->pieces[v->firstPiece]);
    if (addr) memcpy(callerCopies[a], (const void*)(uintptr_t)addr, v->size);
    callerCopied[a] = addr != 0;
  }
  if (retIndirectReg < 0) return;
  memcpy((void*)(uintptr_t)cap->regs.x[gpIndex((unsigned)retIndirectReg, ORACLE_GP_COUNT)], retIndirectValue->bytes,
         retIndirectValue->size);
}

/* 1 and 2: gcc's caller. */
static void runCaller(const OracleCase* c) {
  OracleCapture* cap = (OracleCapture*)oracle_capture_buffer;
  const OracleValue* ret = &c->values[0];
  /* A result passed by reference leaves x0 garbage too: gcc's caller must not expect the address
   * back (AAPCS64 does not require it; the plan's sretReturnReg says so). */
  memset(&oracle_ret_image, GARBAGE, sizeof oracle_ret_image);
  retIndirectReg = -1;
  if (ret->mode == ORACLE_DIRECT) {
    for (uint32_t k = 0; k < ret->pieceCount; ++k) {
      const OraclePiece* p = &c->pieces[ret->firstPiece + k];
      unsigned char* dst = NULL;
      const int gi = gpIndex(p->reg, ORACLE_RET_GP_COUNT), vi = vecIndex(p->reg, ORACLE_RET_VEC_COUNT);
      if (p->loc == ORACLE_GP && gi >= 0 && p->size <= 8) dst = (unsigned char*)&oracle_ret_image.x[gi];
      if (p->loc == ORACLE_VEC && vi >= 0 && p->size <= ORACLE_VEC_BYTES) dst = oracle_ret_image.q[vi];
      if (!dst) {
        report(c, "plan", -1, "a result piece outside the result registers", pieceText(p));
        return;
      }
      putPiece(ret, p, dst);
    }
  } else if (ret->mode == ORACLE_INDIRECT) {
    const OraclePiece* p = &c->pieces[ret->firstPiece];
    if (ret->pieceCount != 1 || p->loc != ORACLE_GP || gpIndex(p->reg, ORACLE_GP_COUNT) < 0) {
      report(c, "plan", -1, "the hidden result pointer is not in a register", NULL);
      return;
    }
    retIndirectReg = p->reg;
    retIndirectValue = ret;
  }
  memset(cap, 0, ORACLE_CAPTURE_STACK + oracle_max_stack_bytes);
  memset(oracle_got_ret, GARBAGE, ret->size);
  oracle_got_ret_wide = 0;

  currentPhase = "caller side (gcc's caller_i)";
  capturing = c;
  memset(callerCopied, 0, sizeof callerCopied);
  c->caller();
  capturing = NULL;

  if (cap->sp % 16 != 0) report(c, "caller", -1, "the stack pointer at the call is not 16-aligned", NULL);
  for (unsigned a = 0; a < c->argCount; ++a) {
    const OracleValue* v = &c->values[1 + a];
    for (uint32_t k = 0; k < v->pieceCount; ++k) {
      const OraclePiece* p = &c->pieces[v->firstPiece + k];
      const unsigned char* got = locate(&cap->regs, cap->stack, c->stackBytes, p);
      if (!got) {
        report(c, "plan", (int)a, "a piece outside the argument registers or the stack area", pieceText(p));
        continue;
      }
      if (v->mode == ORACLE_DIRECT) {
        if (differs(v, p->offset, p->size, got)) report(c, "caller", (int)a, "gcc's caller put other bytes there", pieceText(p));
        else if (badWidening(v, p, got)) report(c, "caller", (int)a, "gcc's caller did not widen it as the plan says", pieceText(p));
      } else if (v->mode == ORACLE_INDIRECT) {
        /* gcc's copy lives in the caller's frame, just above the stack pointer at the call. */
        if (a >= 64 || !callerCopied[a]) {
          report(c, "caller", (int)a, "no pointer to a caller-made copy there", pieceText(p));
        } else if (differs(v, 0, v->size, callerCopies[a])) {
          report(c, "caller", (int)a, "the pointed-to copy holds other bytes", pieceText(p));
        }
      }
    }
  }
  if (ret->mode != ORACLE_IGNORE && differs(ret, 0, ret->size, oracle_got_ret)) {
    report(c, "caller", -1, "gcc's caller received another value", NULL);
  }
  if (ret->widen && oracle_got_ret_wide != widened(ret)) {
    report(c, "caller", -1, "gcc's caller widened (or converted) the narrow result wrongly", NULL);
  }
}

/* 3 and 4: gcc's callee. */
static unsigned char copies[64][4096] __attribute__((aligned(16)));
static unsigned char stackImage[65536] __attribute__((aligned(16)));
static unsigned char resultBuffer[4096] __attribute__((aligned(16)));
#ifdef ORACLE_DECOY_GP
static unsigned char decoy[4096] __attribute__((aligned(16)));
#endif

static void runCallee(const OracleCase* c) {
  OracleRegs in, out;
  const OracleValue* ret = &c->values[0];
  if (c->stackBytes > sizeof stackImage || c->stackBytes % 16 != 0) {
    report(c, "plan", -1, "the outgoing stack area is not a multiple of 16 (or too large here)", NULL);
    return;
  }
  memset(&in, GARBAGE, sizeof in);
  memset(stackImage, GARBAGE, c->stackBytes);
#ifdef ORACLE_DECOY_GP
  /* A callee expecting its result pointer in x8 when the plan says otherwise writes here. */
  in.x[ORACLE_DECOY_GP] = (uint64_t)(uintptr_t)decoy;
#endif
  for (unsigned a = 0; a < c->argCount; ++a) {
    const OracleValue* v = &c->values[1 + a];
    if (v->mode == ORACLE_INDIRECT && (a >= 64 || v->size > sizeof copies[0])) {
      report(c, "harness", (int)a, "too many or too large arguments passed by reference", NULL);
      return;
    }
    for (uint32_t k = 0; k < v->pieceCount; ++k) {
      const OraclePiece* p = &c->pieces[v->firstPiece + k];
      unsigned char* dst = locate(&in, stackImage, c->stackBytes, p);
      if (!dst) return; /* reported by runCaller */
      if (v->mode == ORACLE_DIRECT) {
        putPiece(v, p, dst);
      } else if (v->mode == ORACLE_INDIRECT) {
        memcpy(copies[a], v->bytes, v->size);
        const uint64_t addr = (uint64_t)(uintptr_t)copies[a];
        memcpy(dst, &addr, 8);
      }
    }
  }
  if (ret->mode == ORACLE_INDIRECT) {
    const OraclePiece* p = &c->pieces[ret->firstPiece];
    if (ret->pieceCount != 1 || p->loc != ORACLE_GP || gpIndex(p->reg, ORACLE_GP_COUNT) < 0 || ret->size > sizeof resultBuffer) return;
    memset(resultBuffer, GARBAGE, ret->size);
    in.x[gpIndex(p->reg, ORACLE_GP_COUNT)] = (uint64_t)(uintptr_t)resultBuffer;
  }
  for (unsigned a = 0; a < c->argCount; ++a) {
    memset(oracle_seen + c->values[1 + a].seenOffset, GARBAGE, c->values[1 + a].size);
    oracle_seen_wide[a] = 0;
  }

  currentPhase = "callee side (gcc's callee_i)";
  oracle_invoke(&in, stackImage, c->stackBytes, c->callee, &out);

  for (unsigned a = 0; a < c->argCount; ++a) {
    const OracleValue* v = &c->values[1 + a];
    if (differs(v, 0, v->size, oracle_seen + v->seenOffset)) {
      report(c, "callee", (int)a, "gcc's callee received other bytes", NULL);
    }
    if (v->widen && oracle_seen_wide[a] != widened(v)) {
      report(c, "callee", (int)a, "gcc's callee widened (or converted) the narrow value wrongly (it relies on bits the plan does not set)", NULL);
    }
  }
  if (ret->mode == ORACLE_DIRECT) {
    for (uint32_t k = 0; k < ret->pieceCount; ++k) {
      const OraclePiece* p = &c->pieces[ret->firstPiece + k];
      const unsigned char* got = locate(&out, NULL, 0, p);
      if (got && differs(ret, p->offset, p->size, got)) report(c, "callee", -1, "gcc's callee left other bytes there", pieceText(p));
      else if (got && badWidening(ret, p, got)) report(c, "callee", -1, "gcc's callee did not widen it as the plan says", pieceText(p));
    }
  } else if (ret->mode == ORACLE_INDIRECT) {
    if (differs(ret, 0, ret->size, resultBuffer)) report(c, "callee", -1, "gcc's callee wrote another value through the result pointer", NULL);
  }
}

int main(int argc, char** argv) {
  const int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
  signal(SIGSEGV, onCrash);
  signal(SIGBUS, onCrash);
  signal(SIGILL, onCrash);
  for (unsigned i = 0; i < oracle_case_count; ++i) {
    const OracleCase* c = &oracle_cases[i];
    const int before = failures;
    current = c;
    if (c->mismatch) {
      printf("FAIL %s[%u] %s: the classifier's plan is not the table's:\n%s\n", c->table, c->row, c->sig, c->mismatch);
      ++failures;
    }
    for (unsigned v = 0; v <= c->argCount; ++v) {
      const OracleValue* value = &c->values[v];
      if (value->mode == ORACLE_DIRECT) checkCoverage(c, (int)v - 1, value);
      if (value->mode == ORACLE_IGNORE && anyMeaningful(value)) {
        report(c, "plan", (int)v - 1, "a value with meaningful bytes passes nothing", NULL);
      }
    }
    runCaller(c);
    runCallee(c);
    if (verbose && failures == before) printf("ok   %s[%u] %s\n", c->table, c->row, c->sig);
  }
  printf("%u rows checked against the compiler (caller and callee side): %d failure%s\n", oracle_case_count,
         failures, failures == 1 ? "" : "s");
  return failures ? 1 : 0;
}
