// SPDX-License-Identifier: MIT
// Signatures and the compact text form (grammar in include/jitffi/signature.h).
#include "jitffi/signature.h"

#include <cctype>
#include <charconv>
#include <cstring>

namespace jitffi {
namespace {

struct NamedKind {
  const char* name;
  TypeKind kind;
};

// Canonical names first (typeKindName prints these), then aliases.
constexpr NamedKind kScalarNames[] = {
    {"void", TypeKind::kVoid},      {"i8", TypeKind::kI8},         {"u8", TypeKind::kU8},
    {"i16", TypeKind::kI16},        {"u16", TypeKind::kU16},       {"i32", TypeKind::kI32},
    {"u32", TypeKind::kU32},        {"i64", TypeKind::kI64},       {"u64", TypeKind::kU64},
    {"i128", TypeKind::kI128},      {"u128", TypeKind::kU128},     {"f32", TypeKind::kF32},
    {"f64", TypeKind::kF64},        {"ld", TypeKind::kLongDouble}, {"ptr", TypeKind::kPtr},
    {"c32", TypeKind::kComplexF32}, {"c64", TypeKind::kComplexF64},
    {"cld", TypeKind::kComplexLongDouble},
    // aliases
    {"char", TypeKind::kI8},        {"schar", TypeKind::kI8},      {"uchar", TypeKind::kU8},
    {"bool", TypeKind::kU8},        {"short", TypeKind::kI16},     {"ushort", TypeKind::kU16},
    {"int", TypeKind::kI32},        {"uint", TypeKind::kU32},      {"long", TypeKind::kI64},
    {"ulong", TypeKind::kU64},      {"int64", TypeKind::kI64},     {"uint64", TypeKind::kU64},
    {"size_t", TypeKind::kU64},     {"float", TypeKind::kF32},     {"double", TypeKind::kF64},
    {"longdouble", TypeKind::kLongDouble}, {"f80", TypeKind::kLongDouble},
    {"pointer", TypeKind::kPtr},
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<Signature> parseSignature() {
    Signature sig;
    auto ret = parseType(0);
    if (!ret) return ret.error();
    sig.ret = std::move(*ret);
    if (!eat('(')) return expected("'('");
    bool sawEllipsis = false;
    if (!peekIs(')')) {
      for (;;) {
        if (eatEllipsis()) {
          if (sawEllipsis) return expected("a type (only one '...' is allowed)");
          sawEllipsis = true;
          sig.variadic = true;
          sig.fixedCount = uint32_t(sig.args.size());
        } else {
          const size_t at = skipSpace();
          auto t = parseType(0);
          if (!t) return t.error();
          if (t->kind() == TypeKind::kVoid) {
            // "f(void)" is the empty parameter list; void is no argument type otherwise.
            if (sig.args.empty() && !sawEllipsis && eat(')')) break;
            pos_ = at;
            return expected("an argument type (void is not one)");
          }
          if (sig.args.size() >= kMaxArgs) return expected("')' (too many arguments)");
          sig.args.push_back(std::move(*t));
        }
        if (eat(')')) break;
        if (!eat(',')) return expected("',' or ')'");
      }
    } else {
      eat(')');
    }
    if (!sig.variadic) sig.fixedCount = uint32_t(sig.args.size());
    skipSpace();
    if (pos_ != text_.size()) return expected("end of input");
    return sig;
  }

  Result<Type> parseLoneType() {
    auto t = parseType(0);
    if (!t) return t;
    skipSpace();
    if (pos_ != text_.size()) return expected("end of input");
    return t;
  }

 private:
  Result<Type> parseType(uint32_t depth) {
    skipSpace();
    if (eat('{')) {
      if (depth + 1 > kMaxDepth) return expected("a shallower struct (nesting too deep)");
      std::vector<Type> fields;
      if (!eat('}')) {
        for (;;) {
          skipSpace();
          const size_t at = pos_;
          auto f = parseType(depth + 1);
          if (!f) return f;
          if (f->kind() == TypeKind::kVoid) {
            pos_ = at;
            return expected("a member type (void is not one)");
          }
          // Array dimensions, outermost first (C's order): build from the innermost out.
          std::vector<uint64_t> dims;
          while (eat('[')) {
            uint64_t count;
            if (!parseNumber(count)) return expected("an array length");
            if (!eat(']')) return expected("']'");
            if (depth + 1 + f->depth() + dims.size() + 1 > kMaxDepth) {
              return expected("fewer array dimensions (nesting too deep)");
            }
            dims.push_back(count);
          }
          Type member = std::move(*f);
          for (size_t d = dims.size(); d-- > 0;) member = Type::arrayOf(std::move(member), dims[d]);
          fields.push_back(std::move(member));
          if (eat('}')) break;
          if (!eat(',')) return expected("',' or '}'");
        }
      }
      if (eat('#')) {
        Layout l;
        if (!parseNumber(l.size)) return expected("a struct size after '#'");
        uint64_t align = 1;
        if (eat(':') && !parseNumber(align)) return expected("a struct alignment after ':'");
        if (align > 4096) return expected("an alignment of at most 4096");
        l.align = uint32_t(align);
        if (!Type::validExplicitLayout(l)) {
          return expected("an explicit layout of a size of at least 1 and a power-of-two alignment");
        }
        return Type::structWithLayout(std::move(fields), l);
      }
      return Type::structOf(std::move(fields));
    }
    const size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      ++pos_;
    }
    std::string_view word = text_.substr(start, pos_ - start);
    // "void*" and "char*" style pointers.
    if (!word.empty()) {
      const size_t save = pos_;
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == '*') {
        while (eat('*')) {
        }
        return Type::ptr();
      }
      pos_ = save;
    }
    for (const NamedKind& nk : kScalarNames) {
      if (word == nk.name) return Type::scalar(nk.kind);
    }
    pos_ = start;
    return expected("a type (i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 f32 f64 ld ptr c32 c64 cld "
                    "void or {...})");
  }

  bool parseNumber(uint64_t& out) {
    skipSpace();
    const char* b = text_.data() + pos_;
    const char* e = text_.data() + text_.size();
    auto [p, ec] = std::from_chars(b, e, out);
    if (ec != std::errc() || p == b) return false;
    pos_ += size_t(p - b);
    return true;
  }
  size_t skipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return pos_;
  }
  bool peekIs(char c) {
    skipSpace();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  bool eat(char c) {
    if (!peekIs(c)) return false;
    ++pos_;
    return true;
  }
  bool eatEllipsis() {
    skipSpace();
    if (text_.substr(pos_, 3) != "...") return false;
    pos_ += 3;
    return true;
  }
  Error expected(const char* what) {
    std::string msg = "at position " + std::to_string(pos_) + ": expected " + what;
    if (pos_ < text_.size()) {
      msg += ", found '";
      msg += text_.substr(pos_, 12);
      msg += "'";
    } else {
      msg += ", found end of input";
    }
    return internal::fail(Status::kParseError, std::move(msg));
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

Result<Signature> Signature::parse(std::string_view text) { return Parser(text).parseSignature(); }

Result<Type> Signature::parseType(std::string_view text) { return Parser(text).parseLoneType(); }

std::string Signature::toText() const {
  std::string s;
  ret.appendText(s);
  s += '(';
  for (size_t i = 0; i < args.size(); ++i) {
    if (variadic && i == fixedCount) s += i == 0 ? "..., " : ", ..., ";
    else if (i != 0) s += ", ";
    args[i].appendText(s);
  }
  if (variadic && fixedCount == args.size()) s += args.empty() ? "..." : ", ...";
  s += ')';
  return s;
}

bool Signature::operator==(const Signature& other) const noexcept {
  return ret == other.ret && args == other.args && variadic == other.variadic &&
         fixedCount == other.fixedCount;
}

}  // namespace jitffi
