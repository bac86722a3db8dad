// SPDX-License-Identifier: MIT
// Types and their C layout.
#include "jitffi/type.h"

#include <algorithm>
#include <cassert>

namespace jitffi {

// A struct (fields, offsets), an array or a vector (one element in `fields`, `count`), with its
// layout in both long double models, computed once when the node is made.
struct Type::Node {
  std::vector<Type> fields;
  uint64_t count = 0;
  uint32_t depth = 1;
  uint32_t vector = 0;  // largestVector()
  bool explicitLayout = false;
  Layout layout[2];
  std::vector<uint64_t> offsets[2];

  ~Node();
  // An array or a vector: `node` (its layout set) completed with its element and count.
  __attribute__((visibility("hidden"))) static Type withElement(TypeKind kind, std::shared_ptr<Node> node,
                                                                Type element, uint64_t count);
};

// Nothing limits how deep a Type built in C++ may be (classification refuses more than kMaxDepth
// levels), so the last reference to a deep chain must not take it apart recursively: the
// sub-nodes this node holds the last reference to are released from a work list, each handing
// over its own such sub-nodes first.
Type::Node::~Node() {
  std::vector<std::shared_ptr<const Node>> work;
  auto take = [&work](std::vector<Type>& from) {
    for (Type& f : from) {
      if (f.node_ && f.node_.use_count() == 1) work.push_back(std::move(f.node_));
    }
  };
  take(fields);
  while (!work.empty()) {
    std::shared_ptr<const Node> last = std::move(work.back());
    work.pop_back();
    take(const_cast<Node&>(*last).fields);  // the last reference: nobody else sees it
  }
}

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
    case TypeKind::kComplexI8: return "ci8";
    case TypeKind::kComplexU8: return "cu8";
    case TypeKind::kComplexI16: return "ci16";
    case TypeKind::kComplexU16: return "cu16";
    case TypeKind::kComplexI32: return "ci32";
    case TypeKind::kComplexU32: return "cu32";
    case TypeKind::kComplexI64: return "ci64";
    case TypeKind::kComplexU64: return "cu64";
    case TypeKind::kComplexI128: return "ci128";
    case TypeKind::kComplexU128: return "cu128";
    case TypeKind::kStruct: return "{}";
    case TypeKind::kArray: return "[]";
    case TypeKind::kVector: return "x";
  }
  return "?";
}

Type Type::scalar(TypeKind kind) {
  const bool node = kind == TypeKind::kStruct || kind == TypeKind::kArray || kind == TypeKind::kVector;
  assert(!node);
  Type t;
  t.kind_ = node ? TypeKind::kVoid : kind;
  return t;
}

Type Type::complexOf(TypeKind part) {
  assert(complexKind(part) != TypeKind::kVoid);
  return scalar(complexKind(part));
}

Type Type::structOf(std::vector<Type> fields) {
  auto node = std::make_shared<Node>();
  node->fields = std::move(fields);
  for (int m = 0; m < 2; ++m) {
    const auto model = LongDoubleModel(m);
    uint64_t size = 0;
    uint32_t align = 1;
    node->offsets[m].reserve(node->fields.size());
    for (const Type& f : node->fields) {
      const Layout fl = f.layout(model);
      size = saturatingAdd(size, fl.align - 1) / fl.align * fl.align;
      node->offsets[m].push_back(size);
      size = saturatingAdd(size, fl.size);
      align = std::max(align, fl.align);
    }
    node->layout[m] = {saturatingAdd(size, align - 1) / align * align, align};
  }
  for (const Type& f : node->fields) {
    node->depth = std::max(node->depth, f.depth() + 1);
    node->vector = std::max(node->vector, f.largestVector());
  }
  Type t;
  t.kind_ = TypeKind::kStruct;
  t.node_ = std::move(node);
  return t;
}

bool Type::validExplicitLayout(Layout layout) noexcept {
  return layout.size != 0 && layout.align != 0 && (layout.align & (layout.align - 1)) == 0;
}

Type Type::structWithLayout(std::vector<Type> fields, Layout layout) {
  assert(validExplicitLayout(layout));
  Type t = structOf(std::move(fields));
  auto node = std::const_pointer_cast<Node>(t.node_);  // not shared yet
  node->explicitLayout = true;
  node->layout[0] = node->layout[1] = {std::min(layout.size, kSizeSaturated), layout.align};
  return t;
}

Type Type::arrayOf(Type element, uint64_t count) {
  auto node = std::make_shared<Node>();
  for (int m = 0; m < 2; ++m) {
    const Layout el = element.layout(LongDoubleModel(m));
    node->layout[m] = {saturatingMul(el.size, count), el.align};
  }
  node->depth = element.depth() + 1;
  node->vector = element.largestVector();
  return Node::withElement(TypeKind::kArray, std::move(node), std::move(element), count);
}

Type Type::Node::withElement(TypeKind kind, std::shared_ptr<Node> node, Type element, uint64_t count) {
  node->count = count;
  node->fields.push_back(std::move(element));
  Type t;
  t.kind_ = kind;
  t.node_ = std::move(node);
  return t;
}

bool Type::validVector(const Type& element, uint64_t count) noexcept {
  const bool lane = (element.isInteger() && element.layout(LongDoubleModel::kWide).size <= 8) ||
                    element.kind() == TypeKind::kF32 || element.kind() == TypeKind::kF64;
  if (!lane || count == 0 || count > 64) return false;
  const uint64_t size = element.layout(LongDoubleModel::kWide).size * count;
  return size == 8 || size == 16 || size == 32 || size == 64;
}

Type Type::vectorOf(Type element, uint32_t count) {
  assert(validVector(element, count));
  auto node = std::make_shared<Node>();
  const Layout l = vectorLayout(element.layout(LongDoubleModel::kWide).size * count);
  node->layout[0] = node->layout[1] = l;
  node->vector = uint32_t(l.size);
  return Node::withElement(TypeKind::kVector, std::move(node), std::move(element), count);
}

bool Type::hasExplicitLayout() const noexcept { return node_ && node_->explicitLayout; }

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
  if (kind_ != TypeKind::kStruct) return {};
  return node_->fields;
}

Type Type::element() const noexcept { return isArray() || isVector() ? node_->fields[0] : Type(); }

uint64_t Type::arrayLength() const noexcept { return isArray() || isVector() ? node_->count : 0; }

uint32_t Type::largestVector() const noexcept { return node_ ? node_->vector : 0; }

uint32_t Type::depth() const noexcept { return node_ ? node_->depth : 0; }

Layout Type::layout(LongDoubleModel model) const noexcept {
  if (node_) return node_->layout[int(model)];
  return scalarLayout(kind_, model);
}

std::span<const uint64_t> Type::fieldOffsets(LongDoubleModel model) const noexcept {
  if (kind_ != TypeKind::kStruct) return {};
  return node_->offsets[int(model)];
}

void Type::appendText(std::string& out) const {
  switch (kind_) {
    case TypeKind::kStruct: {
      out += '{';
      bool first = true;
      for (const Type& f : node_->fields) {
        if (!first) out += ',';
        first = false;
        f.appendText(out);
      }
      out += '}';
      if (node_->explicitLayout) {
        out += '#' + std::to_string(node_->layout[0].size) + ':' + std::to_string(node_->layout[0].align);
      }
      return;
    }
    case TypeKind::kArray: {
      // C's order: the outermost count first ("i8[2][3]" is two arrays of three).
      const Type* t = this;
      while (t->isArray()) t = &t->node_->fields[0];
      t->appendText(out);
      for (t = this; t->isArray(); t = &t->node_->fields[0]) out += '[' + std::to_string(t->node_->count) + ']';
      return;
    }
    case TypeKind::kVector:
      node_->fields[0].appendText(out);
      out += 'x' + std::to_string(node_->count);
      return;
    default: out += typeKindName(kind_); return;
  }
}

std::string Type::toText() const {
  std::string s;
  appendText(s);
  return s;
}

bool Type::operator==(const Type& other) const noexcept {
  if (kind_ != other.kind_) return false;
  if (!node_ || node_ == other.node_) return true;
  const Node& a = *node_;
  const Node& b = *other.node_;
  if (a.count != b.count || a.explicitLayout != b.explicitLayout) return false;
  if (a.explicitLayout && (a.layout[0].size != b.layout[0].size || a.layout[0].align != b.layout[0].align)) {
    return false;
  }
  return a.fields == b.fields;
}

}  // namespace jitffi
