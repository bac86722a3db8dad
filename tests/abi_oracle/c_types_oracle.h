/* SPDX-License-Identifier: MIT */
/* The C-types oracle: each line gen_c_types_oracle writes states, for one C spelling, what jitffi
 * reads it as under one ABI (the size, alignment, signedness and kind of the jitffi type); the
 * ABI's C compiler, compiling the file with -fsyntax-only, checks every statement against its own
 * types. A statement that does not hold stops the compile, naming the spelling.
 *
 * The kinds are told apart without naming a type for them: an integer keeps 1 of 1.5 and is
 * signed when -1 converts to a negative value; a real or complex floating type classifies as
 * double or double _Complex does (__builtin_classify_type, GNU C), with parts of the given size;
 * a pointer classifies as void* does. */
#ifndef JITFFI_C_TYPES_ORACLE_H
#define JITFFI_C_TYPES_ORACLE_H

#define JITFFI_LAYOUT(T, size, align) (sizeof(T) == (size) && _Alignof(T) == (align))

#define JITFFI_VOID(T, jitffi) _Static_assert(__builtin_types_compatible_p(T, void), #T " is " jitffi)

#define JITFFI_INT(T, size, align, is_signed, jitffi)                                              \
  _Static_assert(JITFFI_LAYOUT(T, size, align) && (T)1.5 == 1 && ((T)-1 < 0) == (is_signed),    \
                 #T " is " jitffi)

#define JITFFI_REAL(T, size, align, jitffi)                                                        \
  _Static_assert(JITFFI_LAYOUT(T, size, align) &&                                                \
                     __builtin_classify_type((T)0) == __builtin_classify_type((double)0),         \
                 #T " is " jitffi)

#define JITFFI_COMPLEX(T, size, align, part, jitffi)                                               \
  _Static_assert(JITFFI_LAYOUT(T, size, align) &&                                                \
                     __builtin_classify_type((T)0) == __builtin_classify_type((double _Complex)0) && \
                     sizeof(__real__(T)0) == (part),                                              \
                 #T " is " jitffi)

#define JITFFI_PTR(T, size, align, jitffi)                                                         \
  _Static_assert(JITFFI_LAYOUT(T, size, align) &&                                                \
                     __builtin_classify_type((T)0) == __builtin_classify_type((void*)0),          \
                 #T " is " jitffi)

#endif
