// SPDX-License-Identifier: MIT
// AArch64 assembly, read and run symbolically: the part of clang's `-S` output (Mach-O and COFF
// syntax alike) that a straight-line function of constants, stack stores and one indirect call
// is made of. The ABI oracle for clang's Apple and Windows targets (asm_abi_oracle.cpp) runs
// each generated caller with it, up to its call (where are the arguments?) and on to its return
// (where did it take the result from?).
//
// What it models: x0–x30, sp, v0–v31 as 16 bytes each; memory as regions (the stack frame below
// the entry stack pointer, and one region per data symbol, filled from the file's data
// directives or, for a symbol defined elsewhere, unknown). Each byte is unknown, a known value,
// or a byte of an address (a region and an offset), so that addresses stored in memory and read
// back stay addresses. An instruction outside the modelled set, a branch, or an address that is
// not one, stops the run with an error that names the line: the oracle then fails, never guesses.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jitffi::test::a64asm {

// One byte of a register or of memory.
struct Byte {
  enum Kind : uint8_t { kUnknown, kKnown, kAddress } kind = kUnknown;
  uint8_t value = 0;   // kKnown
  uint8_t index = 0;   // kAddress: which byte of the 8-byte address (little-endian)
  int region = -1;     // kAddress
  int64_t offset = 0;  // kAddress
  bool operator==(const Byte&) const = default;
};

// An address: a region (Machine::kStack or a data symbol's) and an offset into it.
struct Address {
  int region = -1;
  int64_t offset = 0;
};

// A function's instructions, and the file's data symbols.
struct Line {
  int number = 0;  // in the file
  std::string text;
};
struct File {
  std::map<std::string, std::vector<Line>> functions;  // by name, without Mach-O's leading '_'
  std::map<std::string, std::vector<Byte>> data;       // by label (as written)
};
// Reads clang's assembly. Functions are the labels followed by instructions; data symbols are
// the labels followed by data directives.
File read(const std::string& text);

class Machine {
 public:
  static constexpr int kStack = 0;
  // The stack region: kStackSize bytes, the entry stack pointer at its top.
  static constexpr int64_t kStackSize = 1 << 16;

  explicit Machine(const File& file);

  // Runs `function` from its entry until its first call (blr/br through a register, bl to a
  // symbol): true when it got there, false with error() set otherwise. Then resume() runs the
  // rest, after the caller's view of the call is set up (registers, memory), until ret.
  bool runToCall(const std::string& function);
  bool resume();
  bool tailCall() const { return tailCall_; }  // the call was a br: nothing runs after it
  const std::string& error() const { return error_; }

  // Registers: x0–x30 (31: sp as an address), v0–v31.
  std::vector<Byte>& x(int n) { return x_[n]; }
  std::vector<Byte>& v(int n) { return v_[n]; }
  Address sp() const { return {kStack, sp_}; }
  // n bytes of memory at a, or empty when a is outside its region.
  std::vector<Byte> load(Address a, size_t n);
  bool store(Address a, const std::vector<Byte>& bytes);
  // The address an 8-byte register value holds, if it holds one.
  static std::optional<Address> addressOf(const std::vector<Byte>& bytes);
  // The region of a data symbol (created unknown if the file does not define it).
  int region(const std::string& symbol);
  const std::string& regionName(int region) const { return names_[size_t(region)]; }
  // Every caller-saved register made unknown (what a call leaves in them).
  void clobberCallerSaved();

 private:
  bool step(const Line& line);
  bool fail(const Line& line, const std::string& why);

  const File& file_;
  std::vector<std::vector<Byte>> x_, v_;
  int64_t sp_ = kStackSize;
  std::vector<std::vector<Byte>> memory_;  // per region
  std::vector<std::string> names_;
  std::map<std::string, int> regionOf_;
  const std::vector<Line>* lines_ = nullptr;
  size_t pc_ = 0;
  bool tailCall_ = false;
  std::string error_;
};

}  // namespace jitffi::test::a64asm
