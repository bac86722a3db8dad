// SPDX-License-Identifier: MIT
// `jitffi call`: command-line text to C values and back.
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include "../lib/classify/parse_p.h"
#include "tool_p.h"

namespace jitffi::tool {
namespace {

Error bad(const std::string& msg) { return internal::fail(Status::kInvalidArgument, msg); }

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// Splits "{a,b,{c,d}}" into its top-level elements.
bool splitBraces(const std::string& text, std::vector<std::string>& out) {
  const std::string t = trim(text);
  if (t.size() < 2 || t.front() != '{' || t.back() != '}') return false;
  int depth = 0;
  std::string cur;
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    const char c = t[i];
    if (c == '{') ++depth;
    if (c == '}') {
      if (--depth < 0) return false;
    }
    if (c == ',' && depth == 0) {
      out.push_back(trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (depth != 0) return false;
  if (!trim(cur).empty() || !out.empty()) out.push_back(trim(cur));
  return true;
}

// Parses a decimal or 0x-hex integer with an optional sign into 128 bits.
bool parseInteger(const std::string& t, bool& negative, unsigned __int128& magnitude) {
  std::string_view s = t;
  negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  unsigned base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return false;
  magnitude = 0;
  for (char c : s) {
    unsigned d;
    if (c >= '0' && c <= '9') d = unsigned(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f') d = unsigned(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F') d = unsigned(c - 'A' + 10);
    else return false;
    if (d >= base) return false;
    const unsigned __int128 next = magnitude * base + d;
    if (next / base != magnitude) return false;  // overflow of 128 bits
    magnitude = next;
  }
  return true;
}

Error parseIntegerInto(const std::string& t, TypeKind kind, unsigned char* out) {
  bool neg;
  unsigned __int128 mag;
  if (!parseInteger(t, neg, mag)) return bad("'" + t + "' is not an integer");
  struct Range {
    unsigned size;
    bool isSigned;
  };
  Range r{};
  switch (kind) {
    case TypeKind::kI8: r = {1, true}; break;
    case TypeKind::kU8: r = {1, false}; break;
    case TypeKind::kI16: r = {2, true}; break;
    case TypeKind::kU16: r = {2, false}; break;
    case TypeKind::kI32: r = {4, true}; break;
    case TypeKind::kU32: r = {4, false}; break;
    case TypeKind::kI64: r = {8, true}; break;
    case TypeKind::kU64: r = {8, false}; break;
    case TypeKind::kI128: r = {16, true}; break;
    default: r = {16, false}; break;
  }
  const unsigned bits = r.size * 8;
  const unsigned __int128 one = 1;
  const unsigned __int128 maxPos = r.isSigned ? (one << (bits - 1)) - 1 : (bits == 128 ? ~(unsigned __int128)0 : (one << bits) - 1);
  const unsigned __int128 maxNeg = r.isSigned ? (one << (bits - 1)) : 0;
  if ((!neg && mag > maxPos) || (neg && mag > maxNeg)) {
    return bad("'" + t + "' does not fit " + typeKindName(kind));
  }
  const unsigned __int128 v = neg ? (unsigned __int128)(-(__int128)mag) : mag;
  std::memcpy(out, &v, r.size);  // little-endian: the low bytes
  return {};
}

Error parseFloatInto(const std::string& t, TypeKind kind, LongDoubleModel model, unsigned char* out) {
  if (t.empty()) return bad("an empty number");
  char* end = nullptr;
  errno = 0;
  if (kind == TypeKind::kF32) {
    const float v = std::strtof(t.c_str(), &end);
    if (*end) return bad("'" + t + "' is not a number");
    if (errno == ERANGE && std::isinf(v)) return bad("'" + t + "' does not fit f32");
    std::memcpy(out, &v, sizeof v);
  } else if (kind == TypeKind::kF64 || (kind == TypeKind::kLongDouble && model == LongDoubleModel::kAsDouble)) {
    const double v = std::strtod(t.c_str(), &end);
    if (*end) return bad("'" + t + "' is not a number");
    if (errno == ERANGE && std::isinf(v)) return bad("'" + t + "' does not fit f64");
    std::memcpy(out, &v, sizeof v);
  } else {
    const long double v = std::strtold(t.c_str(), &end);
    if (*end) return bad("'" + t + "' is not a number");
    std::memcpy(out, &v, sizeof v);
  }
  return {};
}

// The members of a struct a value lists: all but zero-width bit-fields (which hold nothing); of a
// union, when parsing, only the first (C's initializer rule: the other members share its bytes).
std::vector<size_t> valueMembers(const Type& type, bool parsing) {
  std::vector<size_t> out;
  for (size_t i = 0; i < type.fields().size(); ++i) {
    if (type.fieldBits(i) != 0) out.push_back(i);
    if (parsing && type.isUnion()) break;
  }
  return out;
}

// A bit-field's bits, as an integer of its type (sign-extended for a signed one), from or into the
// struct's bytes at `p`.
unsigned __int128 loadBits(const unsigned char* p, uint64_t first, uint32_t bits, bool isSigned) {
  unsigned __int128 v = 0;
  for (uint32_t b = 0; b < bits; ++b) {
    v |= (unsigned __int128)((p[(first + b) / 8] >> ((first + b) % 8)) & 1) << b;
  }
  if (isSigned && bits && bits < 128 && (v >> (bits - 1)) & 1) v |= ~(unsigned __int128)0 << bits;
  return v;
}
void storeBits(unsigned char* p, uint64_t first, uint32_t bits, unsigned __int128 v) {
  for (uint32_t b = 0; b < bits; ++b) {
    unsigned char& byte = p[(first + b) / 8];
    const unsigned shift = unsigned((first + b) % 8);
    byte = (unsigned char)((byte & ~(1u << shift)) | (unsigned((v >> b) & 1) << shift));
  }
}

// Parses `text` into the `avail` bytes at `out`.
Error parseInto(const std::string& text, const Type& type, Abi abi, unsigned char* out, uint64_t avail) {
  const std::string t = trim(text);
  const LongDoubleModel model = longDoubleModel(abi);
  if (type.isStruct() || type.isArray() || type.isVector()) {
    // A struct's fields, an array's elements or a vector's lanes, each in braces: {1,{2,3},4.5}.
    // Numbered from 0, as arguments are. A union is given its first member's value.
    const bool isStruct = type.isStruct();
    const std::vector<size_t> members = isStruct ? valueMembers(type, true) : std::vector<size_t>();
    const char* item = isStruct ? "field" : type.isArray() ? "element" : "lane";
    std::vector<std::string> parts;
    if (!splitBraces(t, parts)) {
      return bad("'" + t + "' is not " + (isStruct ? "a struct" : type.isArray() ? "an array" : "a vector") +
                 " value like {1,2.5}");
    }
    const uint64_t n = isStruct ? members.size() : type.arrayLength();
    if (parts.size() != n) {
      return bad("'" + t + "' has " + std::to_string(parts.size()) + " " + item + "(s), " + type.toText() + " has " +
                 std::to_string(n) + (type.isUnion() ? " (a union's value is its first member's)" : ""));
    }
    for (size_t k = 0; k < parts.size(); ++k) {
      const size_t i = isStruct ? members[k] : k;
      const Type member = isStruct ? type.fields()[i] : type.element();
      const uint64_t size = member.layout(abi).size;
      const std::string which = std::string(item) + " " + std::to_string(i);
      if (isStruct && type.fieldBits(i) != Field::kNoBits) {
        unsigned char v[16] = {};
        if (Error e = parseIntegerInto(trim(parts[k]), member.kind(), v)) return bad(which + ": " + e.message());
        unsigned __int128 x;
        std::memcpy(&x, v, sizeof x);
        storeBits(out, type.fieldBitOffset(i, abi), type.fieldBits(i), x);  // C truncates to the width
        continue;
      }
      const uint64_t at = isStruct ? type.fieldOffsets(abi)[i] : k * size;
      if (at + size > avail) return bad(which + " lies past an explicit size");
      if (Error e = parseInto(parts[k], member, abi, out + at, size)) return bad(which + ": " + e.message());
    }
    return {};
  }
  if (type.isComplex()) {
    const TypeKind part = complexPart(type.kind());
    const uint64_t partSize = scalarLayout(part, model).size;
    std::vector<std::string> parts;
    if (!splitBraces(t, parts)) parts = {t, "0"};  // a real number
    if (parts.size() != 2) return bad("a complex number is {re,im} or a real number");
    JITFFI_TRY(parseInto(parts[0], Type::scalar(part), abi, out, partSize));
    return parseInto(parts[1], Type::scalar(part), abi, out + partSize, partSize);
  }
  switch (type.kind()) {
    case TypeKind::kF32:
    case TypeKind::kF64:
    case TypeKind::kLongDouble: return parseFloatInto(t, type.kind(), model, out);
    case TypeKind::kPtr: {
      void* p;
      bool neg;
      unsigned __int128 mag;
      if (t == "null" || t == "NULL") {
        p = nullptr;
      } else if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') && parseInteger(t, neg, mag) &&
                 mag <= std::numeric_limits<uintptr_t>::max()) {
        p = reinterpret_cast<void*>(uintptr_t(mag));
      } else {
        return bad("'" + t + "' is not a pointer: null, an address (0x1000), out:TYPE or buf:N (for text, "
                   "declare the argument str)");
      }
      std::memcpy(out, &p, sizeof p);
      return {};
    }
    case TypeKind::kVoid: return bad("void is not a value");
    default: return parseIntegerInto(t, type.kind(), out);
  }
}

template <class F>
std::string shortest(F v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return "?";
  return std::string(buf, end);
}

std::string formatFloat(const unsigned char* p, TypeKind kind, LongDoubleModel model) {
  if (kind == TypeKind::kF32) {
    float v;
    std::memcpy(&v, p, sizeof v);
    return shortest(v);
  }
  if (kind == TypeKind::kF64 || model == LongDoubleModel::kAsDouble) {
    double v;
    std::memcpy(&v, p, sizeof v);
    return shortest(v);
  }
  long double v;  // the host's: x87 extended (10 meaningful bytes of 16), binary128 (16)
  std::memcpy(&v, p, sizeof v);
  return shortest(v);
}

std::string format128(unsigned __int128 v, bool isSigned) {
  bool neg = false;
  if (isSigned && __int128(v) < 0) {
    neg = true;
    v = (unsigned __int128)(-(__int128)v);
  }
  std::string s;
  do {
    s.insert(s.begin(), char('0' + int(v % 10)));
    v /= 10;
  } while (v);
  return neg ? "-" + s : s;
}

// Formats the value at `p`, of which `avail` bytes are there.
std::string formatAt(const unsigned char* p, const Type& type, Abi abi, uint64_t avail) {
  const LongDoubleModel model = longDoubleModel(abi);
  if (type.isStruct() || type.isArray() || type.isVector()) {
    std::string s = "{";
    const bool isStruct = type.isStruct();
    const std::vector<size_t> members = isStruct ? valueMembers(type, false) : std::vector<size_t>();
    const uint64_t n = isStruct ? members.size() : type.arrayLength();
    for (uint64_t k = 0; k < n; ++k) {
      const size_t i = isStruct ? members[k] : k;
      const Type member = isStruct ? type.fields()[i] : type.element();
      const uint64_t size = member.layout(abi).size;
      if (k) s += ',';
      if (isStruct && type.fieldBits(i) != Field::kNoBits) {
        const unsigned __int128 v = loadBits(p, type.fieldBitOffset(i, abi), type.fieldBits(i), member.isSignedInteger());
        s += format128(v, member.isSignedInteger());
        continue;
      }
      const uint64_t at = isStruct ? type.fieldOffsets(abi)[i] : k * size;
      s += at + size <= avail ? formatAt(p + at, member, abi, size) : "-";  // past an explicit size
    }
    return s + "}";
  }
  if (type.isComplex()) {
    const TypeKind part = complexPart(type.kind());
    const uint64_t partSize = scalarLayout(part, model).size;
    return "{" + formatAt(p, Type::scalar(part), abi, partSize) + "," + formatAt(p + partSize, Type::scalar(part), abi, partSize) + "}";
  }
  auto load = [&](auto v) {
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  switch (type.kind()) {
    case TypeKind::kVoid: return "";
    case TypeKind::kI8: return std::to_string(load(int8_t()));
    case TypeKind::kU8: return std::to_string(load(uint8_t()));
    case TypeKind::kI16: return std::to_string(load(int16_t()));
    case TypeKind::kU16: return std::to_string(load(uint16_t()));
    case TypeKind::kI32: return std::to_string(load(int32_t()));
    case TypeKind::kU32: return std::to_string(load(uint32_t()));
    case TypeKind::kI64: return std::to_string(load(int64_t()));
    case TypeKind::kU64: return std::to_string(load(uint64_t()));
    case TypeKind::kI128: return format128(load((unsigned __int128)0), true);
    case TypeKind::kU128: return format128(load((unsigned __int128)0), false);
    case TypeKind::kF32:
    case TypeKind::kF64:
    case TypeKind::kLongDouble: return formatFloat(p, type.kind(), model);
    case TypeKind::kPtr: {
      const uintptr_t v = load(uintptr_t());
      if (!v) return "null";
      char buf[32];
      std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
      return buf;
    }
    default: return "?";
  }
}

// A fresh zeroed buffer for out:TYPE / buf:N; false when `t` is neither.
Result<bool> parseOutBuffer(const std::string& t, ArgValue& a, Abi abi, ValueArena& arena) {
  if (t.rfind("out:", 0) == 0) {
    auto type = parseToolType(std::string_view(t).substr(4), abi);
    if (!type) return bad("out:TYPE: " + type.error().message());
    if (type->type.kind() == TypeKind::kVoid) return bad("out:void has no size; use buf:N");
    if (type->type.layout(abi).size > kMaxValueSize) {
      return bad("out:TYPE: a " + type->type.toText() + " is larger than " + std::to_string(kMaxValueSize) + " bytes");
    }
    a.out = ArgValue::Out::kTyped;
    a.outType = std::move(*type);
    a.bufferSize = a.outType.type.layout(abi).size;
  } else if (t.rfind("buf:", 0) == 0) {
    bool neg;
    unsigned __int128 n;
    if (!parseInteger(t.substr(4), neg, n) || neg || n == 0 || n > (1u << 30)) {
      return bad("'" + t + "': buf:N takes a size N from 1 to 2^30");
    }
    a.out = ArgValue::Out::kText;
    a.bufferSize = size_t(n);
  } else {
    return false;
  }
  a.buffer = arena.alloc(a.bufferSize + 1);  // a NUL after a text buffer, whatever it receives
  return true;
}

}  // namespace

void* ValueArena::alloc(size_t size) {
  auto block = std::make_unique<unsigned char[]>(size + 32);
  void* p = block.get();
  size_t space = size + 32;
  p = std::align(16, size, p, space);
  blocks_.push_back(std::move(block));
  return p;
}

const char* ValueArena::keepString(std::string s) {
  strings_.push_back(std::move(s));
  return strings_.back().c_str();
}

Result<ToolType> parseToolType(std::string_view text, Abi abi) {
  ToolType t;
  auto type = internal::parseType(text, {.abi = abi, .str = true}, &t.str);
  if (!type) return type.error();
  t.type = std::move(*type);
  return t;
}

Result<ToolSignature> parseToolSignature(std::string_view text, Abi abi) {
  internal::TextSpellings spellings;
  auto sig = internal::parseSignature(text, {.abi = abi, .str = true}, &spellings);
  if (!sig) return sig.error();
  return ToolSignature{std::move(*sig), spellings.ret, std::move(spellings.args)};
}

Result<ArgValue> parseArgument(const std::string& text, const ToolType& type, Abi abi, ValueArena& arena) {
  ArgValue a;
  const uint64_t size = type.type.layout(abi).size;
  auto* out = static_cast<unsigned char*>(arena.alloc(size < 16 ? 16 : size));
  a.value = out;
  if (type.str) {
    const char* s = arena.keepString(text);  // the text itself, NUL-terminated
    std::memcpy(out, &s, sizeof s);
    return a;
  }
  if (type.type.kind() == TypeKind::kPtr) {
    auto buffer = parseOutBuffer(trim(text), a, abi, arena);
    if (!buffer) return buffer.error();
    if (*buffer) {
      std::memcpy(out, &a.buffer, sizeof a.buffer);
      return a;
    }
  }
  if (Error e = parseInto(text, type.type, abi, out, size)) return e;
  return a;
}

std::string formatValue(const void* bytes, const ToolType& type, Abi abi) {
  if (type.str) {
    const char* s;
    std::memcpy(&s, bytes, sizeof s);
    return s ? std::string(s) : "null";
  }
  return formatAt(static_cast<const unsigned char*>(bytes), type.type, abi, type.type.layout(abi).size);
}

std::string formatOut(const ArgValue& a, Abi abi) {
  switch (a.out) {
    case ArgValue::Out::kNone: break;
    case ArgValue::Out::kTyped: return formatValue(a.buffer, a.outType, abi);
    case ArgValue::Out::kText: {
      const char* s = static_cast<const char*>(a.buffer);
      return std::string(s, strnlen(s, a.bufferSize));
    }
  }
  return "";
}

Result<int> parseErrnoValue(const std::string& text) {
  int v = 0;
  if (Error e = parseIntegerInto(text, TypeKind::kI32, reinterpret_cast<unsigned char*>(&v))) return e;
  return v;
}

}  // namespace jitffi::tool
