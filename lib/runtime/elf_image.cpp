// SPDX-License-Identifier: MIT
// The ELF image of a code block (layout in elf_image_p.h). The ELF format's structures and
// constants are the system's <elf.h>.
#include "elf_image_p.h"

#include <elf.h>

#include <cstring>
#include <string_view>

namespace jitffi::internal {
namespace {

static_assert(sizeof(void*) == 8, "the images are ELF64");

// The sections, in order, and their names. .shstrtab holds the names one after the other, each
// ending in a NUL (the null section's empty name is the leading NUL).
enum : uint16_t { kNull, kText, kEhFrame, kSymtab, kStrtab, kShstrtab, kSections };
constexpr std::string_view kSectionName[kSections] = {"", ".text", ".eh_frame", ".symtab", ".strtab", ".shstrtab"};
constexpr uint32_t nameOffset(uint16_t section) {
  uint32_t at = 0;
  for (uint16_t i = 0; i < section; ++i) at += uint32_t(kSectionName[i].size()) + 1;
  return at;
}
constexpr size_t kShstrtabSize = nameOffset(kSections);

size_t align8(size_t n) { return (n + 7) & ~size_t(7); }

// Where each part of the image starts.
struct Layout {
  size_t shstrtab, strtab, strtabSize, symtab, ehFrame, sectionHeaders, total;
};

Layout layout(const ElfImageSpec& spec) {
  Layout l{};
  l.shstrtab = sizeof(Elf64_Ehdr);
  l.strtab = l.shstrtab + kShstrtabSize;
  l.strtabSize = 1 + spec.name.size() + 1;  // "", the name
  l.symtab = align8(l.strtab + l.strtabSize);
  l.ehFrame = l.symtab + 2 * sizeof(Elf64_Sym);
  l.sectionHeaders = align8(l.ehFrame + spec.ehFrame.size());
  l.total = l.sectionHeaders + kSections * sizeof(Elf64_Shdr);
  return l;
}

template <class T>
void put(uint8_t* out, size_t at, const T& v) {
  std::memcpy(out + at, &v, sizeof v);
}

}  // namespace

size_t elfImageSize(const ElfImageSpec& spec) noexcept { return layout(spec).total; }

void writeElfImage(const ElfImageSpec& spec, uint8_t* out) noexcept {
  const Layout l = layout(spec);
  std::memset(out, 0, l.total);

  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_ident[EI_OSABI] = ELFOSABI_NONE;
  eh.e_type = ET_REL;
  eh.e_machine = spec.machine;
  eh.e_version = EV_CURRENT;
  eh.e_shoff = l.sectionHeaders;
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_shentsize = sizeof(Elf64_Shdr);
  eh.e_shnum = kSections;
  eh.e_shstrndx = kShstrtab;
  put(out, 0, eh);

  for (uint16_t i = 0; i < kSections; ++i) {
    std::memcpy(out + l.shstrtab + nameOffset(i), kSectionName[i].data(), kSectionName[i].size());
  }
  std::memcpy(out + l.strtab + 1, spec.name.data(), spec.name.size());
  Elf64_Sym fn{};
  fn.st_name = 1;
  fn.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
  fn.st_other = STV_DEFAULT;
  fn.st_shndx = kText;
  fn.st_value = 0;  // the start of .text
  fn.st_size = spec.codeSize;
  put(out, l.symtab + sizeof(Elf64_Sym), fn);
  if (!spec.ehFrame.empty()) std::memcpy(out + l.ehFrame, spec.ehFrame.data(), spec.ehFrame.size());

  Elf64_Shdr sh[kSections]{};
  for (uint16_t i = 0; i < kSections; ++i) sh[i].sh_name = nameOffset(i);
  sh[kText].sh_type = SHT_NOBITS;
  sh[kText].sh_flags = SHF_ALLOC | SHF_EXECINSTR;
  sh[kText].sh_addr = spec.codeAddr;
  sh[kText].sh_offset = l.shstrtab;  // occupies no bytes of the image
  sh[kText].sh_size = spec.codeSize;
  sh[kText].sh_addralign = 1;
  sh[kEhFrame].sh_type = SHT_PROGBITS;
  sh[kEhFrame].sh_flags = SHF_ALLOC;
  sh[kEhFrame].sh_addr = uint64_t(uintptr_t(out + l.ehFrame));
  sh[kEhFrame].sh_offset = l.ehFrame;
  sh[kEhFrame].sh_size = spec.ehFrame.size();
  sh[kEhFrame].sh_addralign = 8;
  sh[kSymtab].sh_type = SHT_SYMTAB;
  sh[kSymtab].sh_offset = l.symtab;
  sh[kSymtab].sh_size = 2 * sizeof(Elf64_Sym);
  sh[kSymtab].sh_link = kStrtab;
  sh[kSymtab].sh_info = 1;  // the first global symbol
  sh[kSymtab].sh_addralign = 8;
  sh[kSymtab].sh_entsize = sizeof(Elf64_Sym);
  sh[kStrtab].sh_type = SHT_STRTAB;
  sh[kStrtab].sh_offset = l.strtab;
  sh[kStrtab].sh_size = l.strtabSize;
  sh[kStrtab].sh_addralign = 1;
  sh[kShstrtab].sh_type = SHT_STRTAB;
  sh[kShstrtab].sh_offset = l.shstrtab;
  sh[kShstrtab].sh_size = kShstrtabSize;
  sh[kShstrtab].sh_addralign = 1;
  std::memcpy(out + l.sectionHeaders, sh, sizeof sh);
}

}  // namespace jitffi::internal
