// SPDX-License-Identifier: MIT
// asmjit's encodings remembered (design in encoding_memo_p.h).
#include "encoding_memo_p.h"

#include <new>

namespace jitffi::internal {

EncodingMemo::Entry* EncodingMemo::makeTable(uint64_t hash) noexcept {
  table_.reset(new (std::nothrow) Entry[size_t(1) << kSlotBits]());
  return table_ ? &table_[hash >> (64 - kSlotBits)] : nullptr;
}

}  // namespace jitffi::internal
