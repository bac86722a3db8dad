#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# jitffi's public C++ headers compile without a single warning in a consumer that asks for many
# (-Wall -Wextra -Wpedantic -Wshadow -Werror, C++20): each header alone (it includes what it
# needs), and a program that instantiates the templates (typeOf, invoke, the typed interface,
# closures), with every C++ compiler given.
#   headers_test.sh CXX... -- INCLUDE-DIR... (the source include directory and the generated one)
set -euo pipefail
compilers=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do compilers+=("$1"); shift; done
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=(-std=c++20 -Wall -Wextra -Wpedantic -Wshadow -Werror)
for d in "$@"; do flags+=("-I$d"); done
cat >"$work/use.cpp" <<'CPP'
#include <jitffi/abi.h>
#include <jitffi/call.h>
#include <jitffi/closure.h>
#include <jitffi/error.h>
#include <jitffi/plan.h>
#include <jitffi/signature.h>
#include <jitffi/type.h>
#include <jitffi/version.h>

#include <complex>

struct Point {
  double x, y;
};
template <>
struct jitffi::StructType<Point> {
  static Type get() { return Type::structOf({Type::f64(), Type::f64()}); }
};
enum class Color : short { kRed };

double use(jitffi::Fn fn) {
  auto ci = jitffi::CallInterface::get("f64(f64, i32)");
  if (!ci) return 0;
  double sum = 0;
  if (auto r = (*ci)->invoke<double>(fn, 1, 2.5)) sum += *r;
  if (auto r = (*ci)->invoke<long double>(fn, 1.0L, Color::kRed)) sum += double(*r);
  if (auto r = (*ci)->invoke<Point>(fn, Point{1, 2}, std::complex<double>(1, 2))) sum += r->x;
  if (auto r = (*ci)->invoke<std::complex<long double>>(fn, nullptr, &sum)) sum += double(r->real());
#if defined(__SIZEOF_INT128__)
  if (auto r = (*ci)->invoke<jitffi::Int128>(fn, jitffi::UInt128(1), true)) sum += double(*r);
#endif
  if ((*ci)->invoke<void>(fn, 1.0f, 'c')) sum += 1;
  auto t = jitffi::CallInterface::of<Point(Point, long double, std::complex<float>)>();
  if (t) sum += (*t)(fn, Point{1, 2}, 1.0L, std::complex<float>(1, 2)).y + double((*t)->returnStorage());
  auto c = jitffi::Closure<int(int, Point)>::make([&](int a, Point p) { return a + int(p.x + sum); });
  if (c) sum += c->get()(1, Point{2, 3});
  auto v = jitffi::Closure<long(int, ...)>::make([](int n, jitffi::VarArgs& va) {
    long s = 0;
    for (int i = 0; i < n; ++i) s += va.next<long>();
    return s;
  });
  if (v) sum += double(v->get()(1, 2L));
  return sum + double(jitffi::signatureOf<void(Point*, unsigned short)>().args.size());
}
CPP
for cxx in "${compilers[@]}"; do
  for h in $(for d in "$@"; do ls "$d"/jitffi/*.h 2>/dev/null || true; done); do
    printf '#include <jitffi/%s>\n' "$(basename "$h")" >"$work/one.cpp"
    "$cxx" "${flags[@]}" -c "$work/one.cpp" -o "$work/one.o"
  done
  "$cxx" "${flags[@]}" -c "$work/use.cpp" -o "$work/use.o"
  echo "$cxx: headers clean"
done
