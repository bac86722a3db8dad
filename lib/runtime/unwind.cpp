// SPDX-License-Identifier: MIT
// .eh_frame for generated code (design in unwind_p.h). The DWARF call-frame encoding is the one
// the LSB's .eh_frame description defines; the registers and initial rules are the host
// architecture's (UnwindDesc).
#include "unwind_p.h"

#include <cstdint>
#include <cstring>
#include <new>

#include "../emit/arch_p.h"
#include "arena_p.h"

// The unwinder's registry (libgcc_s.so.1, which both libraries link dynamically; see
// unwind_p.h). __register_frame_info takes the record the registry keeps for a table from the
// caller (what __register_frame takes from malloc for it), and __deregister_frame_info hands it
// back: libgcc's `struct object`, six pointer-sized words; kUnwinderRecord leaves room to spare.
extern "C" void __register_frame_info(const void* table, void* record);
extern "C" void* __deregister_frame_info(const void* table);

namespace jitffi::internal {
namespace {

// Bytes kept after each table for the registry's record of it (libgcc: 48 on 64-bit hosts).
constexpr size_t kUnwinderRecord = 64;

// DWARF call-frame instructions.
constexpr uint8_t kDefCfa = 0x0c, kDefCfaOffset = 0x0e, kOffset = 0x80, kRestore = 0xc0, kAdvanceLoc = 0x40,
                  kAdvanceLoc1 = 0x02, kAdvanceLoc2 = 0x03, kAdvanceLoc4 = 0x04, kNop = 0x00;

// Where a table is written: TableSize only counts the bytes (the first pass, for the size of
// the one allocation), TableBytes stores them.
struct TableSize {
  size_t n = 0;
  void push_back(uint8_t) { ++n; }
  size_t size() const { return n; }
  void set32(size_t, uint32_t) {}
};
struct TableBytes {
  uint8_t* p;
  size_t n = 0;
  void push_back(uint8_t b) { p[n++] = b; }
  size_t size() const { return n; }
  void set32(size_t at, uint32_t v) { std::memcpy(p + at, &v, 4); }
};

template <class Out>
void uleb(Out& b, uint64_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    if (v) byte |= 0x80;
    b.push_back(byte);
  } while (v);
}

template <class Out>
void sleb(Out& b, int64_t v) {
  for (;;) {
    const uint8_t byte = v & 0x7f;
    v >>= 7;
    if ((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40))) {
      b.push_back(byte);
      return;
    }
    b.push_back(byte | 0x80);
  }
}

template <class T, class Out>
void put(Out& b, T v) {
  uint8_t bytes[sizeof v];
  std::memcpy(bytes, &v, sizeof v);
  for (uint8_t c : bytes) b.push_back(c);
}

// Pads a CIE/FDE that starts at `start` to a multiple of 8 bytes and fills in its length.
template <class Out>
void finish(Out& b, size_t start) {
  while ((b.size() - start) % 8) b.push_back(kNop);
  b.set32(start, uint32_t(b.size() - start - 4));
}

// The CIE, the same in every table of the host's: version 1, augmentation "zR" with absolute
// pointers; the architecture's alignment factors and return-address column; initially CFA = sp +
// cfaOffset and, where the architecture says so, the return address saved below it.
template <class Out>
void cieRecord(Out& b, const UnwindDesc& u) {
  put<uint32_t>(b, 0);  // length
  put<uint32_t>(b, 0);  // CIE id
  b.push_back(1);
  for (char c : {'z', 'R', '\0'}) b.push_back(uint8_t(c));
  uleb(b, u.codeAlign);
  sleb(b, u.dataAlign);
  uleb(b, u.returnColumn);
  uleb(b, 1);          // augmentation data: the FDE pointer encoding
  b.push_back(0x00);   // DW_EH_PE_absptr
  b.push_back(kDefCfa);
  uleb(b, u.spReg);
  uleb(b, u.cfaOffset);
  if (u.returnSavedAt != 0) {
    b.push_back(uint8_t(kOffset | u.returnColumn));  // DW_CFA_offset: register < 64
    uleb(b, uint64_t(u.returnSavedAt / u.dataAlign));
  }
  finish(b, 0);
}

// The host's CIE, written once. (At most 32 bytes: 16 of fixed fields and six numbers made of
// UnwindDesc's bytes, at most 2 bytes each as LEB128, padded to 8; 24 on every host here.)
struct CieBytes {
  uint8_t bytes[32];
  size_t n;
};
const CieBytes& hostCie() {
  static const CieBytes cie = [] {
    CieBytes c{};
    TableBytes out{c.bytes};
    cieRecord(out, hostArch().unwind);
    c.n = out.n;
    return c;
  }();
  return cie;
}

// The FDE after the CIE: the code range and, per step, the new CFA offset and where the return
// address went; then the terminator.
template <class Out>
void fdeRecord(Out& b, const UnwindDesc& u, const void* code, size_t size, const CfaSteps& steps) {
  const size_t fde = b.size();
  put<uint32_t>(b, 0);                    // length
  put<uint32_t>(b, uint32_t(fde + 4));    // back to the CIE
  put<uint64_t>(b, uint64_t(uintptr_t(code)));
  put<uint64_t>(b, uint64_t(size));
  uleb(b, 0);  // no augmentation data
  uint32_t pc = 0;
  for (const CfaStep& s : steps) {
    const uint32_t delta = (s.at - pc) / u.codeAlign;  // advances count code-alignment units
    if (delta < 64) {
      b.push_back(uint8_t(kAdvanceLoc | delta));
    } else if (delta < 256) {
      b.push_back(kAdvanceLoc1);
      b.push_back(uint8_t(delta));
    } else if (delta < 65536) {
      b.push_back(kAdvanceLoc2);
      put<uint16_t>(b, uint16_t(delta));
    } else {
      b.push_back(kAdvanceLoc4);
      put<uint32_t>(b, delta);
    }
    b.push_back(kDefCfaOffset);
    uleb(b, s.cfaOffset);
    if (s.returnSavedAt == 0) {
      b.push_back(uint8_t(kRestore | u.returnColumn));  // DW_CFA_restore: the CIE's rule again
    } else if (s.returnSavedAt != CfaStep::kReturnUnmoved) {
      b.push_back(uint8_t(kOffset | u.returnColumn));
      uleb(b, uint64_t(s.returnSavedAt / u.dataAlign));
    }
    pc = s.at;
  }
  finish(b, fde);
  put<uint32_t>(b, 0);  // terminator
}

}  // namespace

std::mutex& unwindLock() noexcept {
  static std::mutex mu;
  return mu;
}

void* registerCode(const void* code, size_t size, const CfaSteps& steps, TableLife life) {
  if (!code) return nullptr;
  // Registered code is the host's. The table is measured, then written where it stays: the
  // unwinder keeps pointing into it until unregisterCode.
  const UnwindDesc& u = hostArch().unwind;
  const CieBytes& cie = hostCie();
  TableSize measured{cie.n};
  fdeRecord(measured, u, code, size, steps);
  // The table, then, 8-aligned, the registry's record of it.
  const size_t words = (measured.n + 7) / 8;
  const size_t bytes = (words + kUnwinderRecord / 8) * 8;
  auto* table = static_cast<uint64_t*>(life == TableLife::kProcess ? Arena::instance().alloc(bytes, 8)
                                                                   : ::operator new(bytes, std::nothrow));
  if (!table) return nullptr;
  std::memcpy(table, cie.bytes, cie.n);
  TableBytes out{reinterpret_cast<uint8_t*>(table), cie.n};
  fdeRecord(out, u, code, size, steps);
  std::lock_guard<std::mutex> g(unwindLock());
  __register_frame_info(table, table + words);
  return table;
}

std::span<const uint8_t> registeredTable(const void* handle) noexcept {
  if (!handle) return {};
  const auto* table = static_cast<const uint8_t*>(handle);
  size_t end = 0;
  for (int record = 0; record < 2; ++record) {  // the CIE, then the FDE: a length, then that many bytes
    uint32_t length;
    std::memcpy(&length, table + end, 4);
    end += 4 + length;
  }
  return {table, end + 4};  // and the terminator
}

void unregisterCode(void* handle) {
  if (!handle) return;
  {
    std::lock_guard<std::mutex> g(unwindLock());
    __deregister_frame_info(handle);
  }
  ::operator delete(handle);
}

}  // namespace jitffi::internal
