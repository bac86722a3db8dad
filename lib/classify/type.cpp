// SPDX-License-Identifier: MIT
// Types and their C layout.
#include "jitffi/type.h"

#include <algorithm>
#include <cassert>
#include <string>

#include "jitffi/error.h"

namespace jitffi {

// What a layout depends on besides the members: the ABI's long double and, for nodes with a
// bit-field anywhere in them, its bit-field rules.
enum class BitFieldRules : uint8_t {
  // gcc's (PCC_BITFIELD_TYPE_MATTERS): a bit-field starts at the next free bit unless it would
  // then span more units of its type's alignment than its type has, in which case it starts at
  // the next such unit (not when packed: then bit by bit); a named bit-field aligns the struct
  // to its type (capped by packing); a zero-width bit-field moves the next member to its type's
  // alignment, whatever the packing, and adds nothing to the struct's alignment.
  kGcc,
  // ABI[aapcs64 2020Q2 8.1.8]: as gcc's, but a zero-width bit-field's type also aligns the struct
  // ("the container type contributes to the alignment of the containing aggregate", aarch64 gcc
  // and clang: `struct {char a; int :0;}` has size 4, alignment 4).
  kAapcs64,
  // ABI[win64 bit-fields] (MSVC; gcc's ms_struct and -mms-bitfields): a bit-field is allocated in
  // a unit of its declared type's size and alignment; the next bit-field shares the unit while
  // its type has the same size and it fits, else a new unit starts; an ordinary member after a
  // bit-field starts after the whole unit; a zero-width bit-field ends the unit (and aligns the
  // struct to its type) after a bit-field, and is ignored after anything else.
  kMs,
};

BitFieldRules bitFieldRulesOf(Abi abi) {
  switch (abi) {
    case Abi::kWin64:
    case Abi::kGnuWin64:
    case Abi::kWinArm64: return BitFieldRules::kMs;  // Windows on Arm too (clang's -msvc target)
    case Abi::kAapcs64: return BitFieldRules::kAapcs64;
    case Abi::kSysV64:
    case Abi::kApple64:  // ABI[apple-arm64]: clang's Darwin arm64 follows gcc's rules
    // ABI[riscv-psabi 1.0 "Bit-Fields"]: "Zero length bit-fields ... do not affect the struct
    // alignment" — gcc's rules.
    case Abi::kRv64: break;
  }
  return BitFieldRules::kGcc;
}

// A struct or a union (fields, their placement), an array or a vector (one element in `fields`,
// `count`), with its layout for every ABI, computed once when the node is made. ABIs whose rules
// give the same layout share one Placement (most nodes have two: wide and 8-byte long double).
struct Type::Node {
  struct Placement {
    Layout layout;
    std::vector<uint64_t> offsets;     // structs: byte offset of each field
    std::vector<uint64_t> bitOffsets;  // records with bit-fields: bit offset of each field
  };
  std::vector<Type> fields;
  uint64_t count = 0;
  uint32_t depth = 1;
  uint32_t vector = 0;  // largestVector()
  bool explicitLayout = false;
  bool record = false;        // made by Type::record
  bool isUnion = false;
  bool bitFieldsBelow = false;  // a bit-field in this node or one it holds
  bool recordBelow = false;     // containsRecord()
  uint8_t pack = 0;
  std::vector<uint32_t> bits;   // records with a bit-field: each field's width (Field::kNoBits)
  std::vector<uint64_t> given;  // records with a given offset: each field's (Field::kNextOffset)
  uint8_t slot[kAbiCount] = {};  // ABI → index into placed
  std::vector<Placement> placed;

  ~Node();
  const Placement& at(Abi abi) const { return placed[slot[uint8_t(abi)]]; }
  // Fills `placed` and `slot`, calling place(abi) once per distinct set of rules. False when
  // place reported a member given an offset inside the member before it.
  template <class Place>
  bool placeForEveryAbi(Place place);
  // A struct or union node from fields already checked (Type::record checks a caller's); null
  // when a member is given an offset inside the member before it under some ABI.
  __attribute__((visibility("hidden"))) static std::shared_ptr<Node> composite(
      std::vector<Type> fields, std::vector<uint32_t> bits, std::vector<uint64_t> given, RecordOptions options);
  // An array or a vector: `node` (its layout set) completed with its element and count.
  __attribute__((visibility("hidden"))) static Type withElement(TypeKind kind, std::shared_ptr<Node> node,
                                                                Type element, uint64_t count);
};

template <class Place>
bool Type::Node::placeForEveryAbi(Place place) {
  int keyOfSlot[kAbiCount];
  for (int a = 0; a < kAbiCount; ++a) {
    const Abi abi = Abi(a);
    const int key = int(longDoubleModel(abi)) + (bitFieldsBelow ? 2 * (int(bitFieldRulesOf(abi)) + 1) : 0);
    size_t s = 0;
    while (s < placed.size() && keyOfSlot[s] != key) ++s;
    if (s == placed.size()) {
      keyOfSlot[s] = key;
      placed.emplace_back();
      if (!place(abi, placed.back())) return false;
    }
    slot[a] = uint8_t(s);
  }
  return true;
}

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

namespace {

// A position in bits, kept as whole bytes (saturating, as every size) and the bits past them.
struct BitPos {
  uint64_t bytes = 0;
  uint32_t bits = 0;  // < 8

  uint64_t endBytes() const { return saturatingAdd(bytes, bits ? 1 : 0); }
  uint64_t inBits() const { return saturatingAdd(saturatingMul(bytes, 8), bits); }
  void alignTo(uint64_t a) { bytes = saturatingAdd(endBytes(), a - 1) / a * a, bits = 0; }
  void advanceBits(uint64_t n) {
    bytes = saturatingAdd(bytes, (bits + n) / 8);
    bits = uint32_t((bits + n) % 8);
  }
  // The bit offset from the last multiple of `a` bytes.
  uint64_t bitsPast(uint64_t a) const { return (bytes % a) * 8 + bits; }
  bool operator<=(const BitPos& o) const { return bytes < o.bytes || (bytes == o.bytes && bits <= o.bits); }
};

}  // namespace

// The layout of a struct's or union's fields under one ABI's rules (Node::placeForEveryAbi).
// False when a member is given an offset inside the member before it.
static bool placeFields(const std::vector<Type>& fields, const std::vector<uint32_t>& bits,
                        const std::vector<uint64_t>& given, bool isUnion, uint32_t pack, Abi abi,
                        std::vector<uint64_t>& offsets, std::vector<uint64_t>& bitOffsets, Layout& layout) {
  const BitFieldRules rules = bitFieldRulesOf(abi);
  auto capped = [pack](uint32_t a) { return pack != 0 && pack < a ? pack : a; };
  offsets.reserve(fields.size());
  if (!bits.empty()) bitOffsets.reserve(fields.size());
  BitPos pos;              // the next free bit
  uint64_t unionSize = 0;  // unions: the largest member
  uint32_t align = 1;
  // kMs: the storage unit the last bit-field was allocated in (open while bit-fields follow).
  bool unitOpen = false;
  uint64_t unitSize = 0;
  BitPos unitEnd;
  auto closeUnit = [&] {
    if (unitOpen) pos = unitEnd;
    unitOpen = false;
  };
  for (size_t i = 0; i < fields.size(); ++i) {
    const Layout fl = fields[i].layout(abi);
    const uint32_t width = bits.empty() ? Field::kNoBits : bits[i];
    BitPos at;
    if (isUnion) {
      // C11 6.7.2.1p16: "The size of a union is sufficient to contain the largest of its members."
      unionSize = std::max(unionSize, fl.size);
      align = std::max(align, capped(fl.align));
    } else if (width == Field::kNoBits) {
      if (rules == BitFieldRules::kMs) closeUnit();
      const uint32_t a = capped(fl.align);
      const uint64_t offset = given.empty() ? Field::kNextOffset : given[i];
      if (offset != Field::kNextOffset) {
        if (offset < pos.endBytes()) return false;
        at.bytes = offset;
        align = std::max<uint32_t>(align, offset % a == 0 ? a : 1);  // a misplaced member is packed
      } else {
        pos.alignTo(a);
        at = pos;
        align = std::max(align, a);
      }
      pos = {saturatingAdd(at.bytes, fl.size), 0};
    } else if (rules != BitFieldRules::kMs) {
      const uint64_t unitBits = fl.size * 8;
      if (width == 0) {
        pos.alignTo(fl.align);  // packing does not move it
        if (rules == BitFieldRules::kAapcs64) align = std::max(align, fl.align);
      } else if (pack == 0) {
        // "A bit field may not span more units of alignment of its type than its type itself."
        const uint64_t alignBits = uint64_t(fl.align) * 8;
        if ((pos.bitsPast(fl.align) + width + alignBits - 1) / alignBits > unitBits / alignBits) pos.alignTo(fl.align);
      }
      at = pos;
      pos.advanceBits(width);
      if (width != 0) align = std::max(align, capped(fl.align));
    } else if (width == 0) {
      if (unitOpen) {
        closeUnit();
        pos.alignTo(capped(fl.align));
        align = std::max(align, capped(fl.align));
      }
      at = pos;
    } else {
      BitPos next = pos;
      next.advanceBits(width);
      if (!unitOpen || unitSize != fl.size || !(next <= unitEnd)) {
        closeUnit();
        pos.alignTo(capped(fl.align));
        unitOpen = true;
        unitSize = fl.size;
        unitEnd = pos;
        unitEnd.advanceBits(fl.size * 8);
      }
      at = pos;
      pos.advanceBits(width);
      align = std::max(align, capped(fl.align));
    }
    offsets.push_back(at.bytes);
    if (!bits.empty()) bitOffsets.push_back(at.inBits());
  }
  closeUnit();
  const uint64_t end = isUnion ? unionSize : pos.endBytes();
  layout = {saturatingAdd(end, align - 1) / align * align, align};
  return true;
}

std::shared_ptr<Type::Node> Type::Node::composite(std::vector<Type> fields, std::vector<uint32_t> bits,
                                                 std::vector<uint64_t> given, RecordOptions options) {
  auto node = std::make_shared<Node>();
  node->fields = std::move(fields);
  node->bits = std::move(bits);
  node->given = std::move(given);
  node->isUnion = options.isUnion;
  node->pack = uint8_t(options.pack);
  node->bitFieldsBelow = !node->bits.empty();
  for (const Type& f : node->fields) {
    node->depth = std::max(node->depth, f.depth() + 1);
    node->vector = std::max(node->vector, f.largestVector());
    node->bitFieldsBelow = node->bitFieldsBelow || (f.node_ && f.node_->bitFieldsBelow);
    node->recordBelow = node->recordBelow || (f.node_ && f.node_->recordBelow);
  }
  const Node& n = *node;
  const bool ok = node->placeForEveryAbi([&n](Abi abi, Node::Placement& p) {
    return placeFields(n.fields, n.bits, n.given, n.isUnion, n.pack, abi, p.offsets, p.bitOffsets, p.layout);
  });
  return ok ? node : nullptr;
}

Type Type::structOf(std::vector<Type> fields) {
  Type t;
  t.kind_ = TypeKind::kStruct;
  t.node_ = Node::composite(std::move(fields), {}, {}, {});  // without given offsets, never null
  return t;
}

Result<Type> Type::record(std::vector<Field> fields, RecordOptions options) {
  const uint32_t p = options.pack;
  if (p > 16 || (p & (p - 1)) != 0) {
    return internal::fail(Status::kBadTypedef, "pack " + std::to_string(p) + ": a struct is packed to 0 (not "
                                               "packed), 1, 2, 4, 8 or 16 bytes");
  }
  std::vector<Type> types;
  std::vector<uint32_t> bits;
  std::vector<uint64_t> given;
  types.reserve(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    const Field& f = fields[i];
    const std::string what = "member " + std::to_string(i) + " (" + f.type.toText() + ")";
    if (f.type.isVoid()) return internal::fail(Status::kBadTypedef, "member " + std::to_string(i) + " is void");
    if (f.bits != Field::kNoBits) {
      if (options.isUnion) {
        return internal::fail(Status::kBadTypedef, what + ": a bit-field directly in a union is not supported "
                                                          "(put it in a struct member of the union)");
      }
      if (!f.type.isInteger()) {
        return internal::fail(Status::kBadTypedef, what + ": a bit-field must have an integer type");
      }
      const uint64_t typeBits = f.type.layout(Abi::kSysV64).size * 8;
      if (f.bits > typeBits) {
        return internal::fail(Status::kBadTypedef, what + ": a bit-field of " + std::to_string(f.bits) +
                                                       " bits is wider than its type (" + std::to_string(typeBits) +
                                                       " bits)");
      }
      if (f.offset != Field::kNextOffset) {
        return internal::fail(Status::kBadTypedef, what + ": a bit-field cannot be given an offset");
      }
      if (bits.empty()) bits.assign(fields.size(), Field::kNoBits);
      bits[i] = f.bits;
    }
    if (f.offset != Field::kNextOffset) {
      if (options.isUnion) {
        return internal::fail(Status::kBadTypedef, what + ": a union member cannot be given an offset");
      }
      if (i > 0 && !bits.empty() && bits[i - 1] != Field::kNoBits) {
        return internal::fail(Status::kBadTypedef, what + ": a member right after a bit-field cannot be given an "
                                                       "offset");
      }
      if (given.empty()) given.assign(fields.size(), Field::kNextOffset);
      given[i] = f.offset;
    }
    types.push_back(f.type);
  }
  if (!bits.empty() && std::all_of(bits.begin(), bits.end(), [](uint32_t b) { return b == 0; })) {
    // C11 6.7.2.1p8: a struct without named members is undefined (compilers disagree on its size).
    return internal::fail(Status::kBadTypedef, "a struct of zero-width bit-fields only has no named member");
  }
  auto node = Node::composite(std::move(types), std::move(bits), std::move(given), options);
  if (!node) {
    return internal::fail(Status::kBadTypedef, "a member's given offset lies inside the member before it (under "
                                               "at least one ABI's layout)");
  }
  node->record = node->recordBelow = true;
  Type t;
  t.kind_ = TypeKind::kStruct;
  t.node_ = std::move(node);
  return t;
}

Type Type::unionOf(std::vector<Type> members) {
  auto r = record(std::vector<Field>(members.begin(), members.end()), {.isUnion = true});
  assert(r.ok());  // non-void members cannot fail
  return r.ok() ? *r : structOf({});
}

Type Type::packedStructOf(std::vector<Type> fields, uint32_t pack) {
  auto r = record(std::vector<Field>(fields.begin(), fields.end()), {.pack = pack});
  assert(r.ok());  // a valid pack and non-void members cannot fail
  return r.ok() ? *r : structOf({});
}

bool Type::validExplicitLayout(Layout layout) noexcept {
  return layout.size != 0 && layout.align != 0 && (layout.align & (layout.align - 1)) == 0;
}

Type Type::structWithLayout(std::vector<Type> fields, Layout layout) {
  assert(validExplicitLayout(layout));
  Type t = structOf(std::move(fields));
  auto node = std::const_pointer_cast<Node>(t.node_);  // not shared yet
  node->explicitLayout = true;
  for (Node::Placement& p : node->placed) p.layout = {std::min(layout.size, kSizeSaturated), layout.align};
  return t;
}

Type Type::arrayOf(Type element, uint64_t count) {
  auto node = std::make_shared<Node>();
  node->depth = element.depth() + 1;
  node->vector = element.largestVector();
  node->bitFieldsBelow = element.node_ && element.node_->bitFieldsBelow;
  node->recordBelow = element.node_ && element.node_->recordBelow;
  node->placeForEveryAbi([&element, count](Abi abi, Node::Placement& p) {
    const Layout el = element.layout(abi);
    p.layout = {saturatingMul(el.size, count), el.align};
    return true;
  });
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
  const bool lane = (element.isInteger() && element.layout(Abi::kSysV64).size <= 8) ||
                    element.kind() == TypeKind::kF32 || element.kind() == TypeKind::kF64;
  if (!lane || count == 0 || count > 64) return false;
  const uint64_t size = element.layout(Abi::kSysV64).size * count;
  return size == 8 || size == 16 || size == 32 || size == 64;
}

Type Type::vectorOf(Type element, uint32_t count) {
  assert(validVector(element, count));
  auto node = std::make_shared<Node>();
  const Layout l = vectorLayout(element.layout(Abi::kSysV64).size * count);
  node->placeForEveryAbi([l](Abi, Node::Placement& p) {
    p.layout = l;
    return true;
  });
  node->vector = uint32_t(l.size);
  return Node::withElement(TypeKind::kVector, std::move(node), std::move(element), count);
}

bool Type::hasExplicitLayout() const noexcept { return node_ && node_->explicitLayout; }
bool Type::isRecord() const noexcept { return node_ && node_->record; }
bool Type::containsRecord() const noexcept { return node_ && node_->recordBelow; }
bool Type::isUnion() const noexcept { return node_ && node_->isUnion; }
uint32_t Type::pack() const noexcept { return node_ ? node_->pack : 0; }
bool Type::hasBitFields() const noexcept { return node_ && !node_->bits.empty(); }
uint32_t Type::fieldBits(size_t i) const noexcept {
  return node_ && i < node_->bits.size() ? node_->bits[i] : Field::kNoBits;
}
uint64_t Type::fieldGivenOffset(size_t i) const noexcept {
  return node_ && i < node_->given.size() ? node_->given[i] : Field::kNextOffset;
}

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

Layout Type::layout(Abi abi) const noexcept {
  if (node_) return node_->at(abi).layout;
  return scalarLayout(kind_, longDoubleModel(abi));
}

std::span<const uint64_t> Type::fieldOffsets(Abi abi) const noexcept {
  if (kind_ != TypeKind::kStruct) return {};
  return node_->at(abi).offsets;
}

uint64_t Type::fieldBitOffset(size_t i, Abi abi) const noexcept {
  if (kind_ != TypeKind::kStruct) return 0;
  const Node::Placement& p = node_->at(abi);
  return p.bitOffsets.empty() ? saturatingMul(p.offsets[i], 8) : p.bitOffsets[i];
}

void Type::appendText(std::string& out) const {
  switch (kind_) {
    case TypeKind::kStruct: {
      const Node& n = *node_;
      if (n.pack == 1) out += n.isUnion ? "packed " : "packed";
      if (n.pack > 1) out += "pack(" + std::to_string(n.pack) + (n.isUnion ? ") " : ")");
      if (n.isUnion) out += "union";
      out += '{';
      for (size_t i = 0; i < n.fields.size(); ++i) {
        if (i != 0) out += ',';
        n.fields[i].appendText(out);
        if (fieldBits(i) != Field::kNoBits) out += ':' + std::to_string(fieldBits(i));
        if (fieldGivenOffset(i) != Field::kNextOffset) out += '@' + std::to_string(fieldGivenOffset(i));
      }
      out += '}';
      if (n.explicitLayout) {
        const Layout l = n.placed[0].layout;
        out += '#' + std::to_string(l.size) + ':' + std::to_string(l.align);
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
  if (a.count != b.count || a.explicitLayout != b.explicitLayout || a.record != b.record ||
      a.isUnion != b.isUnion || a.pack != b.pack || a.bits != b.bits || a.given != b.given) {
    return false;
  }
  if (a.explicitLayout && (a.placed[0].layout.size != b.placed[0].layout.size ||
                           a.placed[0].layout.align != b.placed[0].layout.align)) {
    return false;
  }
  return a.fields == b.fields;
}

}  // namespace jitffi
