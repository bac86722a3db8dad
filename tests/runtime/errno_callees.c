/* SPDX-License-Identifier: MIT */
/* The errno tests' callees (errno_callees.h). */
#include "errno_callees.h"

#include <errno.h>
#include <stdarg.h>

/* errno as the callee leaves it: the value the caller set, mixed with the arguments. */
static int mix(long x) { return (int)(((unsigned long)errno * 31u + (unsigned long)x) % 100003u) + 1; }

void err_void(int a, int b) { errno = mix(a * 10 + b); }
signed char err_i8(int a) { errno = mix(a); return (signed char)(-a); }
long err_mix(long a, double b, int c) { errno = mix(a + c); return a * 3 + (long)(b * 4) + c; }
double err_f64(double a, double b) { errno = mix((long)(a * b)); return a / b; }
ErrD2 err_d2(ErrD2 a, int k) { errno = mix((long)a.x + k); ErrD2 r = {a.y * k, a.x - k}; return r; }
ErrI2 err_i2(long a, long b) { errno = mix(a ^ b); ErrI2 r = {b, a + b}; return r; }
ErrBig err_big(long a) { errno = mix(a); ErrBig r = {a, a + 1, a * 2, -a}; return r; }
long double err_ld(long double a) { errno = mix((long)a); return a * 3; }
long err_many(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9) {
  errno = mix(a4 * 100 + a9);
  return a0 + 2 * a1 + 3 * a2 + 4 * a3 + 5 * a4 + 6 * a5 + 7 * a6 + 8 * a7 + 9 * a8 + 10 * a9;
}
long err_bigarg(ErrBig b, int k) { errno = mix(b.a + b.d + k); return b.a + b.b * 2 + b.c * 3 + b.d * 4 + k; }
double err_variadic(int n, ...) {
  va_list ap;
  va_start(ap, n);
  double s = 0;
  for (int i = 0; i < n; ++i) s += va_arg(ap, double) * (i + 1);
  va_end(ap);
  errno = mix((long)s);
  return s;
}
int err_untouched(int a) { return a + 1; }

#ifdef ERR_MS
ERR_MS void err_w_void(int a, int b, int c, int d) { errno = mix(a + b * 10 + c * 100 + d * 1000); }
ERR_MS long err_w_mix(long a, double b, int c, long d, long e) {
  errno = mix(a + c + d + e);
  return a + (long)(b * 2) + c * 3 + d * 4 + e * 5;
}
ERR_MS ErrBig err_w_big(long a) { errno = mix(a * 7); ErrBig r = {-a, a, a + 5, a * 3}; return r; }
ERR_MS double err_w_f64(double a, double b, double c) { errno = mix((long)(a + b + c)); return a * b - c; }
#endif
