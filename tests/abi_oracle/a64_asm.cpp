// SPDX-License-Identifier: MIT
// AArch64 assembly, read and run symbolically (see a64_asm.h).
#include "a64_asm.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace jitffi::test::a64asm {
namespace {

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// The text before a comment (Mach-O's ';', COFF's "//").
std::string code(const std::string& line) {
  size_t cut = line.find("//");
  const size_t semi = line.find(';');
  if (semi < cut) cut = semi;
  return trim(line.substr(0, cut == std::string::npos ? line.size() : cut));
}

std::vector<std::string> splitOperands(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (char c : s) {
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!trim(cur).empty()) out.push_back(trim(cur));
  return out;
}

bool parseInt(const std::string& text, int64_t& out) {
  std::string s = trim(text);
  if (!s.empty() && s[0] == '#') s = s.substr(1);
  if (s.empty()) return false;
  char* end = nullptr;
  const bool negative = s[0] == '-';
  const unsigned long long u = std::strtoull(s.c_str() + (negative ? 1 : 0), &end, 0);
  if (*end != '\0') return false;
  out = negative ? -int64_t(u) : int64_t(u);
  return true;
}

std::vector<Byte> known(uint64_t value, size_t n) {
  std::vector<Byte> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = {Byte::kKnown, uint8_t(value >> (8 * (i % 8)))};
  return out;
}

bool isLocalLabel(const std::string& name) {
  return name[0] == 'L' || name[0] == 'l' || name.rfind(".L", 0) == 0;
}

// The bytes of a string literal's text (`"..."` with C's and gas's escapes).
bool unescape(const std::string& s, std::vector<Byte>& out) {
  const size_t b = s.find('"'), e = s.rfind('"');
  if (b == std::string::npos || e == b) return false;
  for (size_t i = b + 1; i < e; ++i) {
    unsigned c = static_cast<unsigned char>(s[i]);
    if (c == '\\' && i + 1 < e) {
      const char n = s[++i];
      if (n >= '0' && n <= '7') {
        c = 0;
        for (int k = 0; k < 3 && i < e && s[i] >= '0' && s[i] <= '7'; ++k, ++i) c = c * 8 + unsigned(s[i] - '0');
        --i;
      } else if (n == 'x') {
        c = 0;
        while (i + 1 < e && std::isxdigit(static_cast<unsigned char>(s[i + 1]))) {
          const char h = s[++i];
          c = c * 16 + unsigned(std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (h | 0x20) - 'a' + 10);
        }
      } else {
        static const char kFrom[] = "ntrbf", kTo[] = "\n\t\r\b\f";
        const char* p = std::strchr(kFrom, n);
        c = p ? static_cast<unsigned char>(kTo[p - kFrom]) : static_cast<unsigned char>(n);
      }
    }
    out.push_back({Byte::kKnown, uint8_t(c)});
  }
  return true;
}

// A data directive's bytes appended to out; false when the line is no data directive.
bool dataDirective(const std::string& line, std::vector<Byte>& out) {
  const std::string t = trim(line);
  const size_t sp = t.find_first_of(" \t");
  const std::string d = t.substr(0, sp), rest = sp == std::string::npos ? "" : t.substr(sp);
  if (d == ".ascii" || d == ".asciz") {
    if (!unescape(rest, out)) return false;
    if (d == ".asciz") out.push_back({Byte::kKnown, 0});
    return true;
  }
  size_t width = 0;
  if (d == ".byte") width = 1;
  if (d == ".short" || d == ".hword" || d == ".2byte") width = 2;
  if (d == ".long" || d == ".word" || d == ".4byte") width = 4;
  if (d == ".quad" || d == ".xword" || d == ".8byte") width = 8;
  if (width) {
    for (const std::string& v : splitOperands(code(rest))) {
      int64_t n;
      if (parseInt(v, n)) {
        const auto b = known(uint64_t(n), width);
        out.insert(out.end(), b.begin(), b.end());
      } else {
        out.insert(out.end(), width, Byte{});  // a symbol's address: not modelled
      }
    }
    return true;
  }
  if (d == ".zero" || d == ".space") {
    const auto ops = splitOperands(code(rest));
    int64_t n = 0, fill = 0;
    if (ops.empty() || !parseInt(ops[0], n) || (ops.size() > 1 && !parseInt(ops[1], fill))) return false;
    out.insert(out.end(), size_t(n), Byte{Byte::kKnown, uint8_t(fill)});
    return true;
  }
  return false;
}

}  // namespace

File read(const std::string& text) {
  File f;
  std::istringstream in(text);
  std::string raw, function, label;
  int number = 0;
  const bool macho = text.find("@PAGE") != std::string::npos || text.find("__TEXT,") != std::string::npos;
  while (std::getline(in, raw)) {
    ++number;
    const std::string c = code(raw);
    if (c.empty()) continue;
    if (!std::isspace(static_cast<unsigned char>(raw[0])) && c.back() == ':') {
      label = c.substr(0, c.size() - 1);
      if (!isLocalLabel(label)) function = macho && label[0] == '_' ? label.substr(1) : label;
      continue;
    }
    if (c[0] == '.') {
      if (!label.empty()) {
        std::vector<Byte> bytes;
        if (dataDirective(raw, bytes)) {
          auto& d = f.data[label];
          d.insert(d.end(), bytes.begin(), bytes.end());
        }
      }
      continue;
    }
    if (!function.empty()) f.functions[function].push_back({number, c});
  }
  return f;
}

// ---- the machine ------------------------------------------------------------------------------

namespace {

// A register operand: class 'x' 'w' 'b' 'h' 's' 'd' 'q' or 'v' (a whole vector, "v0.16b"), or
// 'l' (a lane, "v0.s[1]": lane size in bytes, index); sp is x31, the zero registers 'z'.
struct Reg {
  char cls = 0;
  int n = 0;
  int laneBytes = 0, lane = 0;
  int bytes() const {
    switch (cls) {
      case 'x': return 8;
      case 'w': return 4;
      case 'b': return 1;
      case 'h': return 2;
      case 's': return 4;
      case 'd': return 8;
      case 'q': case 'v': return 16;
      case 'l': return laneBytes;
      case 'z': return n;
    }
    return 0;
  }
  bool gp() const { return cls == 'x' || cls == 'w' || cls == 'z'; }
};

std::optional<Reg> parseReg(const std::string& text) {
  const std::string s = trim(text);
  if (s == "sp") return Reg{'x', 31};
  if (s == "wsp") return Reg{'w', 31};
  if (s == "xzr") return Reg{'z', 8};
  if (s == "wzr") return Reg{'z', 4};
  if (s == "fp") return Reg{'x', 29};
  if (s == "lr") return Reg{'x', 30};
  if (s.size() < 2 || !std::strchr("xwbhsdqv", s[0]) || !std::isdigit(static_cast<unsigned char>(s[1]))) return {};
  size_t i = 1;
  int n = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) n = n * 10 + (s[i++] - '0');
  if (i == s.size()) return s[0] == 'v' ? std::nullopt : std::optional<Reg>(Reg{s[0], n});
  if (s[0] != 'v' || s[i] != '.') return {};
  const std::string arr = s.substr(i + 1);
  const size_t br = arr.find('[');
  if (br == std::string::npos) return Reg{'v', n};  // "v0.16b", "v1.4s": the whole register
  static const char kSizes[] = "bhsd";
  const char* p = std::strchr(kSizes, arr[br - 1]);
  if (!p) return {};
  return Reg{'l', n, 1 << int(p - kSizes), std::atoi(arr.c_str() + br + 1)};
}

int64_t toSigned(uint64_t v, int bytes) {
  const int shift = 64 - 8 * bytes;
  return shift >= 64 ? 0 : int64_t(v << shift) >> shift;
}

std::optional<uint64_t> value(const std::vector<Byte>& b, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (b[i].kind != Byte::kKnown) return {};
    v |= uint64_t(b[i].value) << (8 * i);
  }
  return v;
}

// A symbol reference "sym@PAGE", "sym@PAGEOFF+8", ":lo12:sym+8", "sym" (adrp on COFF): the
// symbol and its addend.
bool symbolRef(const std::string& text, std::string& sym, int64_t& addend) {
  std::string s = trim(text);
  if (s.rfind(":lo12:", 0) == 0) s = s.substr(6);
  if (s.empty() || s[0] == '#' || parseReg(s)) return false;
  addend = 0;
  size_t cut = s.find_first_of("+-", 1);
  std::string name = s.substr(0, cut);
  if (cut != std::string::npos && !parseInt(s.substr(cut + (s[cut] == '+')), addend)) return false;
  if (const size_t at = name.find("@PAGE"); at != std::string::npos) name = name.substr(0, at);
  sym = name;
  return true;
}

}  // namespace

Machine::Machine(const File& file) : file_(file), x_(32, std::vector<Byte>(8)), v_(32, std::vector<Byte>(16)) {
  memory_.push_back(std::vector<Byte>(kStackSize));
  names_.push_back("stack");
}

int Machine::region(const std::string& symbol) {
  if (auto it = regionOf_.find(symbol); it != regionOf_.end()) return it->second;
  const int r = int(memory_.size());
  auto d = file_.data.find(symbol);
  // A symbol defined elsewhere (the harness's globals): room for what a caller stores there.
  memory_.push_back(d != file_.data.end() ? d->second : std::vector<Byte>(4096));
  names_.push_back(symbol);
  regionOf_[symbol] = r;
  return r;
}

std::vector<Byte> Machine::load(Address a, size_t n) {
  if (a.region < 0 || a.region >= int(memory_.size()) || a.offset < 0 ||
      uint64_t(a.offset) + n > memory_[size_t(a.region)].size()) {
    return {};
  }
  const auto& m = memory_[size_t(a.region)];
  return {m.begin() + a.offset, m.begin() + a.offset + int64_t(n)};
}

bool Machine::store(Address a, const std::vector<Byte>& bytes) {
  if (load(a, bytes.size()).size() != bytes.size()) return false;
  std::copy(bytes.begin(), bytes.end(), memory_[size_t(a.region)].begin() + a.offset);
  return true;
}

std::optional<Address> Machine::addressOf(const std::vector<Byte>& b) {
  if (b.size() < 8 || b[0].kind != Byte::kAddress) return {};
  for (size_t i = 0; i < 8; ++i) {
    if (b[i].kind != Byte::kAddress || b[i].index != i || b[i].region != b[0].region || b[i].offset != b[0].offset) return {};
  }
  return Address{b[0].region, b[0].offset};
}

static std::vector<Byte> addressBytes(Address a) {
  std::vector<Byte> b(8);
  for (size_t i = 0; i < 8; ++i) b[i] = {Byte::kAddress, 0, uint8_t(i), a.region, a.offset};
  return b;
}

void Machine::clobberCallerSaved() {
  for (int i = 0; i <= 18; ++i) x_[size_t(i)].assign(8, Byte{});
  for (int i = 0; i < 32; ++i) {
    // d8–d15 are preserved (their low 8 bytes).
    for (size_t k = (i >= 8 && i <= 15) ? 8 : 0; k < 16; ++k) v_[size_t(i)][k] = Byte{};
  }
}

bool Machine::fail(const Line& line, const std::string& why) {
  error_ = "line " + std::to_string(line.number) + " \"" + line.text + "\": " + why;
  return false;
}

bool Machine::runToCall(const std::string& function) {
  auto it = file_.functions.find(function);
  if (it == file_.functions.end()) {
    error_ = "no function " + function + " in the assembly";
    return false;
  }
  lines_ = &it->second;
  for (auto& r : x_) r.assign(8, Byte{});
  for (auto& r : v_) r.assign(16, Byte{});
  sp_ = kStackSize;
  memory_[kStack].assign(kStackSize, Byte{});
  tailCall_ = false;
  for (pc_ = 0; pc_ < lines_->size(); ++pc_) {
    const Line& l = (*lines_)[pc_];
    const std::string m = l.text.substr(0, l.text.find_first_of(" \t"));
    if (m == "blr" || m == "br" || m == "bl" || m == "b") {
      tailCall_ = m == "br" || m == "b";
      ++pc_;
      return true;
    }
    if (!step(l)) return false;
  }
  error_ = "no call in " + function;
  return false;
}

bool Machine::resume() {
  if (tailCall_) return true;
  for (; pc_ < lines_->size(); ++pc_) {
    const Line& l = (*lines_)[pc_];
    if (l.text == "ret") return true;
    if (!step(l)) return false;
  }
  error_ = "no ret after the call";
  return false;
}

bool Machine::step(const Line& line) {
  const std::string& t = line.text;
  const size_t sp = t.find_first_of(" \t");
  const std::string m = t.substr(0, sp);
  const std::vector<std::string> ops = splitOperands(sp == std::string::npos ? "" : t.substr(sp));
  auto reg = [&](size_t i) { return i < ops.size() ? parseReg(ops[i]) : std::nullopt; };

  // Register access: the bytes a register operand reads (zero registers known 0).
  auto get = [&](const Reg& r) -> std::vector<Byte> {
    if (r.cls == 'z') return known(0, size_t(r.n));
    if (r.cls == 'x' && r.n == 31) return addressBytes({kStack, sp_});
    if (r.gp()) return {x_[size_t(r.n)].begin(), x_[size_t(r.n)].begin() + r.bytes()};
    if (r.cls == 'l') {
      auto& v = v_[size_t(r.n)];
      return {v.begin() + r.lane * r.laneBytes, v.begin() + (r.lane + 1) * r.laneBytes};
    }
    return {v_[size_t(r.n)].begin(), v_[size_t(r.n)].begin() + r.bytes()};
  };
  // A write: w clears the upper half of x; b/h/s/d clear the rest of the vector; a lane only
  // itself.
  auto set = [&](const Reg& r, std::vector<Byte> b) -> bool {
    if (r.cls == 'z') return true;
    if (r.cls == 'x' && r.n == 31) {
      auto a = addressOf(b);
      if (!a || a->region != kStack) return fail(line, "sp set to something other than a stack address");
      sp_ = a->offset;
      return true;
    }
    b.resize(size_t(r.bytes()));
    if (r.gp()) {
      if (r.cls == 'w' && r.n == 31) return fail(line, "wsp written");
      const auto zeros = known(0, 8 - b.size());
      b.insert(b.end(), zeros.begin(), zeros.end());
      x_[size_t(r.n)] = b;
      return true;
    }
    auto& v = v_[size_t(r.n)];
    if (r.cls == 'l') {
      std::copy(b.begin(), b.end(), v.begin() + r.lane * r.laneBytes);
      return true;
    }
    const auto zeros = known(0, 16 - b.size());
    b.insert(b.end(), zeros.begin(), zeros.end());
    v = b;
    return true;
  };
  auto setValue = [&](const Reg& r, std::optional<uint64_t> v) {
    return set(r, v ? known(*v, size_t(r.bytes())) : std::vector<Byte>(size_t(r.bytes())));
  };
  auto imm = [&](size_t i, int64_t& out) { return i < ops.size() && parseInt(ops[i], out); };
  // An optional "lsl #n" operand at i.
  auto shiftAt = [&](size_t i) -> int64_t {
    int64_t s = 0;
    if (i < ops.size() && ops[i].rfind("lsl", 0) == 0) parseInt(ops[i].substr(3), s);
    return s;
  };

  // A memory operand at ops[i] (with a post-index immediate at i + 1): the access address, and
  // the base register's write-back.
  auto memory = [&](size_t i, Address& at) -> bool {
    if (i >= ops.size() || ops[i].empty() || ops[i][0] != '[') return fail(line, "expected a memory operand");
    std::string inner = ops[i];
    const bool pre = inner.back() == '!';
    if (pre) inner.pop_back();
    if (inner.back() != ']') return fail(line, "unexpected memory operand");
    const auto parts = splitOperands(inner.substr(1, inner.size() - 2));
    const auto base = parts.empty() ? std::nullopt : parseReg(parts[0]);
    if (!base || base->cls != 'x') return fail(line, "unexpected base register");
    auto a = addressOf(get(*base));
    if (!a) return fail(line, "the base register holds no address");
    int64_t off = 0;
    std::string sym;
    if (parts.size() > 1 && symbolRef(parts[1], sym, off)) {
      const int r = region(sym);
      if (a->region != r) return fail(line, "the base register is no address of " + sym);
      at = {r, off};
      return true;
    }
    if (parts.size() > 1 && !parseInt(parts[1], off)) return fail(line, "unexpected offset");
    at = {a->region, a->offset + off};
    int64_t post = 0;
    const bool isPost = i + 1 < ops.size() && parseInt(ops[i + 1], post);
    if (pre) return set(*base, addressBytes(at));
    if (isPost) return set(*base, addressBytes({a->region, a->offset + post}));
    return true;
  };

  if (m == "nop" || m == "hint") return true;
  if (m == "mov" || m == "movz" || m == "movn") {
    auto d = reg(0), s = reg(1);
    if (!d) return fail(line, "unexpected destination");
    if (s) {
      return set(*d, get(*s));
    }
    int64_t v;
    if (!imm(1, v)) return fail(line, "unexpected source");
    uint64_t u = uint64_t(v) << shiftAt(2);
    if (m == "movn") u = ~u;
    return setValue(*d, u);
  }
  if (m == "movk") {
    auto d = reg(0);
    int64_t v;
    if (!d || !imm(1, v)) return fail(line, "unexpected operands");
    const int64_t s = shiftAt(2);
    auto b = get(*d);
    const auto k = known(uint64_t(v) << s, 8);
    b[size_t(s / 8)] = k[size_t(s / 8)];
    b[size_t(s / 8 + 1)] = k[size_t(s / 8 + 1)];
    return set(*d, b);
  }
  if (m == "fmov") {
    auto d = reg(0), s = reg(1);
    if (!d) return fail(line, "unexpected destination");
    if (s) return set(*d, get(*s));
    std::string f = trim(ops.size() > 1 ? ops[1] : "");
    if (!f.empty() && f[0] == '#') f = f.substr(1);
    char* end = nullptr;
    const double x = std::strtod(f.c_str(), &end);
    if (end == f.c_str() || *end) return fail(line, "unexpected immediate");
    if (d->bytes() == 8) {
      uint64_t u;
      std::memcpy(&u, &x, 8);
      return setValue(*d, u);
    }
    const float y = float(x);
    uint32_t u;
    std::memcpy(&u, &y, 4);
    return setValue(*d, u);
  }
  if (m == "fcvt") {  // between float and double
    auto d = reg(0), s = reg(1);
    if (!d || !s || (d->cls != 's' && d->cls != 'd') || (s->cls != 's' && s->cls != 'd')) return fail(line, "unexpected operands");
    auto v = value(get(*s), size_t(s->bytes()));
    if (!v) return setValue(*d, std::nullopt);
    double x;
    if (s->cls == 's') {
      float f;
      const uint32_t u = uint32_t(*v);
      std::memcpy(&f, &u, 4);
      x = f;
    } else {
      std::memcpy(&x, &*v, 8);
    }
    uint64_t out = 0;
    if (d->cls == 'd') {
      std::memcpy(&out, &x, 8);
    } else {
      const float f = float(x);
      uint32_t u;
      std::memcpy(&u, &f, 4);
      out = u;
    }
    return setValue(*d, out);
  }
  if (m == "movi") {
    auto d = reg(0);
    int64_t v;
    if (!d || !imm(1, v) || v != 0) return fail(line, "only movi #0 is modelled");
    return set(d->cls == 'v' ? Reg{'q', d->n} : *d, known(0, 16));
  }
  if (m == "dup") {
    auto d = reg(0), s = reg(1);
    if (!d || !s || d->cls != 'v') return fail(line, "unexpected operands");
    const std::string arr = ops[0].substr(ops[0].find('.') + 1);
    const int lanes = std::atoi(arr.c_str());
    const int lb = 16 / (lanes ? lanes : 1);
    auto b = get(*s);
    b.resize(size_t(lb));
    std::vector<Byte> out;
    for (int i = 0; i < lanes; ++i) out.insert(out.end(), b.begin(), b.end());
    return set(Reg{lanes * lb == 16 ? 'q' : 'd', d->n}, out);
  }
  if (m == "ins") {
    auto d = reg(0), s = reg(1);
    if (!d || !s) return fail(line, "unexpected operands");
    return set(*d, get(*s));
  }
  if (m == "adrp") {
    auto d = reg(0);
    std::string sym;
    int64_t addend;
    if (!d || ops.size() < 2 || !symbolRef(ops[1], sym, addend)) return fail(line, "unexpected operands");
    return set(*d, addressBytes({region(sym), addend}));
  }
  if (m == "add" || m == "sub") {
    auto d = reg(0), n = reg(1);
    if (!d || !n) return fail(line, "unexpected operands");
    std::string sym;
    int64_t addend, v;
    if (m == "add" && ops.size() > 2 && symbolRef(ops[2], sym, addend)) {
      auto a = addressOf(get(*n));
      if (!a || a->region != region(sym)) return fail(line, "the base register is no address of " + sym);
      return set(*d, addressBytes({a->region, addend}));
    }
    if (!imm(2, v)) {
      auto r2 = reg(2);
      if (!r2) return fail(line, "unexpected operand");
      auto a = value(get(*n), size_t(n->bytes())), b = value(get(*r2), size_t(r2->bytes()));
      if (!a || !b) return setValue(*d, std::nullopt);
      return setValue(*d, m == "add" ? *a + *b : *a - *b);
    }
    v <<= shiftAt(3);
    if (m == "sub") v = -v;
    const auto src = get(*n);
    if (auto a = addressOf(src)) return set(*d, addressBytes({a->region, a->offset + v}));
    auto a = value(src, size_t(n->bytes()));
    return setValue(*d, a ? std::optional<uint64_t>(*a + uint64_t(v)) : std::nullopt);
  }
  if (m == "sxtb" || m == "sxth" || m == "sxtw" || m == "uxtb" || m == "uxth") {
    auto d = reg(0), s = reg(1);
    if (!d || !s) return fail(line, "unexpected operands");
    const int bytes = m[3] == 'b' ? 1 : m[3] == 'h' ? 2 : 4;
    auto v = value(get(*s), size_t(bytes));
    if (!v) return setValue(*d, std::nullopt);
    return setValue(*d, m[0] == 's' ? uint64_t(toSigned(*v, bytes)) : *v);
  }
  if (m == "lsl" || m == "lsr" || m == "asr" || m == "and" || m == "orr" || m == "eor") {
    auto d = reg(0), n = reg(1);
    if (!d || !n) return fail(line, "unexpected operands");
    int64_t v2;
    std::optional<uint64_t> b;
    if (imm(2, v2)) {
      b = uint64_t(v2);
    } else if (auto r2 = reg(2)) {
      b = value(get(*r2), size_t(r2->bytes()));
      int64_t s = 0;
      if (b && ops.size() > 3) {
        if (ops[3].rfind("lsl", 0) == 0 && parseInt(ops[3].substr(3), s)) *b <<= s;
        else if (ops[3].rfind("lsr", 0) == 0 && parseInt(ops[3].substr(3), s)) *b >>= s;
        else return fail(line, "unexpected shift");
      }
    } else {
      return fail(line, "unexpected operand");
    }
    auto a = value(get(*n), size_t(n->bytes()));
    if (!a || !b) return setValue(*d, std::nullopt);
    const int bits = 8 * d->bytes();
    uint64_t r = 0;
    if (m == "lsl") r = *a << *b;
    if (m == "lsr") r = *a >> *b;
    if (m == "asr") r = uint64_t(toSigned(*a, d->bytes()) >> *b);
    if (m == "and") r = *a & *b;
    if (m == "orr") r = *a | *b;
    if (m == "eor") r = *a ^ *b;
    if (bits < 64) r &= (uint64_t(1) << bits) - 1;
    return setValue(*d, r);
  }

  // Loads and stores.
  const bool isLoad = m.rfind("ld", 0) == 0, isStore = m.rfind("st", 0) == 0;
  if (isLoad || isStore) {
    const bool pair = m == "ldp" || m == "stp";
    auto r1 = reg(0), r2 = pair ? reg(1) : std::nullopt;
    if (!r1 || (pair && !r2)) return fail(line, "unexpected registers");
    // The access size: the register's, or the mnemonic's for b/h/sb/sh/sw forms.
    int size = r1->bytes();
    bool signExtend = false;
    std::string suffix = m;
    for (const char* p : {"ldur", "stur", "ldr", "str"}) {
      if (m.rfind(p, 0) == 0) {
        suffix = m.substr(std::strlen(p));
        break;
      }
    }
    if (!pair) {
      if (suffix == "b") size = 1;
      else if (suffix == "h") size = 2;
      else if (suffix == "sb") size = 1, signExtend = true;
      else if (suffix == "sh") size = 2, signExtend = true;
      else if (suffix == "sw") size = 4, signExtend = true;
      else if (!suffix.empty()) return fail(line, "unexpected mnemonic");
    }
    Address at;
    if (!memory(pair ? 2 : 1, at)) return false;
    if (isStore) {
      auto b1 = get(*r1);
      b1.resize(size_t(size));
      if (!store(at, b1)) return fail(line, "store outside " + regionName(at.region));
      if (pair && !store({at.region, at.offset + size}, get(*r2))) return fail(line, "store outside " + regionName(at.region));
      return true;
    }
    auto b1 = load(at, size_t(size));
    if (b1.empty()) return fail(line, "load outside " + regionName(at.region));
    if (signExtend) {
      auto v = value(b1, size_t(size));
      if (!setValue(*r1, v ? std::optional<uint64_t>(uint64_t(toSigned(*v, size))) : std::nullopt)) return false;
    } else if (!set(*r1, b1)) {
      return false;
    }
    if (pair) {
      auto b2 = load({at.region, at.offset + size}, size_t(size));
      if (b2.empty()) return fail(line, "load outside " + regionName(at.region));
      return set(*r2, b2);
    }
    return true;
  }
  return fail(line, "instruction not modelled");
}

}  // namespace jitffi::test::a64asm
