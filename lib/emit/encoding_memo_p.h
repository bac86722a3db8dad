// SPDX-License-Identifier: MIT
// asmjit's encodings remembered (JIT builds only): the bytes asmjit wrote for an instruction,
// kept per thread and written again when the same instruction with the same operands comes back.
//
// asmjit's Assembler::_emit, the one encoder, takes about 230 instructions per x86-64
// instruction: it dispatches on the instruction's encoding group, checks and matches every
// operand, then builds the prefixes, the opcode and the ModRM/SIB bytes. A stub repeats what
// other stubs had (`mov rdi, [rcx]`, `movsx rdi, byte [rdi]`, `mov [rsp+8], rdx`): the first
// time, asmjit encodes it; every later time its bytes are copied from the memo (a hash of the
// operands, a compare, a 16-byte copy). Every byte is asmjit's.
//
// Only instructions whose bytes depend on nothing but their operands are remembered: no label
// operand and no label-based address (their bytes depend on where the label is), no instruction
// option, extra register or encoding option, no inline comment wanted (a logger attached: a
// listing, which is always asmjit's own), a holder without a base address, at most three
// operands, and an instruction that left no relocation behind (an absolute target asmjit
// resolves when the code is placed). Anything else goes to asmjit as it is.
#pragma once

#include <asmjit/core.h>

#include <cstdint>
#include <cstring>
#include <memory>

namespace jitffi::internal {

class EncodingMemo {
 public:
  // An instruction as words: its id, then each of its three operands' two words.
  static constexpr size_t kKeyWords = 7;
  using Key = uint64_t[kKeyWords];
  // The longest instruction of any architecture asmjit encodes (x86: 15 bytes).
  static constexpr size_t kMaxBytes = 15;
  struct Entry {
    Key key;
    uint8_t size;  // 0: empty
    uint8_t bytes[kMaxBytes];
  };

  // An instruction's key; with its hash, what slot takes.
  static uint64_t keyOf(Key& key, asmjit::InstId inst, const asmjit::Operand_& o0, const asmjit::Operand_& o1,
                        const asmjit::Operand_& o2) {
    static_assert(sizeof(asmjit::Operand_) == 16, "an operand is two words");
    key[0] = inst;
    std::memcpy(&key[1], &o0, 16);
    std::memcpy(&key[3], &o1, 16);
    std::memcpy(&key[5], &o2, 16);
    uint64_t h = key[0];
    for (size_t i = 1; i < kKeyWords; ++i) h = (h ^ key[i]) * 0x9E3779B97F4A7C15ull;
    return h;
  }
  // The entry a key of this hash is kept in if it was remembered, else the one it would replace
  // (direct mapped: an instruction replaces the one its hash collides with); null when the table
  // cannot be had (out of memory: nothing is remembered).
  Entry* slot(uint64_t hash) noexcept {
    if (!table_) [[unlikely]] return makeTable(hash);
    return &table_[hash >> (64 - kSlotBits)];
  }
  static bool holds(const Entry& e, const Key& key) noexcept {
    uint64_t diff = 0;
    for (size_t i = 0; i < kKeyWords; ++i) diff |= e.key[i] ^ key[i];
    return diff == 0 && e.size != 0;
  }

 private:
  static constexpr unsigned kSlotBits = 9;
  // Made with the first instruction remembered (a thread that only lists code never needs it).
  Entry* makeTable(uint64_t hash) noexcept;
  std::unique_ptr<Entry[]> table_;
};

// One of asmjit's assemblers (x86::Assembler, a64::Assembler) with the memo in front of its
// encoder. The emitters take it as the assembler it derives from.
template <class Base>
class MemoAssembler final : public Base {
 public:
  asmjit::Error _emit(asmjit::InstId inst, const asmjit::Operand_& o0, const asmjit::Operand_& o1,
                      const asmjit::Operand_& o2, const asmjit::Operand_* ext) override {
    using namespace asmjit;
    if (!plain(ext)) return Base::_emit(inst, o0, o1, o2, ext);
    EncodingMemo::Key key;
    EncodingMemo::Entry* e = memo_.slot(EncodingMemo::keyOf(key, inst, o0, o1, o2));
    if (e && EncodingMemo::holds(*e, key) && this->remainingSpace() >= sizeof e->bytes) [[likely]] {
      std::memcpy(this->_bufferPtr, e->bytes, sizeof e->bytes);
      this->_bufferPtr += e->size;
      // (The section's size follows the end of what was written, as asmjit's writer keeps it.)
      CodeBuffer& buffer = this->_section->buffer();
      const size_t end = size_t(this->_bufferPtr - this->_bufferData);
      if (end > buffer._size) buffer._size = end;
      return kErrorOk;
    }
    return encodeAndRemember(e, inst, o0, o1, o2, ext);
  }
  // (For the tests, which look into it.)
  EncodingMemo& memo() noexcept { return memo_; }

 private:
  // Whether the emitter's state lets the instruction's bytes come from (and go to) the memo. An
  // instruction with a label operand is never remembered (positionFree), so a key with one never
  // finds an entry.
  bool plain(const asmjit::Operand_* ext) const {
    using namespace asmjit;
    return (this->_instOptions | this->_forcedInstOptions) == InstOptions::kNone && !this->_extraReg.isReg() &&
           this->_encodingOptions == EncodingOptions::kNone && !this->_inlineComment &&
           this->_code->baseAddress() == Globals::kNoBaseAddress && ext[0].isNone() && ext[1].isNone() &&
           ext[2].isNone();
  }
  static bool positionFree(const asmjit::Operand_& op) {
    return !op.isLabel() && !(op.isMem() && op.as<asmjit::BaseMem>().hasBaseLabel());
  }
  // asmjit encodes; the bytes go into `e` when they depend on the operands alone.
  __attribute__((noinline)) asmjit::Error encodeAndRemember(EncodingMemo::Entry* e, asmjit::InstId inst,
                                                            const asmjit::Operand_& o0,
                                                            const asmjit::Operand_& o1, const asmjit::Operand_& o2,
                                                            const asmjit::Operand_* ext) {
    const size_t relocations = this->_code->relocEntries().size();
    const size_t at = this->offset();
    const asmjit::Error err = Base::_emit(inst, o0, o1, o2, ext);
    const size_t n = this->offset() - at;
    if (e && err == asmjit::kErrorOk && n > 0 && n <= sizeof e->bytes &&
        this->_code->relocEntries().size() == relocations && positionFree(o0) && positionFree(o1) &&
        positionFree(o2)) {
      EncodingMemo::keyOf(e->key, inst, o0, o1, o2);
      e->size = uint8_t(n);
      std::memcpy(e->bytes, this->_bufferData + at, n);
    }
    return err;
  }

  EncodingMemo memo_;
};

}  // namespace jitffi::internal
