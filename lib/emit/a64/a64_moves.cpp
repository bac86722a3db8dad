// SPDX-License-Identifier: MIT
// Loads, stores, copies and stack-pointer moves shared by the AArch64 emitters: exact sizes,
// ldp/stp where two moves pair, and offsets beyond what an instruction encodes (asmjit refuses
// those rather than expanding them).
#include "a64_p.h"

namespace jitffi::internal::a64emit {

using namespace asmjit;

namespace {

bool isPairSize(uint32_t size) { return size == 4 || size == 8 || size == 16; }

// Whether one load or store of `size` bytes reaches [base+off] by itself: an unsigned offset
// scaled by the size (12 bits), or an unscaled signed one (9 bits: ldur/stur, which asmjit picks).
bool singleReaches(int64_t off, uint32_t size) {
  return (off >= 0 && off % size == 0 && off / size < 4096) || (off >= -256 && off <= 255);
}

// ldp/stp: a signed 7-bit offset scaled by the size of one register.
bool pairReaches(int64_t off, uint32_t size) { return off % size == 0 && off / size >= -64 && off / size <= 63; }

}  // namespace

arm::Reg reg(PieceLoc loc, uint32_t id, uint32_t size) {
  if (loc == PieceLoc::kGp) return size == 8 ? arm::Reg(a64::x(id)) : arm::Reg(a64::w(id));
  if (size == 4) return a64::s(id);
  if (size == 8) return a64::d(id);
  return a64::v(id);  // the whole 128 bits: q
}

arm::Mem Moves::mem(const Gp& base, int64_t off, uint32_t size, bool pair) {
  if (pair ? pairReaches(off, size) : singleReaches(off, size)) return a64::ptr(base, int32_t(off));
  addImm(scratch_, base, off);
  return a64::ptr(scratch_);
}

void Moves::addImm(const Gp& dst, const Gp& src, int64_t imm) {
  const bool sub = imm < 0;
  const uint64_t n = sub ? uint64_t(-imm) : uint64_t(imm);
  auto add = [&](const Gp& d, const Gp& s, const Imm& v) { sub ? a().sub(d, s, v) : a().add(d, s, v); };
  if (n == 0) {
    if (dst.id() != src.id()) a().mov(dst, src);
  } else if (n < (1u << 24)) {
    const uint64_t hi = n >> 12, lo = n & 0xfff;
    if (hi) {
      sub ? a().sub(dst, src, hi, a64::lsl(12)) : a().add(dst, src, hi, a64::lsl(12));
      if (lo) add(dst, dst, lo);
    } else {
      add(dst, src, lo);
    }
  } else {
    a().mov(scratch_, n);
    sub ? a().sub(dst, src, scratch_) : a().add(dst, src, scratch_);
  }
}

void Moves::load(const arm::Reg& r, const Gp& base, int64_t off, Note note) {
  put(false, r, base, off, note);
}

void Moves::store(const arm::Reg& r, const Gp& base, int64_t off, Note note) {
  put(true, r, base, off, note);
}

void Moves::put(bool store, const arm::Reg& r, const Gp& base, int64_t off, Note note) {
  Pending& p = pending_;
  const uint32_t size = r.size();
  const bool pairs = p.valid && p.store == store && p.base.id() == base.id() && p.reg.type() == r.type() &&
                     isPairSize(size) && off == p.off + int64_t(size) && pairReaches(p.off, size) &&
                     // two loads: distinct destinations, and the first must not change the base
                     (store || (p.reg.id() != r.id() && !(p.reg.isGp() && p.reg.id() == base.id())));
  if (!pairs) {
    flush();
    p = {true, store, r, base, off, note};
    return;
  }
  p.valid = false;
  const arm::Mem m = mem(base, p.off, size, true);
  if (p.note || note) note_(p.note, note);
  if (r.isGp()) {
    store ? a_.stp(p.reg.as<Gp>(), r.as<Gp>(), m) : a_.ldp(p.reg.as<Gp>(), r.as<Gp>(), m);
  } else {
    store ? a_.stp(p.reg.as<Vec>(), r.as<Vec>(), m) : a_.ldp(p.reg.as<Vec>(), r.as<Vec>(), m);
  }
}

void Moves::flush() {
  if (!pending_.valid) return;
  pending_.valid = false;
  emitOne(pending_);
}

void Moves::emitOne(const Pending& p) {
  const arm::Mem m = mem(p.base, p.off, p.reg.size());
  if (p.note) note_(p.note);
  if (p.reg.isGp()) {
    p.store ? a_.str(p.reg.as<Gp>(), m) : a_.ldr(p.reg.as<Gp>(), m);
  } else {
    p.store ? a_.str(p.reg.as<Vec>(), m) : a_.ldr(p.reg.as<Vec>(), m);
  }
}

void Moves::loadGp(const Gp& dst, const Gp& base, int64_t off, uint32_t size, Ext ext, const Gp& tmp,
                   Note note) {
  const bool sext = ext == Ext::kSext;
  const Gp x = a64::x(dst.id()), w = a64::w(dst.id());
  switch (size) {
    case 8: load(x, base, off, note); return;
    case 4:
      if (!sext) return load(w, base, off, note);
      a();
      if (note) note_(note);
      a_.ldrsw(x, mem(base, off, 4));
      return;
    case 2:
    case 1: {
      a();
      const arm::Mem m = mem(base, off, size);
      if (note) note_(note);
      if (size == 2) sext ? a_.ldrsh(x, m) : a_.ldrh(w, m);
      else sext ? a_.ldrsb(x, m) : a_.ldrb(w, m);
      return;
    }
    default: break;
  }
  // 3, 5, 6, 7 bytes: the high part into tmp first, so that base may be dst.
  const uint32_t low = size == 3 ? 2 : 4;
  const Gp t = a64::w(tmp.id());
  a();
  if (note) note_(note);
  switch (size) {
    case 3:
    case 5: a_.ldrb(t, mem(base, off + low, 1)); break;
    case 6: a_.ldrh(t, mem(base, off + low, 2)); break;
    default: a_.ldr(t, mem(base, off + 3, 4)); break;  // 7: bytes 3–6; byte 3 is loaded twice, alike
  }
  if (low == 2) a_.ldrh(w, mem(base, off, 2));
  else a_.ldr(w, mem(base, off, 4));
  a_.orr(x, x, a64::x(tmp.id()), a64::lsl(size == 7 ? 24 : low * 8));
}

void Moves::storeGp(const Gp& src, const Gp& base, int64_t off, uint32_t size, Note note) {
  const Gp w = a64::w(src.id());
  switch (size) {
    case 8: return store(a64::x(src.id()), base, off, note);
    case 4: return store(w, base, off, note);
    case 2:
    case 1: {
      a();
      const arm::Mem m = mem(base, off, size);
      if (note) note_(note);
      size == 2 ? a_.strh(w, m) : a_.strb(w, m);
      return;
    }
    default: break;
  }
  // 3, 5, 6, 7 bytes: the low part, then the rest shifted down.
  const uint32_t low = size > 4 ? 4 : 2;
  storeGp(src, base, off, low, note);
  a().lsr(a64::x(src.id()), a64::x(src.id()), low * 8);
  storeGp(src, base, off + low, size - low);
}

void Moves::copy(const Gp& dst, int64_t dstOff, const Gp& src, int64_t srcOff, uint64_t n, const Gp (&gtmp)[2],
                 const Vec (&vtmp)[2], const Gp (&loop)[3], Note note) {
  if (n > kInlineCopyMax) {
    // 32 bytes a round (ldp/stp of two q registers, post-indexed), then the rest inline.
    const Gp &s = loop[0], &d = loop[1], &count = loop[2];
    const Vec q0 = a64::v(vtmp[0].id()), q1 = a64::v(vtmp[1].id());
    this->note(note);
    addImm(s, src, srcOff);
    addImm(d, dst, dstOff);
    a().mov(count, n / 32);
    Label again = a_.newLabel();
    a_.bind(again);
    a_.ldp(q0, q1, a64::ptr_post(s, 32));
    a_.stp(q0, q1, a64::ptr_post(d, 32));
    a_.subs(count, count, 1);
    a_.b_ne(again);
    const Gp noLoop[3] = {};
    copy(d, 0, s, 0, n % 32, gtmp, vtmp, noLoop);
    return;
  }
  // A range out of reach of one instruction's offset: its address in a register of its own
  // (when the caller gave some) instead of one per chunk.
  auto far = [n](int64_t off) { return off < -256 || off + int64_t(n) > 4095; };
  if (loop[0].isValid() && (far(srcOff) || far(dstOff))) {
    this->note(note);
    const bool s = far(srcOff);
    addImm(loop[0], s ? src : dst, s ? srcOff : dstOff);
    return s ? copy(dst, dstOff, loop[0], 0, n, gtmp, vtmp, {loop[1], loop[2], Gp()})
             : copy(loop[0], 0, src, srcOff, n, gtmp, vtmp, {loop[1], loop[2], Gp()});
  }
  // Exact chunks, largest first, two at a time (load, load, store, store) so that two chunks of a
  // size pair into ldp/stp.
  auto chunkAt = [n](uint64_t i) -> uint32_t {
    const uint64_t left = n - i;
    return left >= 16 ? 16 : left >= 8 ? 8 : left >= 4 ? 4 : left >= 2 ? 2 : 1;
  };
  uint64_t i = 0;
  while (i < n) {
    uint32_t size[2] = {chunkAt(i), 0};
    if (i + size[0] < n) size[1] = chunkAt(i + size[0]);
    const uint64_t at[2] = {i, i + size[0]};
    auto temp = [&](int k) {
      return size[k] == 16 ? arm::Reg(a64::v(vtmp[k].id())) : reg(PieceLoc::kGp, gtmp[k].id(), size[k] == 8 ? 8 : 4);
    };
    for (int k = 0; k < 2 && size[k]; ++k) {
      if (isPairSize(size[k])) load(temp(k), src, srcOff + int64_t(at[k]), note);
      else loadGp(gtmp[k], src, srcOff + int64_t(at[k]), size[k], Ext::kNone, Gp(), note);
      note = {};
    }
    for (int k = 0; k < 2 && size[k]; ++k) {
      if (isPairSize(size[k])) store(temp(k), dst, dstOff + int64_t(at[k]));
      else storeGp(gtmp[k], dst, dstOff + int64_t(at[k]), size[k]);
    }
    i += size[0] + size[1];
  }
}

void moveSp(Moves& m, int64_t delta, uint32_t& cfa, CfaSteps* steps) {
  const uint64_t n = delta < 0 ? uint64_t(-delta) : uint64_t(delta);
  auto step = [&](uint64_t by) {
    cfa = delta < 0 ? cfa + uint32_t(by) : cfa - uint32_t(by);
    if (steps) steps->push_back({uint32_t(m.a().offset()), cfa});
  };
  // Each instruction that moves sp is a step of its own (addImm may take two).
  if (n >= (1u << 24)) {
    m.addImm(a64::sp, a64::sp, delta);
    step(n);
    return;
  }
  const uint64_t hi = n & ~uint64_t(0xfff), lo = n & 0xfff;
  if (hi) {
    m.addImm(a64::sp, a64::sp, delta < 0 ? -int64_t(hi) : int64_t(hi));
    step(hi);
  }
  if (lo) {
    m.addImm(a64::sp, a64::sp, delta < 0 ? -int64_t(lo) : int64_t(lo));
    step(lo);
  }
}

}  // namespace jitffi::internal::a64emit
