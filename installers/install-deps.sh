#!/usr/bin/env bash
# Installs the Debian 12 packages Pipewright needs to build, test and run. Idempotent: when
# everything is present it prints nothing and changes nothing.
#   installers/install-deps.sh            build + test + run
#   installers/install-deps.sh --bench    also the tools the benchmarks compare against
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config clang-format
    qt6-base-dev qt6-svg-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins libgl-dev
    libqscintilla2-qt6-dev libgit2-dev libssh2-1-dev nlohmann-json3-dev libyaml-cpp-dev libsqlite3-dev
    libsodium-dev qtkeychain-qt6-dev libpcre2-dev
    gnome-keyring dbus-daemon
    xvfb xauth fonts-dejavu-core git tzdata
    bubblewrap python3
    # The tests' SSH remote: a real sshd on loopback (tests/support/sshserver); its service is not
    # needed, only the program.
    openssh-server
)
if [[ "${1:-}" == "--bench" ]]; then
    packages+=(graphviz wrk)
fi

# The OpenAPI document is linted by Redocly CLI (npm) in the tests; Node.js comes from the
# machine, or from Debian when it has none.
if ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
run_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "Installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    run_root apt-get update -qq
    run_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Test tools from npm, at the versions tests/tools/package-lock.json pins: Redocly CLI (lints the
# OpenAPI document) and Ruff's WebAssembly build (lints the generated Airflow code).
tools="$(cd "$(dirname "$0")/../tests/tools" && pwd)"
stale=""
for package in @redocly/cli @astral-sh/ruff-wasm-nodejs; do
    wanted=$(sed -n "s|.*\"$package\": \"\(.*\)\".*|\1|p" "$tools/package.json")
    have=$(sed -n 's/^  "version": "\(.*\)",/\1/p' "$tools/node_modules/$package/package.json" 2>/dev/null || true)
    [[ "$have" == "$wanted" ]] || stale+=" $package@$wanted"
done
if [[ -n "$stale" ]]; then
    echo "Installing test tools:$stale (npm)"
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
