// SPDX-License-Identifier: MIT
// Types and their C layout.
#include "jitffi/type.h"

#include <algorithm>
#include <cassert>

namespace jitffi {

struct Type::StructData {
  std::vector<Type> fields;
  uint32_t depth = 1;
  bool explicitLayout = false;
  // Layout and field offsets for each LongDoubleModel, computed once at construction.
  Layout layout[2];
  std::vector<uint64_t> offsets[2];
};

LongDoubleModel longDoubleModel(Abi abi) noexcept {
  switch (abi) {
    case Abi::kWin64:
    case Abi::kApple64:
      return LongDoubleModel::kAsDouble;
    case Abi::kSysV64:
    case Abi::kGnuWin64:
    case Abi::kAapcs64:
      break;
  }
  return LongDoubleModel::kWide;
}

const char* typeKindName(TypeKind kind) noexcept {
  switch (kind) {
    case TypeKind::kVoid: return "void";
    case TypeKind::kI8: return "i8";
    case TypeKind::kU8: return "u8";
    case TypeKind::kI16: return "i16";
    case TypeKind::kU16: return "u16";
    case TypeKind::kI32: return "i32";
    case TypeKind::kU32: return "u32";
    case TypeKind::kI64: return "i64";
    case TypeKind::kU64: return "u64";
    case TypeKind::kI128: return "i128";
    case TypeKind::kU128: return "u128";
    case TypeKind::kF32: return "f32";
    case TypeKind::kF64: return "f64";
    case TypeKind::kLongDouble: return "ld";
    case TypeKind::kPtr: return "ptr";
    case TypeKind::kComplexF32: return "c32";
    case TypeKind::kComplexF64: return "c64";
    case TypeKind::kComplexLongDouble: return "cld";
    case TypeKind::kStruct: return "{}";
  }
  return "?";
}

Type Type::scalar(TypeKind kind) {
  assert(kind != TypeKind::kStruct);
  Type t;
  t.kind_ = kind == TypeKind::kStruct ? TypeKind::kVoid : kind;
  return t;
}

Type Type::structOf(std::vector<Type> fields) {
  auto data = std::make_shared<StructData>();
  data->fields = std::move(fields);
  for (int m = 0; m < 2; ++m) {
    const auto model = LongDoubleModel(m);
    uint64_t size = 0;
    uint32_t align = 1;
    data->offsets[m].reserve(data->fields.size());
    for (const Type& f : data->fields) {
      const Layout fl = f.layout(model);
      size = (size + fl.align - 1) / fl.align * fl.align;
      data->offsets[m].push_back(size);
      size += fl.size;
      align = std::max(align, fl.align);
    }
    size = (size + align - 1) / align * align;
    data->layout[m] = {size, align};
  }
  for (const Type& f : data->fields) data->depth = std::max(data->depth, f.depth() + 1);
  Type t;
  t.kind_ = TypeKind::kStruct;
  t.struct_ = std::move(data);
  return t;
}

bool Type::validExplicitLayout(const std::vector<Type>& fields, Layout layout) {
  if (layout.align == 0 || (layout.align & (layout.align - 1)) != 0) return false;
  if (layout.size % layout.align != 0) return false;
  // The natural layout must fit (every field inside the size, no weaker alignment) in both
  // long double models.
  const Type natural = structOf(fields);
  for (int m = 0; m < 2; ++m) {
    const Layout nl = natural.layout(LongDoubleModel(m));
    if (layout.size < nl.size || layout.align < nl.align) return false;
  }
  return true;
}

Type Type::structWithLayout(std::vector<Type> fields, Layout layout) {
  Type t = structOf(std::move(fields));
  auto data = std::make_shared<StructData>(*t.struct_);
  data->explicitLayout = true;
  data->layout[0] = data->layout[1] = layout;
  t.struct_ = std::move(data);
  return t;
}

bool Type::hasExplicitLayout() const noexcept { return struct_ && struct_->explicitLayout; }

bool Type::isSignedInteger() const noexcept {
  switch (kind_) {
    case TypeKind::kI8:
    case TypeKind::kI16:
    case TypeKind::kI32:
    case TypeKind::kI64:
    case TypeKind::kI128: return true;
    default: return false;
  }
}

std::span<const Type> Type::fields() const noexcept {
  if (!struct_) return {};
  return struct_->fields;
}

uint32_t Type::depth() const noexcept { return struct_ ? struct_->depth : 0; }

Layout Type::layout(LongDoubleModel model) const noexcept {
  if (struct_) return struct_->layout[int(model)];
  return scalarLayout(kind_, model);
}

std::span<const uint64_t> Type::fieldOffsets(LongDoubleModel model) const noexcept {
  if (!struct_) return {};
  return struct_->offsets[int(model)];
}

void Type::appendText(std::string& out) const {
  if (kind_ != TypeKind::kStruct) {
    out += typeKindName(kind_);
    return;
  }
  out += '{';
  bool first = true;
  for (const Type& f : struct_->fields) {
    if (!first) out += ',';
    first = false;
    f.appendText(out);
  }
  out += '}';
  if (struct_->explicitLayout) {
    out += '#' + std::to_string(struct_->layout[0].size) + ':' +
           std::to_string(struct_->layout[0].align);
  }
}

std::string Type::toText() const {
  std::string s;
  appendText(s);
  return s;
}

bool Type::operator==(const Type& other) const noexcept {
  if (kind_ != other.kind_) return false;
  if (kind_ != TypeKind::kStruct || struct_ == other.struct_) return true;
  if (struct_->explicitLayout != other.struct_->explicitLayout) return false;
  if (struct_->explicitLayout && (struct_->layout[0].size != other.struct_->layout[0].size ||
                                  struct_->layout[0].align != other.struct_->layout[0].align)) {
    return false;
  }
  return struct_->fields == other.struct_->fields;
}

void arrayFields(std::vector<Type>& fields, const Type& element, uint64_t count) {
  fields.insert(fields.end(), count, element);
}

}  // namespace jitffi
