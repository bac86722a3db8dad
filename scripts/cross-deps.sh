#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what the cross-architecture tests need, only what is missing (safe to run twice):
#   - the cross compilers and Debian 12's arm64 multiarch libraries (GoogleTest, Google Benchmark,
#     libffi as the oracle, asmjit, and zlib's library, which the tool's test calls);
#   - Debian 13's qemu-user (10.x), unpacked under CACHE (default build/cache): Debian 12's
#     qemu 7.2 ignores instruction-cache maintenance and runs stale code when JIT memory is reused
#     through a second mapping, so generated code must be tested under the newer one. It is
#     fetched with apt-get download and a temporary source list given through apt's -o options
#     (the system's sources are never edited) and unpacked with dpkg-deb -x (never installed).
# Prints the directory holding the qemu binaries on its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# Absolute: apt reads relative Dir:: paths below its own directories (/var/lib/apt, /var/cache/apt).
cache=$(mkdir -p "${1:-$root/build/cache}" && cd "${1:-$root/build/cache}" && pwd)

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: not root; run as root to enable arm64 packages (dpkg --add-architecture arm64)" >&2
    exit 1
  fi
  dpkg --add-architecture arm64  # deps.sh runs apt-get update before installing what is missing
fi
# zlib: the build machine's version (a Multi-Arch package's architectures move in step: another
# version would upgrade the machine's own zlib).
zlib=$(dpkg-query -W -f='${Version}' zlib1g:"$(dpkg --print-architecture)" 2>/dev/null || true)
"$root/scripts/deps.sh" g++-aarch64-linux-gnu gcc-aarch64-linux-gnu libgtest-dev:arm64 \
  libbenchmark-dev:arm64 libffi-dev:arm64 libasmjit-dev:arm64 "zlib1g:arm64${zlib:+=$zlib}"

qemu_dir=$cache/qemu-trixie
if [ ! -x "$qemu_dir/usr/bin/qemu-aarch64" ]; then
  apt_dir=$cache/apt-trixie
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/download"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
    >"$apt_dir/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir"
            -o "Dir::Cache::archives=$apt_dir/archives" -o APT::Architectures::=amd64
            -o APT::Sandbox::User=root -o Debug::NoLocking=1)
  apt-get -qq "${apt_opts[@]}" update
  (cd "$apt_dir/download" && rm -f qemu-user_*.deb && apt-get -qq "${apt_opts[@]}" download qemu-user)
  rm -rf "$qemu_dir.tmp"
  dpkg-deb -x "$apt_dir"/download/qemu-user_*.deb "$qemu_dir.tmp"
  # Keep only the emulators the tests use.
  find "$qemu_dir.tmp/usr/bin" -type f ! -name qemu-aarch64 ! -name qemu-riscv64 -delete
  rm -rf "$qemu_dir.tmp/usr/share"
  rm -rf "$qemu_dir"
  mv "$qemu_dir.tmp" "$qemu_dir"
  rm -rf "$apt_dir"
fi
"$qemu_dir/usr/bin/qemu-aarch64" --version | head -n 1 >&2
echo "$qemu_dir/usr/bin"
