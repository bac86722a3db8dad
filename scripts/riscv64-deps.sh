#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# riscv64-deps.sh [CACHE]: what the riscv64 cross build needs beyond the cross compiler. Debian 12
# has no riscv64 packages, so this builds them with riscv64 gcc into one prefix, CACHE/riscv64-prefix
# (CACHE defaults to build/cache):
#   - GoogleTest (gtest and gmock) from Debian's source of it, /usr/src/googletest (googletest);
#   - libffi, the second oracle, from Debian 12's source package, fetched with apt-get source and a
#     temporary source list given through apt's -o options (the system's sources are never edited),
#     static and shared.
# Each is built once: a stamp in the prefix names the source versions and the compiler it was built
# from, and a second run with the same ones rebuilds nothing. Installs the cross compiler first
# (scripts/deps.sh). Prints the prefix on its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=$(mkdir -p "${1:-$root/build/cache}" && cd "${1:-$root/build/cache}" && pwd)
"$root/scripts/deps.sh" g++-riscv64-linux-gnu gcc-riscv64-linux-gnu googletest dpkg-dev
jobs=$(nproc 2>/dev/null || echo 2)
triplet=riscv64-linux-gnu
prefix=$cache/riscv64-prefix
work=$cache/riscv64-work
compiler=$("$triplet-gcc" -dumpfullversion)

# built NAME VERSION: whether NAME's stamp says VERSION was built by this compiler into the prefix.
built() { [ "$(cat "$prefix/.stamp-$1" 2>/dev/null)" = "$2 gcc-$compiler" ]; }
stamp() { echo "$2 gcc-$compiler" >"$prefix/.stamp-$1"; }

gtest_version=$(dpkg-query -W -f='${Version}' googletest)
if ! built googletest "$gtest_version"; then
  echo "== riscv64 GoogleTest $gtest_version ($prefix)" >&2
  rm -rf "$work/googletest"
  cmake -S /usr/src/googletest -B "$work/googletest" -DCMAKE_SYSTEM_NAME=Linux \
    -DCMAKE_SYSTEM_PROCESSOR=riscv64 -DCMAKE_C_COMPILER="$triplet-gcc" \
    -DCMAKE_CXX_COMPILER="$triplet-g++" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib >/dev/null
  cmake --build "$work/googletest" -j "$jobs" >/dev/null
  cmake --install "$work/googletest" >/dev/null
  rm -rf "$work/googletest"
  stamp googletest "$gtest_version"
fi

# libffi: the version of Debian 12's libffi-dev on this machine (the host's oracle), its source
# from bookworm's deb-src.
ffi_version=$(dpkg-query -W -f='${source:Version}' "libffi-dev:$(dpkg --print-architecture)")
if ! built libffi "$ffi_version"; then
  echo "== riscv64 libffi $ffi_version ($prefix)" >&2
  apt_dir=$work/apt-bookworm-src
  rm -rf "$apt_dir" "$work/libffi"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$work/libffi"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" \
    >"$apt_dir/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir"
            -o "Dir::Cache::archives=$apt_dir/archives" -o APT::Sandbox::User=root
            -o Debug::NoLocking=1)
  apt-get -qq "${apt_opts[@]}" update
  (cd "$work/libffi" && apt-get -qq "${apt_opts[@]}" source "libffi=$ffi_version" >/dev/null)
  src=$(find "$work/libffi" -mindepth 1 -maxdepth 1 -type d -name 'libffi-*')
  mkdir -p "$work/libffi/build"
  # --disable-multi-os-directory: the libraries go to PREFIX/lib (not lib64 or lib/lp64d).
  (cd "$work/libffi/build" &&
    "$src/configure" --host="$triplet" --prefix="$prefix" --enable-static --enable-shared \
      --disable-docs --disable-multi-os-directory >configure.log 2>&1 &&
    make -j "$jobs" >make.log 2>&1 && make install >install.log 2>&1) ||
    { tail -n 40 "$work/libffi/build/"*.log >&2; echo "error: libffi's riscv64 build failed" >&2; exit 1; }
  rm -rf "$work/libffi" "$apt_dir"
  stamp libffi "$ffi_version"
fi
echo "$prefix"
