// SPDX-License-Identifier: MIT
#include "sysffi.h"

#include <dlfcn.h>

#include <cstdio>

namespace jitffi::test {

namespace {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kDeepBind = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kDeepBind = false;
#else
constexpr bool kDeepBind = true;
#endif
#else
constexpr bool kDeepBind = true;
#endif

template <class F>
void sym(void* h, const char* name, F& out) {
  out = reinterpret_cast<F>(dlsym(h, name));
}

SysFfi* load() {
  const int flags = RTLD_NOW | RTLD_LOCAL | (kDeepBind ? RTLD_DEEPBIND : 0);
  void* h = dlopen(JITFFI_SYSTEM_LIBFFI, flags);
  if (!h) {
    std::fprintf(stderr, "note: system libffi not loaded (%s)\n", dlerror());
    return nullptr;
  }
  auto* s = new SysFfi{};
  sym(h, "ffi_prep_cif", s->prep_cif);
  sym(h, "ffi_prep_cif_var", s->prep_cif_var);
  sym(h, "ffi_call", s->call);
  sym(h, "ffi_get_struct_offsets", s->get_struct_offsets);
  sym(h, "ffi_closure_alloc", s->closure_alloc);
  sym(h, "ffi_closure_free", s->closure_free);
  sym(h, "ffi_prep_closure_loc", s->prep_closure_loc);
  static const char* const kNames[FFI_TYPE_LAST + 1] = {
      "ffi_type_void",   "ffi_type_sint32",  "ffi_type_float",  "ffi_type_double",
      "ffi_type_longdouble", "ffi_type_uint8", "ffi_type_sint8", "ffi_type_uint16",
      "ffi_type_sint16", "ffi_type_uint32",  "ffi_type_sint32", "ffi_type_uint64",
      "ffi_type_sint64", nullptr,            "ffi_type_pointer", nullptr,
      "ffi_type_uint128", "ffi_type_sint128", nullptr};
  for (int i = 0; i <= FFI_TYPE_LAST; ++i) {
    s->scalar[i] = kNames[i] ? static_cast<ffi_type*>(dlsym(h, kNames[i])) : nullptr;
  }
  s->complexFloat = static_cast<ffi_type*>(dlsym(h, "ffi_type_complex_float"));
  s->complexDouble = static_cast<ffi_type*>(dlsym(h, "ffi_type_complex_double"));
  s->complexLongDouble = static_cast<ffi_type*>(dlsym(h, "ffi_type_complex_longdouble"));
  if (!s->prep_cif || !s->call) {
    delete s;
    return nullptr;
  }
  return s;
}
}  // namespace

const SysFfi* SysFfi::get() {
  static const SysFfi* s = load();
  return s;
}

bool SysFfi::faithful() { return kDeepBind; }

ffi_type* SysFfi::map(ffi_type* ours) const {
  if (ours == &ffi_type_complex_float) return complexFloat;
  if (ours == &ffi_type_complex_double) return complexDouble;
  if (ours == &ffi_type_complex_longdouble) return complexLongDouble;
  if (ours->type == FFI_TYPE_STRUCT || ours->type > FFI_TYPE_LAST) return ours;
  ffi_type* t = scalar[ours->type];
  return t ? t : ours;
}

}  // namespace jitffi::test
