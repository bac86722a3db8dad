// SPDX-License-Identifier: MIT
// C declarations of jitffi types, for the generators that have a C compiler check jitffi's layouts
// and calls (gen_abi_oracle, gen_layout_oracle): every struct, union and vector type defined once,
// in dependency order, with static assertions that the compiler lays it out as jitffi does for the
// ABI (size, alignment, the offset of every member that is no bit-field). Records are declared as
// C declares them: `union`, bit-fields (`T fN : W`, a zero-width one unnamed), packing (gcc's
// packed attribute, or #pragma pack(N); on the Microsoft ABIs #pragma pack(1) for packed, as MSVC
// has no attribute), members at given offsets after a filler array (packed where off their
// alignment; Field::offset), and Microsoft's bit-field layout through gcc's ms_struct attribute where asked.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "jitffi/type.h"

namespace jitffi::test {

// splitmix64: deterministic everywhere (the generators' random draws).
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return uint32_t(next() % n); }
};

// A C string literal of `s`.
inline std::string cString(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out += ch;
  }
  return out + "\"";
}

class CTypes {
 public:
  // msStruct: mark records with bit-fields __attribute__((ms_struct)) (gcc's way to the Microsoft
  // layout; a compiler for a Windows target lays them out so anyway).
  explicit CTypes(Abi abi, bool msStruct = false) : abi_(abi), msStruct_(msStruct) {}

  std::string name(const Type& t) {
    if (t.isComplex()) return "_Complex " + name(Type::scalar(complexPart(t.kind())));
    switch (t.kind()) {
      case TypeKind::kVoid: return "void";
      case TypeKind::kI8: return "signed char";
      case TypeKind::kU8: return "unsigned char";
      case TypeKind::kI16: return "short";
      case TypeKind::kU16: return "unsigned short";
      case TypeKind::kI32: return "int";
      case TypeKind::kU32: return "unsigned";
      case TypeKind::kI64: return "long long";
      case TypeKind::kU64: return "unsigned long long";
      case TypeKind::kI128: return "__int128";
      case TypeKind::kU128: return "unsigned __int128";
      case TypeKind::kF32: return "float";
      case TypeKind::kF64: return "double";
      case TypeKind::kLongDouble: return "long double";
      case TypeKind::kPtr: return "void*";
      default: break;  // complex numbers (above)
      case TypeKind::kArray: return name(t.element());  // with member()'s dimensions
      case TypeKind::kVector:
      case TypeKind::kStruct: break;
    }
    const std::string key = t.toText();
    if (auto it = structs_.find(key); it != structs_.end()) return it->second;
    if (t.isVector()) {  // GNU C's vector_size, a typedef with its layout asserted
      const Layout layout = t.layout(abi_);
      const std::string n = "v_" + std::to_string(structs_.size());
      defs_ += "typedef " + name(t.element()) + " " + n + " __attribute__((vector_size(" + std::to_string(layout.size) +
               ")));\n_Static_assert(sizeof(" + n + ") == " + std::to_string(layout.size) + " && _Alignof(" + n +
               ") == " + std::to_string(layout.align) + ", \"" + key + ": layout\");\n";
      structs_[key] = n;
      return n;
    }
    const auto fields = t.fields();
    const auto offsets = t.fieldOffsets(abi_);
    std::vector<std::string> members;
    uint64_t end = 0;  // where the member before ends (for a padding array before a given offset)
    for (size_t i = 0; i < fields.size(); ++i) {
      const uint32_t bits = t.fieldBits(i);
      const uint64_t given = t.fieldGivenOffset(i);
      const uint32_t align = fields[i].layout(abi_).align;
      if (given != Field::kNextOffset && given > end) {
        members.push_back("unsigned char p" + std::to_string(i) + "[" + std::to_string(given - end) + "]");
      }
      if (bits == 0) {
        members.push_back(name(fields[i]) + " : 0");
      } else if (bits != Field::kNoBits) {
        members.push_back(name(fields[i]) + " f" + std::to_string(i) + " : " + std::to_string(bits));
      } else {
        std::string m = member(fields[i], "f" + std::to_string(i));
        if (given != Field::kNextOffset && given % (t.pack() && t.pack() < align ? t.pack() : align) != 0) {
          m += " __attribute__((packed))";
        }
        members.push_back(m);
      }
      end = offsets[i] + fields[i].layout(abi_).size;
    }
    const bool ms = abi_ == Abi::kWin64 || abi_ == Abi::kGnuWin64;
    const uint32_t pack = t.pack();
    const bool pragma = pack > 1 || (pack == 1 && ms);
    const std::string tag = t.isUnion() ? "union" : "struct";
    const std::string n = tag + " s" + std::to_string(structs_.size());
    std::string d;
    if (pragma) d += "#pragma pack(push, " + std::to_string(pack) + ")\n";
    d += tag;
    if (pack == 1 && !pragma) d += " __attribute__((packed))";
    if (msStruct_ && t.hasBitFields()) d += " __attribute__((ms_struct))";
    d += n.substr(tag.size()) + " {";
    for (const std::string& m : members) d += " " + m + ";";
    const Layout layout = t.layout(abi_);
    if (t.hasExplicitLayout()) {
      // An explicit layout: C's aligned attribute for the alignment, trailing bytes for a size
      // beyond the aligned members (they are padding to jitffi: a struct with them is no HFA).
      const uint64_t alignedEnd = (end + layout.align - 1) / layout.align * layout.align;
      if (layout.size > alignedEnd) d += " unsigned char pad[" + std::to_string(layout.size - end) + "];";
    }
    d += " }";
    if (t.hasExplicitLayout()) {
      const Layout natural = Type::structOf({fields.begin(), fields.end()}).layout(abi_);
      if (layout.align > natural.align) d += " __attribute__((aligned(" + std::to_string(layout.align) + ")))";
    }
    d += ";\n";
    if (pragma) d += "#pragma pack(pop)\n";
    // GNU C's empty struct: clang for Windows arm64 (MSVC's C has none) gives it 4 bytes where
    // jitffi, as GNU C elsewhere, gives it none; both pass nothing for it (the win-arm64 Misc row).
    const uint64_t cSize = layout.size == 0 && abi_ == Abi::kWinArm64 ? 4 : layout.size;
    d += "_Static_assert(sizeof(" + n + ") == " + std::to_string(cSize) + " && _Alignof(" + n +
         ") == " + std::to_string(layout.align) + ", \"" + key + ": layout\");\n";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (t.fieldBits(i) != Field::kNoBits) continue;  // C has no offsetof for them (see bitMask)
      d += "_Static_assert(offsetof(" + n + ", f" + std::to_string(i) + ") == " + std::to_string(offsets[i]) +
           ", \"" + key + ": field " + std::to_string(i) + "\");\n";
    }
    defs_ += d;
    structs_[key] = n;
    return n;
  }

  const std::string& definitions() const { return defs_; }

  // A member declaration: "float f0", an array "float f0[2][3]" (C's order of dimensions).
  std::string member(const Type& t, const std::string& field) {
    std::string dims;
    Type element = t;
    for (; element.isArray(); element = element.element()) dims += "[" + std::to_string(element.arrayLength()) + "]";
    return name(element) + " " + field + dims;
  }

 private:
  Abi abi_;
  bool msStruct_;
  std::map<std::string, std::string> structs_;
  std::string defs_;
};

// The bytes of a record that bit-field i's bits touch, as masks (bit b of byte k set where the
// field has a bit): what C gives after setting the field to all ones in a zeroed record.
inline std::vector<unsigned char> bitMask(const Type& t, size_t i, Abi abi) {
  std::vector<unsigned char> mask(t.layout(abi).size);
  const uint64_t first = t.fieldBitOffset(i, abi);
  for (uint64_t b = first; b < first + t.fieldBits(i); ++b) mask[b / 8] |= (unsigned char)(1u << (b % 8));
  return mask;
}

// Which bytes of a value are meaningful: those of its scalar leaves and the bits of its
// bit-fields (padding is not): bit masks per byte.
inline void markLeaves(const Type& t, Abi abi, uint64_t base, std::vector<unsigned char>& mask) {
  if (t.isArray()) {
    const uint64_t stride = t.element().layout(abi).size;
    for (uint64_t i = 0; i < t.arrayLength(); ++i) markLeaves(t.element(), abi, base + i * stride, mask);
    return;
  }
  if (t.isStruct()) {
    const auto fields = t.fields();
    const auto offsets = t.fieldOffsets(abi);
    for (size_t i = 0; i < fields.size(); ++i) {
      if (t.fieldBits(i) == Field::kNoBits) {
        markLeaves(fields[i], abi, base + offsets[i], mask);
        continue;
      }
      const std::vector<unsigned char> bits = bitMask(t, i, abi);
      for (size_t k = 0; k < bits.size(); ++k) mask[base + k] |= bits[k];
    }
    return;
  }
  const Layout l = t.layout(abi);
  for (uint64_t i = 0; i < l.size; ++i) mask[base + i] = 0xFF;
}

}  // namespace jitffi::test
