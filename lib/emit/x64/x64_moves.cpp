// SPDX-License-Identifier: MIT
// Exact-size loads, stores and copies shared by the x86-64 emitters.
#include "x64_p.h"

namespace jitffi::internal::x64emit {

using namespace asmjit;

x86::Mem mem(const x86::Gp& base, int32_t disp, uint32_t size) { return x86::ptr(base, disp, size); }

void loadGp(x86::Assembler& a, const x86::Gp& dst, const x86::Mem& src, uint32_t size, Ext ext) {
  x86::Mem m = src;
  m.setSize(size);
  switch (size) {
    case 8: a.mov(dst.r64(), m); break;
    case 4:
      if (ext == Ext::kSext) a.movsxd(dst.r64(), m);
      else a.mov(dst.r32(), m);
      break;
    case 2:
    case 1:
      if (ext == Ext::kSext) a.movsx(dst.r64(), m);
      else a.movzx(dst.r32(), m);
      break;
    default: break;  // callers handle 3, 5, 6, 7
  }
}

void storeGp(x86::Assembler& a, const x86::Gp& base, int32_t disp, const x86::Gp& src, uint32_t size) {
  switch (size) {
    case 8: a.mov(mem(base, disp, 8), src.r64()); return;
    case 4: a.mov(mem(base, disp, 4), src.r32()); return;
    case 2: a.mov(mem(base, disp, 2), src.r16()); return;
    case 1: a.mov(mem(base, disp, 1), src.r8()); return;
    default: break;
  }
  // 3, 5, 6, 7 bytes: store the low part, shift the rest down, store it.
  const uint32_t low = size > 4 ? 4 : 2;
  storeGp(a, base, disp, src, low);
  a.shr(src.r64(), low * 8);
  storeGp(a, base, disp + int32_t(low), src, size - low);
}

void copyBytes(x86::Assembler& a, const x86::Gp& dst, int32_t dstDisp, const x86::Gp& src,
               int32_t srcDisp, uint32_t n, const x86::Gp& tmp, const x86::Xmm& xtmp) {
  // Exact chunks, largest first, never overlapping: a callee that reads the value back with a
  // wide load then forwards from one store instead of stalling on two overlapping ones.
  uint32_t i = 0;
  while (i < n) {
    const uint32_t left = n - i;
    const uint32_t chunk = (left >= 16 && xtmp.isValid()) ? 16 : left >= 8 ? 8 : left >= 4 ? 4 : left >= 2 ? 2 : 1;
    const int32_t s = srcDisp + int32_t(i), d = dstDisp + int32_t(i);
    if (chunk == 16) {
      a.movups(xtmp, mem(src, s, 16));
      a.movups(mem(dst, d, 16), xtmp);
    } else {
      loadGp(a, tmp, mem(src, s, chunk), chunk, Ext::kNone);
      storeGp(a, dst, d, tmp, chunk);
    }
    i += chunk;
  }
}

}  // namespace jitffi::internal::x64emit
