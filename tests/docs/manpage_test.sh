#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The jitffi man page (docs/jitffi.1) against the tool it describes: groff formats it without a
# warning, and every command the tool's usage lists and every option any of its --help texts
# names appears in the formatted page. A command or option added to the tool without a word in
# the man page fails here.
# usage: manpage_test.sh JITFFI MANPAGE (JITFFI_RUN runs the tool: tests/CMakeLists.txt)
set -euo pipefail
jitffi=$1 page=$2
run=${JITFFI_RUN:-env}
command -v groff >/dev/null || { echo "groff is needed (Debian: groff-base)"; exit 1; }
warnings=$(groff -man -ww -z "$page" 2>&1)
[ -z "$warnings" ] || { echo "groff warns about $page:"; echo "$warnings"; exit 1; }
# Plain text, no hyphenation, long lines: every name stays whole.
text=$(groff -man -Tascii -rHY=0 -rLL=250n -P-c -P-b -P-o -P-u "$page")

commands=$($run "$jitffi" --help | sed -n '/^commands:/,/^$/p' | grep -oE '^  [a-z]+' | tr -d ' ')
[ -n "$commands" ] || { echo "no commands found in 'jitffi --help'"; exit 1; }
options=$(for c in "" $commands; do $run "$jitffi" $c --help; done |
          grep -oE -- '(^|[^a-zA-Z0-9-])--?[a-zA-Z][a-zA-Z0-9-]*' | sed -E 's/^[^-]*//' | sort -u)
missing=""
for c in $commands; do
  grep -qE "^ *jitffi $c( |$)" <<<"$text" || missing="$missing command:$c"
done
for o in $options; do
  grep -qE -- "(^|[^a-zA-Z0-9-])$o([^a-zA-Z0-9-]|$)" <<<"$text" || missing="$missing option:$o"
done
[ -z "$missing" ] || { echo "$page does not describe:$missing"; exit 1; }
echo "man page describes $(wc -w <<<"$commands") commands and $(wc -w <<<"$options") options"
