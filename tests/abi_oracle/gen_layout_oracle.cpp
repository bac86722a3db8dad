// SPDX-License-Identifier: MIT
// gen_layout_oracle — writes C that checks jitffi's record layouts (unions, packed, bit-field and
// explicitly laid-out structs) against a C compiler for one ABI.
//
//   gen_layout_oracle --abi ABI [--ms-struct] [--count N] --out FILE.c
//
// The records are the hand-picked ones below and N random ones from a fixed seed (the same texts
// for every ABI). Each is parsed under the ABI and declared in C (c_decl.h) with static assertions
// of its size, alignment and the offset of every ordinary member; for every bit-field the file
// also has a run-time check: the record zeroed, the field set to all ones, its bytes compared
// with the bits jitffi says the field has. `main` runs the checks and prints each mismatch; a
// compiler that only checks syntax (-fsyntax-only, for targets nothing here can run) checks the
// static part. --ms-struct marks records with bit-fields __attribute__((ms_struct)): gcc on Linux
// then lays them out as MSVC and mingw do (for win64/gnuw64).
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "c_decl.h"
#include "jitffi/signature.h"

namespace {

using namespace jitffi;
using test::cString;
using test::Rng;

// Hand-picked records: gcc's and MSVC's bit-field rules where they differ (unit changes, straddling,
// zero-width bit-fields after bit-fields and after ordinary members), packing of each kind, unions,
// given offsets.
const char* const kRecords[] = {
    "{u32:3,u32:5,i8}",
    "{i8,i32:0,i8}",
    "{i8:4,i16:0,i8}",
    "{i8,i64:0,i8}",
    "{i8,i32:0}",
    "{i8,i64:0,i32:3}",
    "{u32:3,u32:30}",
    "{i8,i16:9,i8:7,i32:17}",
    "{i8,i64:3,i8:2,i16:3}",
    "{i32:3,u32:5,i8:3}",
    "{i64:60,i32:10}",
    "{i8,i32:20,i32:20}",
    "packed{i8,i32:20,i32:20}",
    "pack(2){i8,i32:20,i32:20,i8}",
    "pack(1){i8,i32:20,i32:20,i8}",
    "packed{i8,i32:0,i8}",
    "pack(2){i8,i32:0,i8,i64:5}",
    "{u8:1,u8:1,u8:1,u8:1,u8:1,u8:1,u8:1,u8:1,u8:1}",
    "{u16:15,u16:2,u32:1}",
    "{i32:1,f32,i32:1}",
    "{f64,u8:4,u8:4,u16:8}",
    "{u64:33,u64:33}",
    "{i128:3,i8}",
    "{i8,i128:100}",
    "packed{i8,i32}",
    "packed{i8,f64,i16}",
    "pack(2){i8,f64,i16}",
    "pack(4){i8,f64,i16}",
    "pack(8){i8,ld}",
    "packed{i8,{i8,i32}}",
    "{i8,packed{i8,i32}}",
    "packed{{f32,f32},i8}",
    "union{f32,i32}",
    "union{i8,f64}",
    "union{f32,f32[2]}",
    "union{f32,f64}",
    "union{{f32,f32},f32[2]}",
    "union{i8[3],i16}",
    "packed union{i8[5],i32}",
    "pack(2) union{i8[5],i32}",
    "union{ld,i32}",
    "{i8,union{i8,i64}}",
    "{i8,i32@8}",
    "{i32@4,i32@12}",
    "{i8,i32@5,i8}",
    "{i8,f64@3}",
    "{i8,{i32,i8}@1,i16}",
    "pack(2){i8,i32@3,i8}",
};

// A random record's text.
std::string randomRecord(Rng& rng, int depth) {
  static const char* const kBitTypes[] = {"i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "i128"};
  static const unsigned kBitWidths[] = {8, 8, 16, 16, 32, 32, 64, 64, 128};
  static const char* const kScalars[] = {"i8", "i16", "i32", "i64", "u8", "f32", "f64", "ptr", "ld", "i128"};
  const bool isUnion = rng.below(100) < 15;
  static const unsigned kPacks[] = {0, 0, 0, 0, 0, 0, 1, 1, 2, 4, 8};
  const unsigned pack = kPacks[rng.below(sizeof kPacks / sizeof kPacks[0])];
  std::string s = pack == 1 ? "packed" : pack ? "pack(" + std::to_string(pack) + ")" : "";
  if (isUnion) s += pack ? " union" : "union";
  s += "{";
  const unsigned n = 1 + rng.below(8);
  bool afterBitField = false;
  for (unsigned i = 0; i < n; ++i) {
    if (i) s += ",";
    if (!isUnion && rng.below(100) < 50) {
      const unsigned k = rng.below(100) < 4 ? 8 : rng.below(8);
      const unsigned width = rng.below(10) == 0 ? 0 : 1 + rng.below(kBitWidths[k]);
      s += std::string(kBitTypes[k]) + ":" + std::to_string(width);
      afterBitField = true;
      continue;
    }
    if (depth < 2 && rng.below(100) < 10) {
      s += rng.below(2) ? randomRecord(rng, depth + 1) : "{i8,i32}";
    } else {
      const unsigned r = rng.below(100);
      s += kScalars[r < 4 ? 8 : r < 7 ? 9 : rng.below(8)];
      if (rng.below(100) < 10) s += "[" + std::to_string(1 + rng.below(3)) + "]";
    }
    if (!isUnion && !afterBitField && rng.below(100) < 10) s += "@" + std::to_string(rng.below(40));
    afterBitField = false;
  }
  return s + "}";
}

int usage() {
  std::fprintf(stderr, "usage: gen_layout_oracle --abi ABI [--ms-struct] [--count N] --out FILE.c\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string abiText, outPath;
  bool msStruct = false;
  unsigned count = 400;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--ms-struct") msStruct = true;
    else if (a == "--abi" && i + 1 < argc) abiText = argv[++i];
    else if (a == "--out" && i + 1 < argc) outPath = argv[++i];
    else if (a == "--count" && i + 1 < argc) count = unsigned(std::stoul(argv[++i]));
    else return usage();
  }
  const auto abi = abiFromName(abiText);
  if (!abi || outPath.empty()) return usage();

  std::vector<Type> records;
  std::vector<std::string> texts;
  for (const char* t : kRecords) texts.push_back(t);
  Rng rng{0x1a9017ull};
  for (unsigned i = 0; i < count; ++i) texts.push_back(randomRecord(rng, 0));
  test::CTypes types(*abi, msStruct);
  std::string checks;
  unsigned kept = 0;
  for (const std::string& text : texts) {
    auto t = Signature::parseType(text, *abi);
    if (!t) {
      // A random member offset inside the member before it: jitffi refuses it (as it must); the
      // record is left out. A hand-picked record must parse.
      if (&text - texts.data() < std::ptrdiff_t(std::size(kRecords))) {
        std::fprintf(stderr, "gen_layout_oracle: %s: %s\n", text.c_str(), t.error().toString().c_str());
        return 1;
      }
      continue;
    }
    ++kept;
    const std::string name = types.name(*t);
    const auto fields = t->fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      if (t->fieldBits(i) == Field::kNoBits || t->fieldBits(i) == 0) continue;
      const std::vector<unsigned char> mask = test::bitMask(*t, i, *abi);
      std::string bytes;
      for (unsigned char b : mask) bytes += (bytes.empty() ? "" : ",") + std::to_string(b);
      checks += "  {\n    static const unsigned char want[] = {" + bytes + "};\n    " + name +
                " v;\n    __builtin_memset(&v, 0, sizeof v);\n    v.f" + std::to_string(i) +
                " = -1;\n    if (__builtin_memcmp(&v, want, sizeof v) != 0) fail(" + cString(text) + ", " +
                std::to_string(i) + ", (const unsigned char*)&v, want, sizeof v);\n  }\n";
    }
  }
  std::string out = "/* Generated by gen_layout_oracle for " + std::string(abiName(*abi)) +
                    ": do not edit. */\n#define offsetof(t, m) __builtin_offsetof(t, m)\n"
                    "extern int printf(const char*, ...);\n\n";
  out += types.definitions();
  out += "\nstatic int failures;\n"
         "static void fail(const char* record, int field, const unsigned char* got, const unsigned char* want,\n"
         "                 unsigned long size) {\n"
         "  printf(\"FAIL %s: bit-field %d is at bits\", record, field);\n"
         "  for (unsigned long i = 0; i < size; ++i) printf(\" %02x\", got[i]);\n"
         "  printf(\", jitffi says\");\n"
         "  for (unsigned long i = 0; i < size; ++i) printf(\" %02x\", want[i]);\n"
         "  printf(\"\\n\");\n  ++failures;\n}\n\n"
         "int main(void) {\n" +
         checks + "  printf(\"" + std::to_string(kept) + " records, %d bit-field mismatches\\n\", failures);\n" +
         "  return failures != 0;\n}\n";
  std::ofstream f(outPath, std::ios::binary);
  f << out;
  if (!f) {
    std::fprintf(stderr, "gen_layout_oracle: cannot write %s\n", outPath.c_str());
    return 1;
  }
  return 0;
}
