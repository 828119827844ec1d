#!/usr/bin/env bash
# Fails when a layer includes a layer above it (docs/architecture.md, "Targets and levels"):
# core/ never includes server/, ui/ or app/, nor QtWidgets or an HTTP server; server/ never
# includes ui/ or app/; ui/ never includes server/ or app/.
#   check-layers.sh ROOT     ROOT holds core/ server/ ui/ (the project, or a test fixture)
set -uo pipefail
root=${1:?usage: check-layers.sh ROOT}
status=0
check() {
    local layer=$1 pattern=$2 why=$3
    [[ -d "$root/$layer" ]] || return 0
    local hits
    hits=$(grep -rnE --include='*.h' --include='*.cpp' "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($pattern)" "$root/$layer" || true)
    if [[ -n "$hits" ]]; then
        echo "$layer/ must not include $why:"
        echo "$hits"
        status=1
    fi
}
check core 'server/|ui/|app/|QtWidgets|QWidget|QApplication|QtHttpServer|QHttpServer|QAbstractHttpServer|QTcpServer' \
    'the server, the window, the app, widgets or an HTTP server'
check server 'ui/|app/|QtWidgets|QWidget|QApplication' 'the window, the app or widgets'
check ui 'server/|app/|QtHttpServer|QTcpServer' 'the server or the app'

# `#include "../../server/x.h"` names no layer, so the patterns above miss it: resolve every
# quoted include that climbs ("..") against the including file's folder, and check the layer it
# lands in (or that it leaves ROOT).
normalize() { # a path with "." and ".." segments resolved, without touching the file system
    local IFS=/ part out=() lead=""
    [[ $1 == /* ]] && lead=/
    for part in $1; do
        case $part in
        '' | .) ;;
        ..) if [[ ${#out[@]} -gt 0 && ${out[-1]} != .. ]]; then unset 'out[-1]'; elif [[ -z $lead ]]; then out+=(..); fi ;;
        *) out+=("$part") ;;
        esac
    done
    printf '%s%s' "$lead" "${out[*]}"
}
climbs() {
    local layer=$1 forbidden=$2 why=$3
    [[ -d "$root/$layer" ]] || return 0
    local base hits=() hit file rest line text target landed
    base=$(normalize "$root")
    while IFS= read -r hit; do
        file=${hit%%:*}
        rest=${hit#*:}
        line=${rest%%:*}
        text=${rest#*:}
        [[ $text =~ \"([^\"]*)\" ]] || continue
        target=$(normalize "${file%/*}/${BASH_REMATCH[1]}")
        if [[ -z $base && $target != /* && $target != ..* ]]; then
            landed=${target%%/*} # ROOT is "."
        elif [[ -n $base && $target == "$base"/* ]]; then
            landed=${target#"$base"/}
            landed=${landed%%/*}
        else
            landed="(outside $root)"
        fi
        if [[ $landed =~ ^($forbidden)$ || $landed == "(outside"* ]]; then
            hits+=("$file:$line:$text  -> lands in $landed")
        fi
    done < <(grep -rnE --include='*.h' --include='*.cpp' '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]*\.\.' "$root/$layer" || true)
    if [[ ${#hits[@]} -gt 0 ]]; then
        echo "$layer/ must not include $why (through a relative path):"
        printf '%s\n' "${hits[@]}"
        status=1
    fi
}
climbs core 'server|ui|app' 'the server, the window or the app'
climbs server 'ui|app' 'the window or the app'
climbs ui 'server|app' 'the server or the app'
# libgit2 lives in core/repository only (docs/architecture.md): every other folder asks
# RepositoryService.
if [[ -d "$root" ]]; then
    hits=$(grep -rnE --include='*.h' --include='*.cpp' '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]git2' "$root" \
        --exclude-dir=repository --exclude-dir=build --exclude-dir=build-asan --exclude-dir=fixtures || true)
    if [[ -n "$hits" ]]; then
        echo "only core/repository may include libgit2:"
        echo "$hits"
        status=1
    fi
fi
[[ $status -eq 0 ]] && echo "layers: no forbidden include under $root"
exit $status
