/* SPDX-License-Identifier: MIT */
/* The callers that the Apple and Windows arm64 table rows (apple_arm64_rows.h, win_arm64_rows.h)
   were checked against, one per row shape: read where clang 14 puts each argument with
     clang-14 --target=arm64-apple-darwin -O2 -S -o - tests/classify/a64_variants_clang.c
     clang-14 --target=aarch64-pc-windows-msvc -O2 -S -o - tests/classify/a64_variants_clang.c
   (no SDK needed: no headers). The assembly, not LLVM IR: the IR does not show Windows' moves of
   floating-point values into general registers. Distinct constants make each argument's place
   readable. Not compiled by the build. */
typedef long long ll;
struct S3 { char a, b, c; };
struct S12 { int a, b, c; };
struct B24 { ll a, b, c; };
struct A16 { __int128 x; };
struct E {};
struct H2 { float a, b; };
struct H3 { float a, b, c; };
struct H2d { double a, b; };
struct H4d { double a, b, c, d; };

/* Named arguments on the stack. */
void named1(ll, ll, ll, ll, ll, ll, ll, ll, char, short, char, int, struct S3, float, double);
void call_named1(void) { named1(0, 1, 2, 3, 4, 5, 6, 7, -1, -2, -3, 4, (struct S3){1, 2, 3}, 1.5f, 2.5); }
void named2(double, double, double, double, double, double, double, double, float, struct H3, float, struct H2,
            float, double, float, struct H2d);
void call_named2(void) {
  named2(0, 1, 2, 3, 4, 5, 6, 7, 1.5f, (struct H3){1, 2, 3}, 2.5f, (struct H2){4, 5}, 3.5f, 6.5, 7.5f,
         (struct H2d){8, 9});
}
void named3(ll, ll, ll, ll, ll, ll, ll, ll, char, __int128, char, struct A16, short, ll, char, struct S3);
void call_named3(void) { named3(0, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, (struct A16){4}, 5, 6, 7, (struct S3){8, 9, 10}); }

/* 16-aligned values in integer registers. */
void pair1(ll, __int128, ll);
void call_pair1(void) { pair1(1, 2, 3); }
void pair2(ll, struct A16, ll);
void call_pair2(void) { pair2(1, (struct A16){2}, 3); }

/* Variadic calls. */
void v(int, ...);
void call_v1(struct S12 s, struct H2 h, struct B24 b, struct H4d h4) { v(1, 2, 2.5, s, h, b, h4, (__int128)5); }
void call_v2(void) { v(1, 2, (__int128)3, 4, (struct A16){5}, (struct H3){1, 2, 3}, 7.5); }
void call_v3(void) { v(1, 2, 3, 4, 5, 6, 7, (__int128)3, 4, (struct H3){1, 2, 3}, (struct S3){1, 2, 3}); }
void call_v4(struct H4d h) { v(1, 2, 3, 4, 5, 6, 7, h); }
void call_v5(struct B24 b) { v(1, 2, 3, 4, 5, 6, 7, b); }
void call_v6(struct S12 s) { v(1, 2, 3, 4, 5, 6, 7, s, 9); }
void call_v7(void) { v(1, 2, 3, 4, 5, 6, 7, (__int128)8, 9); }
void vs(int, int, int, int, int, int, int, struct S12, ...);
void call_vs(struct S12 s) { vs(1, 2, 3, 4, 5, 6, 7, s, 9); }
void vh2(int, int, int, int, int, int, int, struct H2d, ...);
void call_vh2(void) { vh2(1, 2, 3, 4, 5, 6, 7, (struct H2d){8, 9}, 10.5); }
void vf(float, double, ...);
void call_vf(void) { vf(1, 2, 3.5, (struct H2){1, 2}); }
struct H3 vh(int, ...);
float call_vh(void) { return vh(1).c; }

/* Results, long double, the empty struct. */
char rc(char x) { return x + 1; }
short rs(void);
int call_rs(void) { return rs() + 1; }
long double ld2(long double, long double);
long double call_ld2(void) { return ld2(1, 2); }
void ge(int, struct E, int);
void call_ge(void) { ge(1, (struct E){}, 2); }
