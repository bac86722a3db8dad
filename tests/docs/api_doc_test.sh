#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/api.md names every public name: the namespace-scope classes, enums, type aliases,
# constants, functions and macros of include/jitffi/*.h (outside namespaces detail and
# internal), and every function libjitffi.so exports (members included). A public name added
# without a word in the reference fails here.
# usage: api_doc_test.sh API_MD LIBJITFFI INCLUDE_DIR...
set -euo pipefail
doc=$1 lib=$2
shift 2
headers=$(for d in "$@"; do ls "$d"/jitffi/*.h 2>/dev/null || true; done)
[ -n "$headers" ] || { echo "no headers in $*"; exit 1; }

# Names declared at column 0 of the headers, outside detail/internal namespaces.
from_headers=$(awk '
  /^namespace (detail|internal) \{/ { hidden = 1; next }
  /^\}  \/\/ namespace (detail|internal)/ { hidden = 0; next }
  !hidden { print }
' $headers | sed -nE '
  /^#define JITFFI_DETAIL_/d
  s/^#define (JITFFI_[A-Z0-9_]+).*/\1/p
  s/^(class|struct)( JITFFI_API)?( \[\[nodiscard\]\])? ([A-Z][A-Za-z0-9]*).*/\4/p
  s/^enum class ([A-Za-z0-9]+).*/\1/p
  s/^using ([A-Za-z0-9]+) =.*/\1/p
  s/^inline constexpr [^=]* (k[A-Za-z0-9]+)( =.*)?$/\1/p
  /^(namespace|template|#|\}|\/\/|using|class|struct|enum)/d
  s/^[A-Za-z].* \**([a-z][A-Za-z0-9_]*)\(.*/\1/p
' | sort -u)

# Exported functions of the library (not operators, constructors, destructors; not internal::).
from_library=$(nm -DC --defined-only "$lib" | sed -E 's/^[0-9a-f]+ [A-Za-z] //' |
  grep -E '^jitffi::' | grep -vE '^jitffi::(internal|detail)::' | sed -E 's/\(.*//; s/\[abi:[^]]*\]//g; s/^jitffi:://' |
  grep -vE 'operator|~|^typeinfo|^vtable' |
  awk -F'::' '!(NF == 2 && $1 == $2)' | sort -u)
# Exported for the library's own inline code, private: not part of the reference.
private='^RawClosure::makeImpl$'

missing=""
for name in $from_headers; do
  grep -qE "(^|[^A-Za-z0-9_])$name([^A-Za-z0-9_]|$)" "$doc" || missing="$missing $name"
done
# A member may be named as Class::member or, in its class's section, as member(...).
for name in $(grep -vE "$private" <<<"$from_library"); do
  member=${name##*::}
  grep -qF "$name" "$doc" || grep -qE "(^|[^A-Za-z0-9_])$member[(<]" "$doc" || missing="$missing $name"
done
[ -z "$missing" ] || { echo "$doc does not name:$missing"; exit 1; }
echo "api.md names $(wc -w <<<"$from_headers") header names and $(wc -w <<<"$from_library") exported functions"
