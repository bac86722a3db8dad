// SPDX-License-Identifier: MIT
// docs/signatures.md against the parser: every table marked "<!-- checked: NAME -->" is read
// and each row checked. A text containing '(' is a signature (Signature::parse), any other a
// single type (Signature::parseType).
//   scalars     each name reads as itself, and each alias and C spelling as the name, under
//               every ABI; the size:align under each ABI is Type::layout's; every scalar
//               TypeKind has a row
//   data-model  each text reads as the text given under each ABI
//   parse       each text reads as the canonical text given, under every ABI
//   errors      each text is refused with a message containing the text given, under every ABI
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "jitffi/abi.h"
#include "jitffi/signature.h"
#include "jitffi/type.h"

namespace jitffi {
namespace {

using Row = std::vector<std::string>;
struct Table {
  Row header;
  std::vector<Row> rows;
};

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

Row cells(const std::string& line) {
  Row r;
  size_t start = 1;  // after the leading '|'
  for (;;) {
    const size_t bar = line.find('|', start);
    if (bar == std::string::npos) break;
    r.push_back(trim(line.substr(start, bar - start)));
    start = bar + 1;
  }
  return r;
}

// The `code spans` of a cell, in order (their text is kept exactly, spaces included).
std::vector<std::string> spans(const std::string& cell) {
  std::vector<std::string> out;
  size_t i = 0;
  while ((i = cell.find('`', i)) != std::string::npos) {
    const size_t end = cell.find('`', i + 1);
    if (end == std::string::npos) break;
    out.push_back(cell.substr(i + 1, end - i - 1));
    i = end + 1;
  }
  return out;
}

std::string span(const std::string& cell) {
  auto s = spans(cell);
  EXPECT_EQ(s.size(), 1u) << "cell '" << cell << "' should hold one `code span`";
  return s.empty() ? std::string() : s[0];
}

std::map<std::string, Table> readCheckedTables() {
  const char* root = std::getenv("JITFFI_SOURCE_DIR");
  EXPECT_NE(root, nullptr) << "JITFFI_SOURCE_DIR is not set";
  std::map<std::string, Table> tables;
  if (!root) return tables;
  std::ifstream in(std::string(root) + "/docs/signatures.md");
  EXPECT_TRUE(in) << "cannot read docs/signatures.md";
  const std::string marker = "<!-- checked: ";
  std::string line, current;
  while (std::getline(in, line)) {
    if (line.rfind(marker, 0) == 0) {
      current = line.substr(marker.size(), line.find(' ', marker.size()) - marker.size());
      tables[current];
    } else if (!current.empty() && line.rfind("|", 0) == 0) {
      Table& t = tables[current];
      if (t.header.empty()) t.header = cells(line);
      else if (line.rfind("|---", 0) != 0) t.rows.push_back(cells(line));
    } else if (!current.empty() && !tables[current].header.empty()) {
      current.clear();  // the table ended
    }
  }
  return tables;
}

bool isSignature(const std::string& text) { return text.find('(') != std::string::npos; }

Result<std::string> readAs(const std::string& text, Abi abi) {
  if (isSignature(text)) {
    auto s = Signature::parse(text, abi);
    if (!s) return s.error();
    return s->toText();
  }
  auto t = Signature::parseType(text, abi);
  if (!t) return t.error();
  return t->toText();
}

class SignaturesDoc : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { tables_ = new std::map<std::string, Table>(readCheckedTables()); }
  static void TearDownTestSuite() { delete tables_; }
  const Table& table(const std::string& name) {
    auto it = tables_->find(name);
    if (it == tables_->end() || it->second.rows.empty()) {
      ADD_FAILURE() << "docs/signatures.md has no checked table '" << name << "'";
      static const Table kEmpty;
      return kEmpty;
    }
    return it->second;
  }
  // The ABI named by each header cell from column `first` on.
  static std::vector<Abi> abiColumns(const Row& header, size_t first) {
    std::vector<Abi> abis;
    for (size_t c = first; c < header.size(); ++c) {
      auto spansHere = spans(header[c]);
      auto abi = spansHere.empty() ? std::nullopt : abiFromName(spansHere.back());
      EXPECT_TRUE(abi) << "header cell '" << header[c] << "' names no ABI";
      abis.push_back(abi.value_or(Abi::kSysV64));
    }
    return abis;
  }
  static std::map<std::string, Table>* tables_;
};
std::map<std::string, Table>* SignaturesDoc::tables_ = nullptr;

TEST_F(SignaturesDoc, ScalarNamesAliasesAndLayouts) {
  const Table& t = table("scalars");
  if (t.rows.empty()) return;
  const std::vector<Abi> abis = abiColumns(t.header, 3);
  std::vector<std::string> names;
  for (const Row& r : t.rows) {
    ASSERT_EQ(r.size(), t.header.size());
    const std::string name = span(r[0]);
    names.push_back(name);
    std::vector<std::string> spellings = spans(r[1]);
    for (const std::string& c : spans(r[2])) spellings.push_back(c);
    for (int a = 0; a < kAbiCount; ++a) {
      auto type = readAs(name, Abi(a));
      ASSERT_TRUE(type) << name << ": " << type.error().toString();
      EXPECT_EQ(*type, name);
      for (const std::string& spelling : spellings) {
        auto s = readAs(spelling, Abi(a));
        ASSERT_TRUE(s) << spelling << ": " << s.error().toString();
        EXPECT_EQ(*s, name) << spelling << " under " << abiName(Abi(a));
      }
    }
    const Type type = *Signature::parseType(name);
    for (size_t i = 0; i < abis.size(); ++i) {
      const Layout l = type.layout(abis[i]);
      EXPECT_EQ(r[3 + i], std::to_string(l.size) + ":" + std::to_string(l.align))
          << name << " under " << abiName(abis[i]);
    }
  }
  for (int k = 0; k < kTypeKindCount; ++k) {
    if (TypeKind(k) == TypeKind::kStruct || TypeKind(k) == TypeKind::kArray || TypeKind(k) == TypeKind::kVector) {
      continue;  // not names
    }
    const std::string name = typeKindName(TypeKind(k));
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name << " has no row";
  }
}

TEST_F(SignaturesDoc, DataModelOfEachAbi) {
  const Table& t = table("data-model");
  if (t.rows.empty()) return;
  const std::vector<Abi> abis = abiColumns(t.header, 2);
  EXPECT_EQ(abis.size(), size_t(kAbiCount));
  for (const Row& r : t.rows) {
    ASSERT_EQ(r.size(), t.header.size());
    const std::string text = span(r[0]);
    for (size_t i = 0; i < abis.size(); ++i) {
      auto got = readAs(text, abis[i]);
      ASSERT_TRUE(got) << text << ": " << got.error().toString();
      EXPECT_EQ(*got, span(r[2 + i])) << text << " under " << abiName(abis[i]);
    }
  }
}

TEST_F(SignaturesDoc, Examples) {
  const Table& t = table("parse");
  for (const Row& r : t.rows) {
    ASSERT_EQ(r.size(), 2u);
    const std::string text = span(r[0]), want = span(r[1]);
    for (int a = 0; a < kAbiCount; ++a) {
      auto got = readAs(text, Abi(a));
      ASSERT_TRUE(got) << "'" << text << "': " << got.error().toString();
      EXPECT_EQ(*got, want) << "'" << text << "' under " << abiName(Abi(a));
    }
  }
}

TEST_F(SignaturesDoc, Errors) {
  const Table& t = table("errors");
  for (const Row& r : t.rows) {
    ASSERT_EQ(r.size(), 2u);
    const std::string text = span(r[0]), want = span(r[1]);
    for (int a = 0; a < kAbiCount; ++a) {
      auto got = readAs(text, Abi(a));
      ASSERT_FALSE(got) << "'" << text << "' was read as " << *got;
      EXPECT_EQ(got.error().status(), Status::kParseError);
      EXPECT_NE(got.error().message().find(want), std::string::npos)
          << "'" << text << "': " << got.error().message();
    }
  }
}

}  // namespace
}  // namespace jitffi
