#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages jitffi needs, only those missing (safe to run any number of
# times). Needs root for apt-get; prints what it would install otherwise. Extra packages may be
# given as arguments, with an architecture qualifier for foreign ones (libffi-dev:arm64) and a
# version when it matters (zlib1g:arm64=1:1.2.13.dfsg-1; an installed package of another version
# counts as installed).
set -euo pipefail
# The cross C compilers come with their C libraries named: the main build compiles the AArch64 and
# RISC-V classifier oracles with them, and --no-install-recommends leaves the libraries out.
packages=(build-essential cmake pkg-config libasmjit-dev libgtest-dev libbenchmark-dev libffi-dev
          valgrind binutils python3 python3-cffi groff-base gcc-aarch64-linux-gnu libc6-dev-arm64-cross
          gcc-riscv64-linux-gnu libc6-dev-riscv64-cross qemu-user clang gdb linux-perf "$@")
missing=()
native=$(dpkg --print-architecture)
installed() {  # PACKAGE[:ARCH][=VERSION]: installed for ARCH, or for this machine (or arch-independent)
  local p=${1%%=*}
  case $p in
    *:*) dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -qx 'install ok installed' ;;
    *) dpkg-query -W -f='${Architecture} ${Status}\n' "$p" 2>/dev/null |
         grep -qE "^($native|all) install ok installed\$" ;;
  esac
}
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "error: not root; install these Debian packages first: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt-get (a second checkout's run) rather than fail on its lock.
apt_wait=(-o DPkg::Lock::Timeout=600)
apt-get "${apt_wait[@]}" update -qq
apt-get "${apt_wait[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
