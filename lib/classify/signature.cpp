// SPDX-License-Identifier: MIT
// Signatures and the compact text form (grammar in include/jitffi/signature.h; what the names
// mean in type_names.cpp).
#include "jitffi/signature.h"

#include <cctype>
#include <charconv>
#include <cstring>

#include "parse_p.h"
#include "type_names_p.h"

namespace jitffi {
namespace {

constexpr const char* kTypeExpected =
    "a type (i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 f32 f64 ld ptr c32 c64 cld ci8..cu128, a vector "
    "like f32x4, void or {...})";

class Parser {
 public:
  Parser(std::string_view text, const internal::ParseOptions& options) : text_(text), options_(options) {}

  Result<Signature> parseSignature(internal::TextSpellings* spellings) {
    Signature sig;
    bool isText = false;
    auto ret = parseType(0, &isText);
    if (!ret) return ret.error();
    sig.ret = std::move(*ret);
    if (spellings) spellings->ret = isText;
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
          auto t = parseType(0, &isText);
          if (!t) return t.error();
          if (t->kind() == TypeKind::kVoid) {
            // "f(void)" is the empty parameter list; void is no argument type otherwise.
            if (sig.args.empty() && !sawEllipsis && eat(')')) break;
            pos_ = at;
            return expected("an argument type (void is not one)");
          }
          if (sig.args.size() >= kMaxArgs) return expected("')' (too many arguments)");
          sig.args.push_back(std::move(*t));
          if (spellings) spellings->args.push_back(isText);
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

  Result<Type> parseLoneType(bool* isText) {
    bool text = false;
    auto t = parseType(0, &text);
    if (!t) return t;
    skipSpace();
    if (pos_ != text_.size()) return expected("end of input");
    if (isText) *isText = text;
    return t;
  }

 private:
  // *isText: whether the type was written as a C string (internal::TextSpellings).
  Result<Type> parseType(uint32_t depth, bool* isText) {
    skipSpace();
    *isText = false;
    const size_t start = pos_;
    RecordOptions options;
    bool record = false;
    // A record's prefix: `packed`, `pack(N)`, then `union` (each only where a '{' follows, so
    // that `union tag*` and a typedef name such as `packed` keep their meaning).
    if (peekWord() == "packed" && followedByBrace(6)) {
      pos_ += 6;
      options.pack = 1;
      record = true;
    } else if (peekWord() == "pack" && peekIsAfter(pos_ + 4, '(')) {
      pos_ += 4;
      eat('(');
      uint64_t pack;
      if (!parseNumber(pack) || pack == 0 || pack > 16 || (pack & (pack - 1)) != 0) {
        return expected("a packing of 1, 2, 4, 8 or 16 after 'pack('");
      }
      if (!eat(')')) return expected("')'");
      options.pack = uint32_t(pack);
      record = true;
      if (!peekIs('{') && !(peekWord() == "union" && followedByBrace(5))) return expected("'{' or 'union {' after 'pack(N)'");
    }
    if (peekWord() == "union" && followedByBrace(5)) {
      pos_ += 5;
      options.isUnion = true;
      record = true;
    }
    if (!eat('{')) {
      if (record) return expected("'{'");
      return parseNamed(isText);
    }
    if (depth + 1 > kMaxDepth) return expected("a shallower struct (nesting too deep)");
    // The members; a record's bit widths and given offsets beside them, from its first (a plain
    // struct, however long, never builds Fields).
    std::vector<Type> types;
    std::vector<uint32_t> bits;
    std::vector<uint64_t> offsets;
    if (!eat('}')) {
      for (;;) {
        const size_t at = skipSpace();
        bool memberText;
        auto f = parseType(depth + 1, &memberText);
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
        types.push_back(std::move(member));
        // A bit-field's width (`u32:3`) or a given offset (`i32@8`).
        const bool hasBits = peekIs(':'), hasOffset = peekIs('@');
        if (hasBits || hasOffset) {
          pos_ += 1;
          record = true;
          bits.resize(types.size(), Field::kNoBits);
          offsets.resize(types.size(), Field::kNextOffset);
          uint64_t n = 0;  // (set by parseNumber: riscv64 gcc 12 warns that it may not be)
          if (hasBits && (!parseNumber(n) || n > 128)) return expected("a bit-field width of at most 128 after ':'");
          if (hasOffset && (!parseNumber(n) || n > kMaxValueSize)) {
            return expected("a member offset of at most " + std::to_string(kMaxValueSize) + " after '@'");
          }
          if (hasBits) {
            bits.back() = uint32_t(n);
          } else {
            offsets.back() = n;
          }
        }
        if (eat('}')) break;
        if (!eat(',')) return expected("',' or '}'");
      }
    }
    if (record) {
      std::vector<Field> fields(types.begin(), types.end());
      for (size_t i = 0; i < bits.size(); ++i) {
        fields[i].bits = bits[i];
        fields[i].offset = offsets[i];
      }
      auto r = Type::record(std::move(fields), options);
      if (!r) {
        return internal::fail(Status::kParseError, "at position " + std::to_string(start) + ": " + r.error().message());
      }
      if (peekIs('#')) return expected("no '#' layout after a union, packed or bit-field struct");
      return r;
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
      return Type::structWithLayout(std::move(types), l);
    }
    return Type::structOf(std::move(types));
  }

  // Whether the word of `length` characters at the cursor is followed by '{' (or by `union {`).
  bool followedByBrace(size_t length) {
    size_t e = pos_ + length;
    while (e < text_.size() && std::isspace(static_cast<unsigned char>(text_[e]))) ++e;
    if (e < text_.size() && text_[e] == '{') return true;
    return text_.substr(e, 5) == "union" && length != 5 && [&] {
      size_t u = e + 5;
      while (u < text_.size() && std::isspace(static_cast<unsigned char>(text_[u]))) ++u;
      return u < text_.size() && text_[u] == '{';
    }();
  }
  bool peekIsAfter(size_t from, char c) {
    while (from < text_.size() && std::isspace(static_cast<unsigned char>(text_[from]))) ++from;
    return from < text_.size() && text_[from] == c;
  }

  // A type written with words: one name (jitffi's, an alias, a C typedef name), C's type
  // keywords in any order, or a struct, union or enum tag and its identifier; C's qualifiers
  // anywhere among them and after each '*'. Any of these followed by '*' is a pointer, and so is
  // any identifier ("FILE*"). A word after a whole type ends it (C would read a parameter's
  // name there, which the text form has not).
  Result<Type> parseNamed(bool* isText) {
    internal::CKeywords keywords;
    size_t keywordsAt = std::string_view::npos;
    std::string_view name, tag;  // name: an identifier, or struct/union/enum before its tag
    size_t nameAt = 0;
    for (std::string_view w; !(w = peekWord()).empty();) {
      const size_t at = pos_;
      if (internal::isCQualifier(w)) {
        pos_ += w.size();
      } else if (auto k = internal::cKeyword(w)) {
        if (!name.empty()) break;
        keywords.add(*k);
        if (keywordsAt == std::string_view::npos) keywordsAt = at;
        pos_ += w.size();
      } else if (!name.empty() || !keywords.empty()) {
        break;
      } else {
        name = w;
        nameAt = at;
        pos_ += w.size();
        if (w == "struct" || w == "union" || w == "enum") {
          tag = peekWord();
          if (tag.empty()) return expected("a tag name after '" + std::string(w) + "'");
          pos_ += tag.size();
        }
      }
    }
    const size_t end = pos_;
    uint32_t stars = 0;
    while (eat('*')) {
      ++stars;
      for (std::string_view w; internal::isCQualifier(w = peekWord());) pos_ += w.size();
    }
    if (!keywords.empty()) {
      auto kind = internal::cKeywordType(keywords, options_.abi);
      if (!kind) {
        std::string_view words = text_.substr(keywordsAt, end - keywordsAt);
        while (!words.empty() && std::isspace(static_cast<unsigned char>(words.back()))) words.remove_suffix(1);
        pos_ = keywordsAt;
        return expected("a type ('" + std::string(words) + "' is no C type)");
      }
      if (stars) {
        *isText = stars == 1 && keywords.only({internal::CKeyword::kChar});
        return Type::ptr();
      }
      return Type::scalar(*kind);
    }
    if (name.empty()) {
      pos_ = end;
      return expected(kTypeExpected);
    }
    if (stars) return Type::ptr();  // ABI[sysv-x64 3.1.2] and the others: every pointer is 8 bytes
    if (!tag.empty()) {
      pos_ = end;
      const std::string written = std::string(name) + " " + std::string(tag);
      if (name == "struct") {
        return expected("'*' after '" + written + "' (a struct by value is written with its members, {...})");
      }
      if (name == "union") {
        return expected("'*' after '" + written + "' (a union by value is written with its members, union{...})");
      }
      return expected("'*' after '" + written + "' (an enum by value is written as its integer type, such as int)");
    }
    if (options_.str && name == "str") {
      *isText = true;
      return Type::ptr();
    }
    if (auto kind = internal::namedType(name, options_.abi)) return Type::scalar(*kind);
    // A vector: a lane type's name and a lane count, "f32x4".
    if (const size_t x = name.rfind('x'); x != std::string_view::npos && x + 1 < name.size()) {
      const auto lane = internal::namedType(name.substr(0, x), options_.abi);
      uint64_t count = 0;
      const char* e = name.data() + name.size();
      auto [p, ec] = std::from_chars(name.data() + x + 1, e, count);
      if (lane && ec == std::errc() && p == e) {
        const Type element = Type::scalar(*lane);
        if (Type::validVector(element, count)) return Type::vectorOf(element, uint32_t(count));
        pos_ = nameAt;
        return expected("a vector of 8, 16, 32 or 64 bytes of integers of at most 8 bytes, f32 or f64");
      }
    }
    pos_ = nameAt;
    return expected(kTypeExpected);
  }

  // The identifier at the next token, not consumed (empty when the next token is none).
  std::string_view peekWord() {
    skipSpace();
    size_t e = pos_;
    while (e < text_.size() && (std::isalpha(static_cast<unsigned char>(text_[e])) || text_[e] == '_' ||
                                (e > pos_ && std::isdigit(static_cast<unsigned char>(text_[e]))))) {
      ++e;
    }
    return text_.substr(pos_, e - pos_);
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
  Error expected(std::string_view what) {
    std::string msg = "at position " + std::to_string(pos_) + ": expected ";
    msg += what;
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
  internal::ParseOptions options_;
  size_t pos_ = 0;
};

}  // namespace

namespace internal {

Result<Signature> parseSignature(std::string_view text, const ParseOptions& options, TextSpellings* spellings) {
  if (spellings) *spellings = {};
  return Parser(text, options).parseSignature(spellings);
}

Result<Type> parseType(std::string_view text, const ParseOptions& options, bool* isText) {
  return Parser(text, options).parseLoneType(isText);
}

}  // namespace internal

Result<Signature> Signature::parse(std::string_view text, Abi abi) {
  return internal::parseSignature(text, {.abi = abi});
}

Result<Type> Signature::parseType(std::string_view text, Abi abi) { return internal::parseType(text, {.abi = abi}); }

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
