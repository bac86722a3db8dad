// SPDX-License-Identifier: MIT
// Printing a call plan as stable text (format documented in include/jitffi/plan.h).
#include "jitffi/plan.h"

#include <string>

#include "jitffi/signature.h"

namespace jitffi {
namespace {

void appendPiece(std::string& out, Arch arch, const Piece& p) {
  if (p.loc == PieceLoc::kStack) {
    out += "[sp+" + std::to_string(p.stackOffset) + "]";
  } else {
    out += registerName(arch, p.loc, p.reg);
  }
  out += "=" + std::to_string(p.offset) + "+" + std::to_string(p.size);
  if (p.ext == Ext::kSext) out += ":s";
  if (p.ext == Ext::kZext) out += ":z";
  if (p.ext == Ext::kNanBox) out += ":n";
  if (p.loc == PieceLoc::kStack && p.ext != Ext::kNone) out += "/" + std::to_string(p.width);
}

void appendValue(std::string& out, const CallPlan& plan, const ValuePlan& v, bool isReturn) {
  const Piece* pieces = plan.piecesOf(v);
  switch (v.mode) {
    case PassMode::kIgnore: out += "ignore"; return;
    case PassMode::kDirect:
      out += "direct";
      for (uint32_t i = 0; i < v.pieceCount; ++i) {
        out += ' ';
        appendPiece(out, plan.arch, pieces[i]);
      }
      return;
    case PassMode::kIndirect:
      out += "indirect ";
      if (v.pieceCount > 0) {
        const Piece& p = pieces[0];
        if (p.loc == PieceLoc::kStack) out += "[sp+" + std::to_string(p.stackOffset) + "]";
        else out += registerName(plan.arch, p.loc, p.reg);
      }
      if (isReturn) {
        if (plan.sretReturnReg >= 0) {
          out += " ->" + registerName(plan.arch, PieceLoc::kGp, unsigned(plan.sretReturnReg));
        }
      } else {
        out += " copy+" + std::to_string(v.copyOffset);
      }
      return;
  }
}

}  // namespace

std::string registerName(Arch arch, PieceLoc loc, unsigned reg) {
  if (arch == Arch::kX64) {
    static const char* const kGp[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                        "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
    switch (loc) {
      case PieceLoc::kGp: return reg < 16 ? kGp[reg] : "r?";
      case PieceLoc::kVec: return "xmm" + std::to_string(reg);
      case PieceLoc::kX87: return "st" + std::to_string(reg);
      case PieceLoc::kStack: return "stack";
    }
  } else if (arch == Arch::kRv64) {
    // The psABI's register names ("Integer Register Convention", "Floating-Point Register
    // Convention"), as riscv64 gcc's assembly prints them.
    static const char* const kGp[32] = {"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
                                        "a1",   "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
                                        "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
    static const char* const kFp[32] = {"ft0", "ft1", "ft2", "ft3", "ft4",  "ft5",  "ft6", "ft7",
                                        "fs0", "fs1", "fa0", "fa1", "fa2",  "fa3",  "fa4", "fa5",
                                        "fa6", "fa7", "fs2", "fs3", "fs4",  "fs5",  "fs6", "fs7",
                                        "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
    switch (loc) {
      case PieceLoc::kGp: return reg < 32 ? kGp[reg] : "x?";
      case PieceLoc::kVec: return reg < 32 ? kFp[reg] : "f?";
      case PieceLoc::kX87: return "?";
      case PieceLoc::kStack: return "stack";
    }
  } else {
    switch (loc) {
      case PieceLoc::kGp: return "x" + std::to_string(reg);
      case PieceLoc::kVec: return "v" + std::to_string(reg);
      case PieceLoc::kX87: return "?";
      case PieceLoc::kStack: return "stack";
    }
  }
  return "?";
}

std::string formatPlan(const CallPlan& plan, const Signature* sig) {
  std::string out;
  out += "ret: ";
  appendValue(out, plan, plan.ret, true);
  if (sig) out += "  # " + sig->ret.toText();
  out += '\n';
  for (size_t i = 0; i < plan.args.size(); ++i) {
    out += "a" + std::to_string(i) + ": ";
    appendValue(out, plan, plan.args[i], false);
    if (sig && i < sig->args.size()) out += "  # " + sig->args[i].toText();
    out += '\n';
  }
  out += "frame: stack=" + std::to_string(plan.stackBytes) + " copy=" + std::to_string(plan.copyBytes);
  if (plan.variadic) out += " fixed=" + std::to_string(plan.fixedCount);
  if (plan.countReg >= 0) {
    out += " count=" + registerName(plan.arch, PieceLoc::kGp, unsigned(plan.countReg)) + ":" +
           std::to_string(plan.countValue);
  }
  out += '\n';
  if (plan.errnoMode != ErrnoMode::kNone) out += std::string("errno: ") + errnoModeName(plan.errnoMode) + '\n';
  return out;
}

const char* errnoModeName(ErrnoMode mode) {
  switch (mode) {
    case ErrnoMode::kNone: return "none";
    case ErrnoMode::kCapture: return "capture";
    case ErrnoMode::kSetAndCapture: return "set+capture";
  }
  return "?";
}

}  // namespace jitffi
