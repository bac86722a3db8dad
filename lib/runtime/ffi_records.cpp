// SPDX-License-Identifier: MIT
// jitffi's C extension for the types libffi cannot describe (ffi.h, "jitffi extensions"): unions,
// packed, bit-field and explicitly laid-out structs as ffi_types of type code JITFFI_TYPE_RECORD.
//
// A record is an FfiRecord: the ffi_type handed out, its own NULL-terminated copy of the
// elements, and the Type made from them once (Type::record, which checks the description and lays
// it out for every ABI). The walk of a preparation (FfiTypeWalker) finds the record by its address
// in a registry of live records — so a forged JITFFI_TYPE_RECORD is FFI_BAD_TYPEDEF, never read
// past its 24 bytes, and jitffi_type_free ignores what is no live record — and takes the members' bit widths and offsets and the layout for the cif's
// ABI from the Type.
#include <memory>
#include <mutex>
#include <new>
#include <unordered_map>

#include "ffi_api_p.h"

using namespace jitffi;
using namespace jitffi::internal;

namespace jitffi::internal {

struct FfiRecord {
  ffi_type type;  // first: the pointer handed out is the record's
  std::vector<ffi_type*> elements;
  Type described;
};

namespace {

struct Registry {
  std::mutex lock;
  std::unordered_map<const ffi_type*, FfiRecord*> live;
};
Registry& registry() {
  static Registry* const r = new Registry();  // never destroyed: records may outlive statics
  return *r;
}

// Makes a record of `elements` (NULL-terminated) with the members' bit widths or offsets; throws
// std::bad_alloc out of memory, having kept nothing.
ffi_status makeRecordOrThrow(ffi_type** out, ffi_type** elements, const unsigned* bits, const size_t* offsets,
                             RecordOptions options) {
  if (!out || !elements || !elements[0]) return FFI_BAD_TYPEDEF;
  size_t n = 0;
  while (elements[n]) ++n;
  // The elements as ffi_prep_cif sees them: checked, layouts filled in, converted to Types.
  FfiTypeWalker walker(kHostAbi, nullptr);
  std::vector<Field> fields;
  fields.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Layout ignored;
    if (elements[i]->type == FFI_TYPE_VOID) return FFI_BAD_TYPEDEF;
    if (ffi_status st = walker.walk(elements[i], ignored); st != FFI_OK) return st;
    Field f(walker.toType(elements[i]));
    if (bits) f.bits = bits[i] == JITFFI_NOT_BITFIELD ? Field::kNoBits : bits[i];
    if (offsets) f.offset = offsets[i] == JITFFI_NEXT_OFFSET ? Field::kNextOffset : uint64_t(offsets[i]);
    fields.push_back(std::move(f));
  }
  auto type = Type::record(std::move(fields), options);
  if (!type) return toFfiStatus(type.error());
  const Layout l = type->layout(kHostAbi);
  if (l.size > kMaxValueSize) return FFI_BAD_TYPEDEF;
  auto r = std::make_unique<FfiRecord>(FfiRecord{{size_t(l.size), uint16_t(l.align), JITFFI_TYPE_RECORD, nullptr},
                                                  std::vector<ffi_type*>(elements, elements + n + 1), std::move(*type)});
  r->type.elements = r->elements.data();
  {
    std::lock_guard<std::mutex> g(registry().lock);
    registry().live.emplace(&r->type, r.get());
  }
  *out = &r.release()->type;
  return FFI_OK;
}

ffi_status makeRecord(ffi_type** out, ffi_type** elements, const unsigned* bits, const size_t* offsets,
                      RecordOptions options) {
  return statusOrOutOfMemory([&] { return makeRecordOrThrow(out, elements, bits, offsets, options); });
}

}  // namespace

const Type* recordType(const ffi_type* t) {
  Registry& reg = registry();
  std::lock_guard<std::mutex> g(reg.lock);
  auto it = reg.live.find(t);
  return it == reg.live.end() ? nullptr : &it->second->described;
}

}  // namespace jitffi::internal

extern "C" {

ffi_status jitffi_type_union(ffi_type** out, ffi_type** elements, unsigned pack) {
  return makeRecord(out, elements, nullptr, nullptr, {.isUnion = true, .pack = pack});
}

ffi_status jitffi_type_struct_packed(ffi_type** out, ffi_type** elements, unsigned pack) {
  if (pack == 0) return FFI_BAD_TYPEDEF;  // packed to nothing: not packed
  return makeRecord(out, elements, nullptr, nullptr, {.pack = pack});
}

ffi_status jitffi_type_bitfield_struct(ffi_type** out, ffi_type** elements, const unsigned* bit_widths,
                                       unsigned pack) {
  if (!bit_widths) return FFI_BAD_TYPEDEF;
  return makeRecord(out, elements, bit_widths, nullptr, {.pack = pack});
}

ffi_status jitffi_type_struct_at(ffi_type** out, ffi_type** elements, const size_t* offsets, unsigned pack) {
  if (!offsets) return FFI_BAD_TYPEDEF;
  return makeRecord(out, elements, nullptr, offsets, {.pack = pack});
}

void jitffi_type_free(ffi_type* type) {
  if (!type) return;
  FfiRecord* r;
  {
    Registry& reg = registry();
    std::lock_guard<std::mutex> g(reg.lock);
    auto it = reg.live.find(type);
    if (it == reg.live.end()) return;  // not a record (or freed already): left alone
    r = it->second;
    reg.live.erase(it);
  }
  delete r;
}

}  // extern "C"
