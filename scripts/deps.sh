#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages jitffi needs, only those missing (safe to run any number of
# times). Needs root for apt-get; prints what it would install otherwise.
set -euo pipefail
packages=(build-essential cmake pkg-config libasmjit-dev libgtest-dev libbenchmark-dev libffi-dev
          valgrind binutils python3 groff-base "$@")
missing=()
for p in "${packages[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
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
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
