/* SPDX-License-Identifier: MIT */
/* The ABI oracle: classifier tables checked against what a real compiler does, executed.
 *
 * The generator (gen_abi_oracle.cpp, a host tool linking the classifier) reads the table rows of
 * an ABI, classifies each signature and writes one C file of cases; that file, this header's
 * harness (oracle_main.c) and the architecture's register routines (oracle_<arch>.S) are compiled
 * by the target's C compiler — the oracle — and run (under qemu-user on another architecture).
 * For every row the harness checks four things against the plan:
 *
 *   1. caller, arguments: caller_i, compiled C, calls the capture routine with the row's
 *      prototype and known argument bytes; the routine records the argument registers and the
 *      incoming stack area; every meaningful byte of every argument must be where the plan says.
 *   2. caller, result: the capture routine returns a known value laid out as the plan says
 *      (garbage everywhere else); caller_i must receive it (narrow integers widened correctly).
 *   3. callee, arguments: the invoke routine calls callee_i, compiled C, with registers and a
 *      stack image built from the plan (garbage everywhere else); callee_i stores what it
 *      received (narrow integers also widened, so a callee relying on bits the plan leaves
 *      unspecified is caught); it must equal the argument bytes.
 *   4. callee, result: callee_i returns a known value; it must be where the plan says.
 *
 * Only meaningful bytes are compared (padding inside structs is unspecified in C). A value
 * passed by reference is checked through its pointer; the hidden result pointer is set up and
 * read back. Registers are described per architecture by OracleRegs; aarch64 is the only one so
 * far (the same generator, with a register file and routines per architecture, serves others). */
#ifndef JITFFI_TESTS_ABI_ORACLE_H
#define JITFFI_TESTS_ABI_ORACLE_H

#include <stdint.h>

/* Piece locations: the numbers of jitffi::PieceLoc. */
enum { ORACLE_GP = 0, ORACLE_VEC = 1, ORACLE_STACK = 3 };
/* Value modes: the numbers of jitffi::PassMode. */
enum { ORACLE_IGNORE = 0, ORACLE_DIRECT = 1, ORACLE_INDIRECT = 2 };
/* How a narrow integer value is widened by C's conversion to a 64-bit integer. */
enum { ORACLE_WIDEN_NONE = 0, ORACLE_WIDEN_SIGNED = 1, ORACLE_WIDEN_UNSIGNED = 2 };

typedef struct {
  uint8_t loc;          /* ORACLE_GP, ORACLE_VEC or ORACLE_STACK */
  uint8_t reg;          /* register number */
  uint32_t offset;      /* first byte of the value carried */
  uint32_t size;        /* bytes of the value carried */
  int32_t stackOffset;  /* ORACLE_STACK: offset from the stack pointer at the call */
} OraclePiece;

typedef struct {
  uint8_t mode;                 /* ORACLE_IGNORE, ORACLE_DIRECT or ORACLE_INDIRECT */
  uint8_t widen;                /* ORACLE_WIDEN_*: a narrow integer scalar */
  uint32_t size;                /* bytes of the C value */
  uint32_t firstPiece, pieceCount;
  const unsigned char* bytes;   /* the value */
  const unsigned char* mask;    /* per byte, its meaningful bits (0xff, or a bit-field's; 0: padding) */
  uint32_t seenOffset;          /* arguments: where callee_i stores it in oracle_seen */
} OracleValue;

typedef struct {
  const char* table;  /* the row's table and index, its C declaration and signature */
  unsigned row;
  const char* decl;
  const char* sig;
  const char* mismatch;  /* non-NULL: the classifier's plan differs from the table's text */
  uint32_t stackBytes;
  unsigned argCount;
  const OracleValue* values;  /* [0] the return value, then the arguments */
  const OraclePiece* pieces;
  void (*caller)(void);
  void (*callee)(void);  /* callee_i, to be called through oracle_invoke */
} OracleCase;

/* ---- aarch64 ---------------------------------------------------------------------------- */
/* The register file the routines load and store (offsets used by oracle_a64.S). */
typedef struct {
  uint64_t x[9]; /* x0–x8: argument registers and the indirect result register */
  uint64_t pad;
  unsigned char q[8][16]; /* q0–q7 */
} OracleRegs;
#define ORACLE_REGS_X 0
#define ORACLE_REGS_Q 80
#define ORACLE_REGS_SIZE 208
#define ORACLE_GP_COUNT 9
#define ORACLE_VEC_COUNT 8

/* What the capture routine records: the registers, the stack pointer at entry and the first
 * oracle_max_stack_bytes of the incoming stack area. */
typedef struct {
  OracleRegs regs;
  uint64_t sp;
  uint64_t pad;
  unsigned char stack[];
} OracleCapture;
#define ORACLE_CAPTURE_SP 208
#define ORACLE_CAPTURE_STACK 224

/* What the capture routine returns: x0–x1 and q0–q3, the result registers. */
typedef struct {
  uint64_t x[2];
  unsigned char q[4][16];
} OracleReturn;
#define ORACLE_RETURN_X 0
#define ORACLE_RETURN_Q 16
#define ORACLE_RET_GP_COUNT 2
#define ORACLE_RET_VEC_COUNT 4

/* oracle_<arch>.S */
void oracle_capture(void);  /* called with any prototype */
void oracle_invoke(const OracleRegs* in, const void* stack, uint64_t stackBytes, void (*fn)(void),
                   OracleRegs* out);

/* Called by oracle_capture before it returns: writes a result passed by reference. */
void oracle_capture_finish(OracleCapture* cap);

/* ---- the generated cases ------------------------------------------------------------------ */
extern const OracleCase oracle_cases[];
extern const unsigned oracle_case_count;
extern const uint64_t oracle_max_stack_bytes; /* the largest stackBytes (at least 16) */
extern unsigned char oracle_capture_buffer[]; /* an OracleCapture, 16-aligned */
extern OracleReturn oracle_ret_image;         /* what oracle_capture returns (oracle_main.c) */
/* Written by caller_i (the result it received) and callee_i (the arguments it received). */
extern unsigned char oracle_got_ret[];
extern uint64_t oracle_got_ret_wide;
extern unsigned char oracle_seen[];
extern uint64_t oracle_seen_wide[];

#endif
