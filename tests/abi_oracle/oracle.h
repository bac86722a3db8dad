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
 * read back. Registers are described per architecture by OracleRegs (aarch64, riscv64); the same
 * generator serves every architecture.
 *
 * Where the ABI makes narrow values the caller's to widen (RISC-V: integers sign- or
 * zero-extended to 64 bits, floats NaN-boxed in 64-bit FP registers; ORACLE_CALLER_WIDENS), the
 * plan's extension marks are checked too: gcc's caller must have widened as the plan says, and
 * gcc's callee is given the widened value. Elsewhere (AAPCS64) the bits above a narrow value are
 * garbage on both sides, which proves gcc's callees do not rely on them. */
#ifndef JITFFI_TESTS_ABI_ORACLE_H
#define JITFFI_TESTS_ABI_ORACLE_H

#include <stdint.h>

/* Piece locations: the numbers of jitffi::PieceLoc. */
enum { ORACLE_GP = 0, ORACLE_VEC = 1, ORACLE_STACK = 3 };
/* Value modes: the numbers of jitffi::PassMode. */
enum { ORACLE_IGNORE = 0, ORACLE_DIRECT = 1, ORACLE_INDIRECT = 2 };
/* How a narrow value is widened by C's conversion to a 64-bit integer, or (a float) to double:
 * a conversion works on the register's whole width (a float that is not NaN-boxed in a RISC-V
 * FP register converts to the canonical NaN), so it shows what the callee was really given. */
enum { ORACLE_WIDEN_NONE = 0, ORACLE_WIDEN_SIGNED = 1, ORACLE_WIDEN_UNSIGNED = 2, ORACLE_WIDEN_FLOAT = 3 };

/* Extensions: the numbers of jitffi::Ext. */
enum { ORACLE_EXT_NONE = 0, ORACLE_EXT_SIGN = 1, ORACLE_EXT_ZERO = 2, ORACLE_EXT_NANBOX = 3 };

typedef struct {
  uint8_t loc;          /* ORACLE_GP, ORACLE_VEC or ORACLE_STACK */
  uint8_t reg;          /* register number (the hardware's: RISC-V's a0 is 10) */
  uint32_t offset;      /* first byte of the value carried */
  uint32_t size;        /* bytes of the value carried */
  int32_t stackOffset;  /* ORACLE_STACK: offset from the stack pointer at the call */
  uint8_t ext;          /* ORACLE_EXT_*: how the piece is widened */
  uint8_t width;        /* with an extension: the bytes the widened value fills */
} OraclePiece;

typedef struct {
  uint8_t mode;                 /* ORACLE_IGNORE, ORACLE_DIRECT or ORACLE_INDIRECT */
  uint8_t widen;                /* ORACLE_WIDEN_*: a narrow integer scalar, a float */
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

#if defined(__aarch64__)
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

/* What the capture routine returns: x0–x1 and q0–q3, the result registers. */
typedef struct {
  uint64_t x[2];
  unsigned char q[4][16];
} OracleReturn;
#define ORACLE_RETURN_X 0
#define ORACLE_RETURN_Q 16
#define ORACLE_RET_GP_COUNT 2
#define ORACLE_RET_VEC_COUNT 4
/* Register numbers: x0 and v0 are 0; x8 is the indirect result register, given a decoy. */
#define ORACLE_GP_FIRST 0
#define ORACLE_VEC_FIRST 0
#define ORACLE_VEC_BYTES 16
#define ORACLE_GP_NAME "x"
#define ORACLE_VEC_NAME "v"
#define ORACLE_DECOY_GP 8
#define ORACLE_CALLER_WIDENS 0

#elif defined(__riscv) && __riscv_xlen == 64
/* ---- riscv64 (LP64D) -------------------------------------------------------------------- */
/* The register file the routines load and store (offsets used by oracle_rv64.S). */
typedef struct {
  uint64_t x[8];          /* a0–a7 (x10–x17) */
  unsigned char q[8][8];  /* fa0–fa7 (f10–f17), 64 bits each */
} OracleRegs;
#define ORACLE_REGS_X 0
#define ORACLE_REGS_Q 64
#define ORACLE_REGS_SIZE 128
#define ORACLE_GP_COUNT 8
#define ORACLE_VEC_COUNT 8

/* What the capture routine returns: a0, a1 and fa0, fa1, the result registers. */
typedef struct {
  uint64_t x[2];
  unsigned char q[2][8];
} OracleReturn;
#define ORACLE_RETURN_X 0
#define ORACLE_RETURN_Q 16
#define ORACLE_RET_GP_COUNT 2
#define ORACLE_RET_VEC_COUNT 2
#define ORACLE_GP_FIRST 10
#define ORACLE_VEC_FIRST 10
#define ORACLE_VEC_BYTES 8
#define ORACLE_GP_NAME "x"
#define ORACLE_VEC_NAME "f"
#define ORACLE_CALLER_WIDENS 1

#else
#error "the ABI oracle has no register file for this architecture"
#endif

/* What the capture routine records: the registers, the stack pointer at entry and the first
 * oracle_max_stack_bytes of the incoming stack area (oracle_<arch>.S: sp at
 * ORACLE_CAPTURE_SP = ORACLE_REGS_SIZE, the stack at ORACLE_CAPTURE_STACK = that + 16). */
typedef struct {
  OracleRegs regs;
  uint64_t sp;
  uint64_t pad;
  unsigned char stack[];
} OracleCapture;
#define ORACLE_CAPTURE_SP ORACLE_REGS_SIZE
#define ORACLE_CAPTURE_STACK (ORACLE_REGS_SIZE + 16)

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
