/* SPDX-License-Identifier: MIT */
/* Callees and callers of the foreign-convention execution test (foreign_test.cpp), compiled three
   times: by the target's own C compiler into the test program (the native build: the oracle), and
   by clang for arm64-apple-darwin and aarch64-pc-windows-msvc into object files whose code the
   test runs under the Apple and Windows arm64 conventions through jitffi.

   Every function is a leaf free of relocations: it hashes the bytes of its arguments (no library
   call, no global, no constant pool), and a caller calls the function pointer it is given with
   the arguments it reads from an array. Structs have no padding, so their bytes are all
   meaningful. FOREIGN_LD is `long double` in the foreign builds (a double there) and `double`
   in the native one. */
typedef signed char i8;
typedef unsigned char u8;
typedef short i16;
typedef unsigned short u16;
typedef int i32;
typedef unsigned u32;
typedef long long i64;
typedef unsigned long long u64;
typedef __int128 i128;
#ifdef FOREIGN_NATIVE
typedef double ld;
#else
typedef long double ld;
#endif

struct S1 { i8 a; };
struct S3 { i8 a, b, c; };
struct S6 { i16 a, b, c; };
struct S12 { i32 a, b, c; };
struct S16 { i64 a; double b; };
struct S24 { i64 a, b, c; };
struct H2 { float a, b; };
struct H3 { float a, b, c; };
struct Hd2 { double a, b; };
struct H4d { double a, b, c, d; };
struct A16 { i128 x; };

#define INLINE static inline __attribute__((always_inline))
INLINE u64 fh(u64 h, const void* p, unsigned n) {
  const volatile u8* b = (const volatile u8*)p;  /* byte by byte: no memcpy or vector constant */
  for (unsigned i = 0; i < n; ++i) h = (h ^ b[i]) * 0x100000001b3ULL;
  return h;
}
#define SEED(i) u64 h = 0xcbf29ce484222325ULL ^ (u64)(i)
#define H(x) h = fh(h, &(x), sizeof(x))
#define VA(T) do { T v_ = __builtin_va_arg(ap, T); H(v_); } while (0)

/* ---- callees: the jitffi stub calls them ------------------------------------------------- */
u64 fc_scalars(i8 a, u8 b, i16 c, u16 d, i32 e, u32 f, i64 g, float x, double y) {
  SEED(0); H(a); H(b); H(c); H(d); H(e); H(f); H(g); H(x); H(y); return h;
}
u64 fc_int_stack(i64 r0, i64 r1, i64 r2, i64 r3, i64 r4, i64 r5, i64 r6, i64 r7, i8 a, i16 b, i8 c, i32 d,
                 struct S3 s, float x, double y, u8 e) {
  SEED(1); H(r0); H(r1); H(r2); H(r3); H(r4); H(r5); H(r6); H(r7); H(a); H(b); H(c); H(d); H(s); H(x); H(y); H(e);
  return h;
}
u64 fc_fp_stack(double v0, double v1, double v2, double v3, double v4, double v5, double v6, double v7, float a,
                struct H3 b, float c, struct H2 d, float e, double f, float g, struct Hd2 k, i8 m) {
  SEED(2); H(v0); H(v1); H(v2); H(v3); H(v4); H(v5); H(v6); H(v7); H(a); H(b); H(c); H(d); H(e); H(f); H(g); H(k);
  H(m); return h;
}
u64 fc_pairs(i64 a, i128 b, i64 c, struct A16 d, i8 e, i128 f) {
  SEED(3); H(a); H(b); H(c); H(d); H(e); H(f); return h;
}
u64 fc_structs(struct S1 a, struct S3 b, struct S6 c, struct S12 d, struct S16 e, struct S24 f, struct H2 g,
               struct H3 k, struct H4d m, struct Hd2 n) {
  SEED(4); H(a); H(b); H(c); H(d); H(e); H(f); H(g); H(k); H(m); H(n); return h;
}
u64 fc_var_mixed(i32 n, ...) {
  SEED(5); H(n);
  __builtin_va_list ap;
  __builtin_va_start(ap, n);
  VA(i32); VA(double); VA(struct S12); VA(struct H2); VA(struct S24); VA(struct H4d); VA(i128); VA(i64);
  __builtin_va_end(ap);
  return h;
}
u64 fc_var_named_fp(float a, double b, ...) {
  SEED(6); H(a); H(b);
  __builtin_va_list ap;
  __builtin_va_start(ap, b);
  VA(double); VA(struct H2); VA(i32); VA(struct Hd2);
  __builtin_va_end(ap);
  return h;
}
u64 fc_var_straddle(i32 n, ...) {
  SEED(7); H(n);
  __builtin_va_list ap;
  __builtin_va_start(ap, n);
  VA(i32); VA(i32); VA(i32); VA(i32); VA(i32); VA(i32); VA(struct S12); VA(i32);
  __builtin_va_end(ap);
  return h;
}
u64 fc_var_doubles(i32 n, ...) {
  SEED(8); H(n);
  __builtin_va_list ap;
  __builtin_va_start(ap, n);
  for (int i = 0; i < 10; ++i) VA(double);
  __builtin_va_end(ap);
  return h;
}
i8 fc_ret_i8(i8 a, i16 b) { SEED(9); H(a); H(b); return (i8)(h >> 8); }
struct H3 fc_ret_h3(float a, i32 b) {
  SEED(10); H(a); H(b);
  struct H3 r = {(float)(h & 0xffff), (float)((h >> 16) & 0xffff), (float)((h >> 32) & 0xffff)};
  return r;
}
struct S24 fc_ret_s24(struct S24 a, i32 b) {
  SEED(11); H(a); H(b);
  struct S24 r = {(i64)h, (i64)(h >> 1), (i64)(h * 3)};
  return r;
}
ld fc_ret_ld(double a, ld b) { SEED(12); H(a); H(b); return (ld)(h & 0xffffff); }
struct Hd2 fc_ret_hd2(struct H4d a) {
  SEED(13); H(a);
  struct Hd2 r = {(double)(h & 0xffffff), (double)((h >> 24) & 0xffffff)};
  return r;
}

/* ---- callers: foreign code calls jitffi closures made for the foreign convention ------------ */
u64 fk_int_stack(u64 (*f)(i64, i64, i64, i64, i64, i64, i64, i64, i8, i16, i8, i32, struct S3, float, double, u8),
                 void* const* a) {
  return f(*(i64*)a[0], *(i64*)a[1], *(i64*)a[2], *(i64*)a[3], *(i64*)a[4], *(i64*)a[5], *(i64*)a[6], *(i64*)a[7],
           *(i8*)a[8], *(i16*)a[9], *(i8*)a[10], *(i32*)a[11], *(struct S3*)a[12], *(float*)a[13], *(double*)a[14],
           *(u8*)a[15]);
}
u64 fk_fp_stack(u64 (*f)(double, double, double, double, double, double, double, double, float, struct H3, float,
                         struct H2, float, double, float, struct Hd2, i8),
                void* const* a) {
  return f(*(double*)a[0], *(double*)a[1], *(double*)a[2], *(double*)a[3], *(double*)a[4], *(double*)a[5],
           *(double*)a[6], *(double*)a[7], *(float*)a[8], *(struct H3*)a[9], *(float*)a[10], *(struct H2*)a[11],
           *(float*)a[12], *(double*)a[13], *(float*)a[14], *(struct Hd2*)a[15], *(i8*)a[16]);
}
u64 fk_structs(u64 (*f)(struct S1, struct S3, struct S6, struct S12, struct S16, struct S24, struct H2, struct H3,
                        struct H4d, struct Hd2),
               void* const* a) {
  return f(*(struct S1*)a[0], *(struct S3*)a[1], *(struct S6*)a[2], *(struct S12*)a[3], *(struct S16*)a[4],
           *(struct S24*)a[5], *(struct H2*)a[6], *(struct H3*)a[7], *(struct H4d*)a[8], *(struct Hd2*)a[9]);
}
u64 fk_var_mixed(u64 (*f)(i32, ...), void* const* a) {
  return f(*(i32*)a[0], *(i32*)a[1], *(double*)a[2], *(struct S12*)a[3], *(struct H2*)a[4], *(struct S24*)a[5],
           *(struct H4d*)a[6], *(i128*)a[7], *(i64*)a[8]);
}
u64 fk_var_named_fp(u64 (*f)(float, double, ...), void* const* a) {
  return f(*(float*)a[0], *(double*)a[1], *(double*)a[2], *(struct H2*)a[3], *(i32*)a[4], *(struct Hd2*)a[5]);
}
u64 fk_var_straddle(u64 (*f)(i32, ...), void* const* a) {
  return f(*(i32*)a[0], *(i32*)a[1], *(i32*)a[2], *(i32*)a[3], *(i32*)a[4], *(i32*)a[5], *(i32*)a[6],
           *(struct S12*)a[7], *(i32*)a[8]);
}
i8 fk_ret_i8(i8 (*f)(i8, i16), void* const* a) { return f(*(i8*)a[0], *(i16*)a[1]); }
struct H3 fk_ret_h3(struct H3 (*f)(float, i32), void* const* a) { return f(*(float*)a[0], *(i32*)a[1]); }
struct S24 fk_ret_s24(struct S24 (*f)(struct S24, i32), void* const* a) { return f(*(struct S24*)a[0], *(i32*)a[1]); }
ld fk_ret_ld(ld (*f)(double, ld), void* const* a) { return f(*(double*)a[0], *(ld*)a[1]); }
struct Hd2 fk_ret_hd2(struct Hd2 (*f)(struct H4d), void* const* a) { return f(*(struct H4d*)a[0]); }
u64 fk_scalars(u64 (*f)(i8, u8, i16, u16, i32, u32, i64, float, double), void* const* a) {
  return f(*(i8*)a[0], *(u8*)a[1], *(i16*)a[2], *(u16*)a[3], *(i32*)a[4], *(u32*)a[5], *(i64*)a[6], *(float*)a[7],
           *(double*)a[8]);
}
u64 fk_pairs(u64 (*f)(i64, i128, i64, struct A16, i8, i128), void* const* a) {
  return f(*(i64*)a[0], *(i128*)a[1], *(i64*)a[2], *(struct A16*)a[3], *(i8*)a[4], *(i128*)a[5]);
}
u64 fk_var_doubles(u64 (*f)(i32, ...), void* const* a) {
  return f(*(i32*)a[0], *(double*)a[1], *(double*)a[2], *(double*)a[3], *(double*)a[4], *(double*)a[5],
           *(double*)a[6], *(double*)a[7], *(double*)a[8], *(double*)a[9], *(double*)a[10]);
}
