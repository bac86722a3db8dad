/* SPDX-License-Identifier: MIT */
/* Exercises every function of libffi's API and prints one line per result. Built twice — with
   jitffi's ffi.h and with the system's — and run against both libraries; the outputs must be
   identical (lines starting "v38 " use libffi 3.8 API that the system's 3.4 headers lack, and
   are checked by the program itself). Exits non-zero when a self-check fails. */
#define _GNU_SOURCE
#include <ffi.h>

#include <complex.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) {                                                    \
      printf("CHECK FAILED line %d: %s\n", __LINE__, #cond);          \
      ++failures;                                                     \
    }                                                                 \
  } while (0)

typedef struct { char c; double d; } CD;
typedef struct { int i; float f; } IF;
typedef struct { long a, b, c; } L3;
typedef struct { double x, y; } D2;

static int8_t f_s8(int8_t a, uint8_t b, int16_t c, uint16_t d) { return (int8_t)(a - b + c - d); }
static uint32_t f_u32(uint32_t a, int32_t b, uint64_t c, int64_t d) { return (uint32_t)(a + b + c + d); }
static double f_dbl(float a, double b, long double c, void *p) { return a + b + (double)c + (p ? 1 : 0); }
static CD f_cd(CD a, int k) { CD r = {(char)(a.c + k), a.d * k}; return r; }
static IF f_if(IF a) { IF r = {(int)a.f, (float)a.i}; return r; }
static L3 f_l3(L3 a, L3 b) { L3 r = {a.a + b.c, a.b + b.b, a.c + b.a}; return r; }
static long double f_ld(long double a, long double b) { return a * b; }
#ifdef FFI_TARGET_HAS_COMPLEX_TYPE
static double complex f_cplx(double complex a, float complex b) { return a * b; }
#endif
static int f_var(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int s = 0;
  for (int i = 0; i < n; i++) s += (int)va_arg(ap, double) * (i + 1);
  va_end(ap);
  return s;
}
static void f_void(int *p) { *p += 1; }
#ifdef FFI_VERSION_NUMBER
static unsigned __int128 f_i128(__int128 x, unsigned __int128 y) { return (unsigned __int128)(x + (__int128)y); }
#endif

static void closure_add(ffi_cif *cif, void *ret, void **args, void *user) {
  (void)cif;
  *(ffi_arg *)ret = (ffi_arg)(*(int *)args[0] + *(int *)args[1] + *(int *)user);
}
static void closure_d2(ffi_cif *cif, void *ret, void **args, void *user) {
  (void)cif;
  (void)user;
  D2 a = *(D2 *)args[0];
  double k = *(double *)args[1];
  D2 r = {a.x + k, a.y - k};
  memcpy(ret, &r, sizeof r);
}
static void raw_handler(ffi_cif *cif, void *ret, ffi_raw *raw, void *user) {
  (void)cif;
  /* i32, f64, i8 packed in units */
  *(double *)ret = raw[0].sint + *(double *)raw[1].data + raw[2].sint + *(int *)user;
}
static void java_handler(ffi_cif *cif, void *ret, ffi_java_raw *raw, void *user) {
  (void)cif;
  (void)user;
  /* i32 in one unit, i64 in two, i32 in one */
  *(ffi_arg *)ret = (ffi_arg)(raw[0].sint + *(int64_t *)raw[1].data + raw[3].sint);
}
static void go_handler(ffi_cif *cif, void *ret, void **args, void *closure) {
  (void)cif;
  ffi_go_closure *c = closure;
  *(ffi_arg *)ret = (ffi_arg)(*(int *)args[0] * 10 + (c->cif == cif ? 1 : 0));
}

static ffi_type *mkstruct(ffi_type *t, ffi_type **el) {
  t->size = 0;
  t->alignment = 0;
  t->type = FFI_TYPE_STRUCT;
  t->elements = el;
  return t;
}

int main(void) {
  ffi_cif cif;
  ffi_arg r;

  /* Integers of every width, with widening of the return. */
  {
    ffi_type *at[] = {&ffi_type_sint8, &ffi_type_uint8, &ffi_type_sint16, &ffi_type_uint16};
    int8_t a = -5; uint8_t b = 200; int16_t c = -300; uint16_t d = 60000;
    void *av[] = {&a, &b, &c, &d};
    printf("prep s8: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 4, &ffi_type_sint8, at));
    memset(&r, 0xAA, sizeof r);
    ffi_call(&cif, FFI_FN(f_s8), &r, av);
    printf("call s8: %ld\n", (long)(ffi_sarg)r);
  }
  {
    ffi_type *at[] = {&ffi_type_uint32, &ffi_type_sint32, &ffi_type_uint64, &ffi_type_sint64};
    uint32_t a = 4000000000u; int32_t b = -7; uint64_t c = 1ull << 40; int64_t d = -(1ll << 40);
    void *av[] = {&a, &b, &c, &d};
    printf("prep u32: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 4, &ffi_type_uint32, at));
    ffi_call(&cif, FFI_FN(f_u32), &r, av);
#if defined(__riscv)
    /* The value's 32 bits: libffi 3.4's riscv port leaves them sign-extended in the ffi_arg, as
       the psABI has the register hold them; jitffi widens them as C does, as everywhere. */
    printf("call u32: %u\n", (unsigned)r);
#else
    printf("call u32: %lu\n", (unsigned long)r);
#endif
#ifdef FFI_JITFFI_EXPORT /* jitffi's header: its library runs */
    CHECK(r == (ffi_arg)f_u32(a, b, c, d));
#endif
  }
  {
    ffi_type *at[] = {&ffi_type_float, &ffi_type_double, &ffi_type_longdouble, &ffi_type_pointer};
    float a = 1.5f; double b = 2.25; long double c = 3.125L; void *p = &cif;
    void *av[] = {&a, &b, &c, &p};
    double d;
    printf("prep dbl: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 4, &ffi_type_double, at));
    ffi_call(&cif, FFI_FN(f_dbl), &d, av);
    printf("call dbl: %.4f\n", d);
  }
  /* Structs: the shapes libffi users hit, sizes filled in. */
  {
    ffi_type cd, *cde[] = {&ffi_type_sint8, &ffi_type_double, NULL};
    ffi_type *at[] = {mkstruct(&cd, cde), &ffi_type_sint};
    CD a = {'a', 1.5}, out;
    int k = 2;
    void *av[] = {&a, &k};
    const ffi_status st = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &cd, at);
    printf("prep cd: %d size %zu align %u\n", st, cd.size, cd.alignment);
    ffi_call(&cif, FFI_FN(f_cd), &out, av);
    printf("call cd: %c %.2f\n", out.c, out.d);
  }
  {
    ffi_type ift, *ife[] = {&ffi_type_sint, &ffi_type_float, NULL};
    ffi_type *at[] = {mkstruct(&ift, ife)};
    IF a = {7, 3.5f}, out;
    void *av[] = {&a};
    printf("prep if: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ift, at));
    ffi_call(&cif, FFI_FN(f_if), &out, av);
    printf("call if: %d %.1f\n", out.i, out.f);
  }
  {
    ffi_type l3, *l3e[] = {&ffi_type_slong, &ffi_type_slong, &ffi_type_slong, NULL};
    ffi_type *at[] = {mkstruct(&l3, l3e), &l3};
    L3 a = {1, 2, 3}, b = {10, 20, 30}, out;
    void *av[] = {&a, &b};
    const ffi_status st = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &l3, at);
    printf("prep l3: %d size %zu\n", st, l3.size);
    ffi_call(&cif, FFI_FN(f_l3), &out, av);
    printf("call l3: %ld %ld %ld\n", out.a, out.b, out.c);
    ffi_call(&cif, FFI_FN(f_l3), NULL, av); /* discarded result */
    size_t offs[3] = {9, 9, 9};
    const ffi_status so = ffi_get_struct_offsets(FFI_DEFAULT_ABI, &l3, offs);
    printf("offsets l3: %d %zu %zu %zu\n", so, offs[0], offs[1], offs[2]);
  }
  /* long double and complex. */
  {
    ffi_type *at[] = {&ffi_type_longdouble, &ffi_type_longdouble};
    long double a = 1.5L, b = -4.0L, out;
    void *av[] = {&a, &b};
    printf("prep ld: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_longdouble, at));
    ffi_call(&cif, FFI_FN(f_ld), &out, av);
    printf("call ld: %.3Lf\n", out);
  }
#ifdef FFI_TARGET_HAS_COMPLEX_TYPE /* (not in libffi 3.4's riscv header) */
  {
    ffi_type *at[] = {&ffi_type_complex_double, &ffi_type_complex_float};
    double complex a = 1.0 + 2.0 * I, out;
    float complex b = 3.0f - 1.0f * I;
    void *av[] = {&a, &b};
    printf("prep complex: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_complex_double, at));
    ffi_call(&cif, FFI_FN(f_cplx), &out, av);
    printf("call complex: %.1f %.1f\n", creal(out), cimag(out));
  }
#endif
  /* Variadic. */
  {
    ffi_type *at[] = {&ffi_type_sint, &ffi_type_double, &ffi_type_double, &ffi_type_double};
    int n = 3; double a = 1, b = 2, c = 3;
    void *av[] = {&n, &a, &b, &c};
    printf("prep var: %d\n", ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 1, 4, &ffi_type_sint, at));
    ffi_call(&cif, FFI_FN(f_var), &r, av);
    printf("call var: %d\n", (int)r);
    ffi_type *bad[] = {&ffi_type_sint, &ffi_type_float};
    printf("var float: %d\n", ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 1, 2, &ffi_type_sint, bad));
  }
  /* void return, statuses. */
  {
    ffi_type *at[] = {&ffi_type_pointer};
    int x = 41; int *px = &x;
    void *av[] = {&px};
    printf("prep void: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, at));
    ffi_call(&cif, FFI_FN(f_void), NULL, av);
    printf("call void: %d\n", x);
    printf("bad abi: %d\n", ffi_prep_cif(&cif, (ffi_abi)0, 1, &ffi_type_void, at));
    ffi_type empty, *none[] = {NULL};
    ffi_type *ate[] = {mkstruct(&empty, none)};
    printf("empty struct: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, ate));
  }
  /* The raw API. */
  {
    ffi_type *at[] = {&ffi_type_sint, &ffi_type_double, &ffi_type_sint8};
    printf("prep raw: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 3, &ffi_type_double, at));
    printf("raw size: %zu\n", ffi_raw_size(&cif));
    int a = -3; double b = 0.5; int8_t c = -2;
    void *av[] = {&a, &b, &c};
    ffi_raw raw[3];
    ffi_ptrarray_to_raw(&cif, av, raw);
    printf("to raw: %ld %.1f %ld\n", (long)raw[0].sint, *(double *)raw[1].data, (long)raw[2].sint);
    void *back[3];
    ffi_raw_to_ptrarray(&cif, raw, back);
    printf("to ptrarray: %d %.1f %d\n", *(int *)back[0], *(double *)back[1], *(int8_t *)back[2]);
    /* raw closure */
    void *code;
    ffi_raw_closure *rc = ffi_closure_alloc(sizeof(ffi_raw_closure), &code);
    int user = 100;
    printf("prep raw closure: %d\n", ffi_prep_raw_closure_loc(rc, &cif, raw_handler, &user, code));
    printf("raw closure: %.1f\n", ((double (*)(int, double, int8_t))code)(-3, 0.5, -2));
    ffi_closure_free(rc);
  }
  {
    ffi_type *at[] = {&ffi_type_sint, &ffi_type_sint64, &ffi_type_sint};
    printf("prep java: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 3, &ffi_type_sint64, at));
    printf("java raw size: %zu\n", ffi_java_raw_size(&cif));
    void *code;
    ffi_java_raw_closure *jc = ffi_closure_alloc(sizeof(ffi_java_raw_closure), &code);
    printf("prep java closure: %d\n", ffi_prep_java_raw_closure_loc(jc, &cif, java_handler, NULL, code));
    printf("java closure: %ld\n", (long)((int64_t (*)(int, int64_t, int))code)(1, 1000000000000ll, 2));
    ffi_closure_free(jc);
  }
  /* Closures. */
  {
    ffi_type *at[] = {&ffi_type_sint, &ffi_type_sint};
    printf("prep closure cif: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint, at));
    void *code;
    ffi_closure *cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
    int user = 1000;
    printf("prep closure: %d\n", ffi_prep_closure_loc(cl, &cif, closure_add, &user, code));
    printf("closure: %d\n", ((int (*)(int, int))code)(3, 4));
    CHECK(cl->user_data == &user && cl->cif == &cif);
    ffi_closure_free(cl);
  }
  {
    ffi_type d2, *d2e[] = {&ffi_type_double, &ffi_type_double, NULL};
    ffi_type *at[] = {mkstruct(&d2, d2e), &ffi_type_double};
    printf("prep closure d2: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &d2, at));
    void *code;
    ffi_closure *cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
    printf("prep closure: %d\n", ffi_prep_closure_loc(cl, &cif, closure_d2, NULL, code));
    D2 in = {1.0, 2.0};
    D2 out = ((D2 (*)(D2, double))code)(in, 0.5);
    printf("closure d2: %.1f %.1f\n", out.x, out.y);
    /* and calling the closure through ffi_call */
    double k = 0.25;
    void *av[] = {&in, &k};
    ffi_call(&cif, FFI_FN(code), &out, av);
    printf("ffi_call closure d2: %.2f %.2f\n", out.x, out.y);
    ffi_closure_free(cl);
  }
  /* Go closures: the closure travels in r10. */
  {
    ffi_type *at[] = {&ffi_type_sint};
    printf("prep go cif: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, at));
    ffi_go_closure gc;
    printf("prep go closure: %d\n", ffi_prep_go_closure(&gc, &cif, go_handler));
    int x = 7;
    void *av[] = {&x};
    ffi_call_go(&cif, FFI_FN(gc.tramp), &r, av, &gc);
    printf("go closure: %d\n", (int)r);
  }

#ifdef FFI_VERSION_NUMBER
  /* libffi 3.8 API. */
  printf("v38 version: %s %lu\n", ffi_get_version(), ffi_get_version_number());
  CHECK(strcmp(ffi_get_version(), FFI_VERSION_STRING) == 0 && ffi_get_version_number() == FFI_VERSION_NUMBER);
  printf("v38 default abi: %u closure size: %zu\n", ffi_get_default_abi(), ffi_get_closure_size());
  CHECK(ffi_get_default_abi() == FFI_DEFAULT_ABI && ffi_get_closure_size() == sizeof(ffi_closure));
  {
    ffi_type *at[] = {&ffi_type_sint128, &ffi_type_uint128};
    __int128 a = -((__int128)1 << 100);
    unsigned __int128 b = (unsigned __int128)1 << 101, out = 0;
    void *av[] = {&a, &b};
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_uint128, at) == FFI_OK);
    ffi_call(&cif, FFI_FN(f_i128), &out, av);
    CHECK(out == ((unsigned __int128)1 << 100));
    printf("v38 int128: %d\n", out == ((unsigned __int128)1 << 100));
  }
  {
    ffi_type *at[] = {&ffi_type_sint, &ffi_type_sint};
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint, at) == FFI_OK);
    ffi_call_plan *plan = ffi_call_plan_alloc(&cif);
    CHECK(plan != NULL);
    CHECK(ffi_call_plan_size(plan) > 0 && ffi_call_plan_size(NULL) == 0);
    void *code;
    ffi_closure *cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
    int user = 1;
    CHECK(ffi_prep_closure_loc(cl, &cif, closure_add, &user, code) == FFI_OK);
    int a = 20, b = 21;
    void *av[] = {&a, &b};
    ffi_call_plan_invoke(plan, FFI_FN(code), &r, av);
    printf("v38 call plan: %d\n", (int)r);
    CHECK((int)r == 42);
    ffi_call_plan_free(plan);
    ffi_call_plan_free(NULL);
    ffi_closure_free(cl);
  }
#endif

  printf("failures: %d\n", failures);
  return failures == 0 ? 0 : 1;
}
