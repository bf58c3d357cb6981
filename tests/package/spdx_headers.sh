#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source file names its licence on its first line (after a script's #! line), so a file copied
# out of the tree still says under which terms. Usage:
#   spdx_headers.sh SOURCE_DIR          lists the files without the line; exit 1 if there are any
#   spdx_headers.sh --add SOURCE_DIR [FILE...]   adds the line to the given files (default: all)
set -euo pipefail
add=false
if [ "${1:-}" = --add ]; then
    add=true
    shift
fi
src=$1
shift
cd "$src"

cpp_line='// SPDX-License-Identifier: GPL-3.0-or-later'
hash_line='# SPDX-License-Identifier: GPL-3.0-or-later'

sources() {
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files
    else
        find . -type f -not -path './build*' -not -path './.git/*' | sed 's|^\./||'
    fi | grep -E '(^|/)CMakeLists\.txt$|\.(h|cpp|c|sh|py|cmake)$|^\.ci/run$' || true
}

# Sets `want` to the line the file needs; no subshells, so that checking the whole tree stays quick.
comment_for() {
    case "$1" in
    *.h | *.cpp | *.c) want=$cpp_line ;;
    *) want=$hash_line ;;
    esac
}

has_line() {
    local first second
    comment_for "$1"
    { IFS= read -r first || true; IFS= read -r second || true; } < "$1"
    [[ $first == '#!'* ]] && first=$second
    [ "$first" = "$want" ]
}

if $add; then
    files=("$@")
    [ ${#files[@]} -gt 0 ] || mapfile -t files < <(sources)
    for file in "${files[@]}"; do
        [ -f "$file" ] || continue
        has_line "$file" && continue
        if [[ $(head -n 1 "$file") == '#!'* ]]; then
            sed -i "1a $want" "$file"
        else
            sed -i "1i $want" "$file"
        fi
    done
    exit 0
fi

missing=0
while IFS= read -r file; do
    [ -f "$file" ] || continue
    has_line "$file" && continue
    echo "missing: $file lacks \"$want\" on its first line" >&2
    missing=$((missing + 1))
done < <(sources)
echo "spdx_headers: ${missing} file(s) without the licence line"
[ "$missing" -eq 0 ] || echo "add it with: tests/package/spdx_headers.sh --add . FILE..." >&2
[ "$missing" -eq 0 ]
