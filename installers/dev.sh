#!/usr/bin/env bash
# The two quick-start commands.
#   installers/dev.sh run [pipewright options]   install what is missing, build, open the IDE
#   installers/dev.sh test                       install what is missing, build, run every test
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=2

# configure_and_build DIR [cmake options] [--target T]
configure_and_build() {
    local dir=$1; shift
    local options=() target=()
    while [[ $# -gt 0 ]]; do
        if [[ $1 == --target ]]; then target=(--target "$2"); shift 2; else options+=("$1"); shift; fi
    done
    cmake -S . -B "$dir" -G Ninja "${options[@]}" >/dev/null
    cmake --build "$dir" -j"$jobs" "${target[@]}"
}

case "${1:-}" in
run)
    shift
    installers/install-deps.sh
    # Only what runs: the executable, not the tests and benchmarks.
    configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo --target pipewright
    # Qt wants a private runtime directory; root shells (and containers) often have none.
    if [[ -z "${XDG_RUNTIME_DIR:-}" ]]; then
        export XDG_RUNTIME_DIR="/tmp/runtime-$(id -u)"
        mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    fi
    if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
        echo "No display found: running under Xvfb. The API is still reachable on 127.0.0.1." >&2
        exec xvfb-run -a build/app/pipewright "$@"
    fi
    exec build/app/pipewright "$@"
    ;;
test)
    installers/install-deps.sh
    export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
    configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPW_WERROR=ON
    status=0
    (cd build && ctest --output-on-failure -j"$jobs") || status=1

    echo
    echo "== core, server and app tests under AddressSanitizer + UndefinedBehaviorSanitizer =="
    configure_and_build build-asan -DCMAKE_BUILD_TYPE=Debug -DPW_SANITIZE=ON -DPW_WERROR=ON \
        -DPW_BUILD_UI=OFF -DPW_BUILD_BENCHMARKS=OFF
    export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    (cd build-asan && ctest --output-on-failure -j"$jobs" -L 'core|server|app') || status=1
    exit $status
    ;;
*)
    echo "usage: installers/dev.sh run [pipewright options] | installers/dev.sh test" >&2
    exit 2
    ;;
esac
