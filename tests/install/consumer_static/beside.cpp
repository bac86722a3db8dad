// SPDX-License-Identifier: MIT
// libjitffi.a beside the program's own copies of what it carries privately: the program links
// Debian's asmjit itself and uses libstdc++'s std::to_string, whose inline functions' static
// locals libjitffi.a also holds (gcc made them STB_GNU_UNIQUE symbols, which a static link used
// to find defined twice). Each answer checked against the direct computation.
#include <asmjit/x86.h>
#include <jitffi/call.h>

#include <cstdio>
#include <string>

extern "C" int twice(int x) { return 2 * x; }

int main() {
  asmjit::JitRuntime rt;
  asmjit::CodeHolder code;
  code.init(rt.environment());
  asmjit::x86::Assembler a(&code);
  a.mov(asmjit::x86::eax, 40);
  a.add(asmjit::x86::eax, 2);
  a.ret();
  int (*fortyTwo)() = nullptr;
  if (rt.add(&fortyTwo, &code) != asmjit::kErrorOk) return 1;
  auto ci = jitffi::CallInterface::get("i32(i32)");
  if (!ci) return 1;
  const auto r = (*ci)->invoke<int>(jitffi::toFn(twice), 21);
  const std::string s = std::to_string(fortyTwo()) + " " + (r ? std::to_string(*r) : "error");
  if (s != std::to_string(40 + 2) + " " + std::to_string(twice(21))) {
    std::printf("wrong answers: %s\n", s.c_str());
    return 1;
  }
  return 0;
}
