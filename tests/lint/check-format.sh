#!/usr/bin/env bash
# Fails when a C++ file of the project is not formatted as .clang-format says; names them and
# says how to fix it.
#   check-format.sh CLANG_FORMAT     (run from the project root)
set -uo pipefail
tool=${1:-clang-format}
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files '*.cpp' '*.h')
else
    mapfile -t files < <(find app core server ui tests -name '*.cpp' -o -name '*.h' | grep -v node_modules)
fi
bad=()
for f in "${files[@]}"; do
    "$tool" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [[ ${#bad[@]} -gt 0 ]]; then
    echo "${#bad[@]} file(s) differ from .clang-format:"
    printf '  %s\n' "${bad[@]}"
    echo "fix with: $tool -i ${bad[*]}"
    exit 1
fi
echo "format: ${#files[@]} files match .clang-format"
