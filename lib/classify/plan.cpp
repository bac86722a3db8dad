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
