// SPDX-License-Identifier: MIT
// gen_abi_oracle — writes the C cases of the ABI oracle (see oracle.h and oracle_gen.h) for one
// ABI's table rows.
//
//   gen_abi_oracle --abi aapcs64|rv64|apple-arm64|win-arm64 --out FILE.c
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "oracle_gen.h"

int main(int argc, char** argv) {
  using namespace jitffi;
  std::string abiText, outPath;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--abi") == 0) abiText = argv[i + 1];
    else if (std::strcmp(argv[i], "--out") == 0) outPath = argv[i + 1];
  }
  const auto abi = abiFromName(abiText);
  if (!abi || test::oracle::tablesOf(*abi).empty() || outPath.empty()) {
    std::fprintf(stderr, "usage: gen_abi_oracle --abi aapcs64|rv64|apple-arm64|win-arm64 --out FILE.c\n");
    return 2;
  }
  test::oracle::Generator g(*abi);
  g.addTables();
  std::ofstream out(outPath, std::ios::binary);
  out << g.file();
  if (!out) {
    std::fprintf(stderr, "gen_abi_oracle: cannot write %s\n", outPath.c_str());
    return 1;
  }
  return 0;
}
