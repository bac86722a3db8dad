// SPDX-License-Identifier: MIT
// The signatures the architecture tests (arch_test.cpp, arch_jit_test.cpp) classify.
#pragma once

namespace jitffi {

// Signatures that reach every argument and return register of the x86-64 ABIs (and, with their
// classifiers, of the other architectures): many integers and floats, split and paired structs,
// long double and complex long double (x87), hidden result pointers, variadic calls.
inline const char* const kSignatures[] = {
    "i64(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)",
    "f64(f64, f64, f64, f64, f64, f64, f64, f64, f64, f64)",
    "{i64,f64}({f64,i64}, {i64,i64}, {f64,f64}, {f32,f32,f32,f32})",
    "{f64,f64}({f64,f64,f64,f64}, i128)",
    "{i64,i64}(i128, i128, i128)",
    "{f64,f64,f64,f64}(f32, f64)",
    "{i64,i64,i64}(i32)",
    "ld(ld, i32)",
    "cld(cld)",
    "i32(ptr, ..., f64, i32, f64, i64, f64, {f64,f64})",
};

}  // namespace jitffi
