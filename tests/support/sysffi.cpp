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

SysFfi* openLibffi(const std::string& path, std::string& error) {
  const int flags = RTLD_NOW | RTLD_LOCAL | (kDeepBind ? RTLD_DEEPBIND : 0);
  void* h = dlopen(path.c_str(), flags);
  if (!h) {
    const char* e = dlerror();
    error = e ? e : "dlopen failed";
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
  sym(h, "ffi_get_version", s->get_version);
  sym(h, "ffi_get_version_number", s->get_version_number);
  sym(h, "ffi_call_plan_alloc", s->call_plan_alloc);
  sym(h, "ffi_call_plan_invoke", s->call_plan_invoke);
  sym(h, "ffi_call_plan_free", s->call_plan_free);
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
    error = path + " has no ffi_prep_cif or ffi_call";
    return nullptr;
  }
  return s;
}
}  // namespace

const SysFfi* SysFfi::get() {
  static const SysFfi* s = [] {
    std::string error;
    const SysFfi* f = openLibffi(JITFFI_SYSTEM_LIBFFI, error);
    if (!f) std::fprintf(stderr, "note: system libffi not loaded (%s)\n", error.c_str());
    return f;
  }();
  return s;
}

const SysFfi* SysFfi::load(const std::string& path, std::string& error) { return openLibffi(path, error); }

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
