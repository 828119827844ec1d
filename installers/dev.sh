#!/usr/bin/env bash
# The two quick-start commands.
#   installers/dev.sh run [pipewright options]   install what is missing, build, open the IDE
#   installers/dev.sh test                       install what is missing, build, run every test
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=2

configure_and_build() {
    local dir=$1; shift
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
    cmake --build "$dir" -j"$jobs"
}

case "${1:-}" in
run)
    shift
    installers/install-deps.sh
    configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
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
