// SPDX-License-Identifier: MIT
// An in-memory ELF object describing one block of generated code to a debugger (gdb's JIT
// interface, code_info_p.h): ELF64 in the host's byte order, relocatable (ET_REL), the
// architecture's machine number, and these sections:
//   1 .text      SHT_NOBITS at the block's run-time address and size: it describes the code,
//                whose bytes stay where they are
//   2 .eh_frame  the block's call-frame table (unwind_p.h), so the debugger unwinds through it
//   3 .symtab    the null symbol and one global FUNC symbol, the name, covering the block
//   4 .strtab    5 .shstrtab
// A relocatable object's symbol values are relative to their section; gdb takes the address of
// every allocated section of a JIT object as absolute, so the symbol lands on the code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace jitffi::internal {

struct ElfImageSpec {
  uint16_t machine;  // e_machine (ArchDesc::elfMachine)
  uint64_t codeAddr;
  uint64_t codeSize;
  std::string_view name;
  std::span<const uint8_t> ehFrame;
};

// The number of bytes of the image.
size_t elfImageSize(const ElfImageSpec& spec) noexcept;
// Writes the image at `out` (elfImageSize bytes, 8-byte aligned) — where the debugger will read
// it: the .eh_frame section's address is its place there.
void writeElfImage(const ElfImageSpec& spec, uint8_t* out) noexcept;

}  // namespace jitffi::internal
