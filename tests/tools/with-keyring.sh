#!/bin/sh
# Runs a command inside a D-Bus session of its own with an unlocked GNOME keyring (a Secret
# Service the test owns), keeping the keyring's files in a temporary folder, never the user's.
set -eu
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_DATA_HOME/keyrings" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# A login keyring stored without a password (GNOME Keyring's plain format), so nothing prompts.
cat > "$XDG_DATA_HOME/keyrings/login.keyring" <<'KEYRING'
[keyring]
display-name=login
ctime=0
mtime=0
lock-on-idle=false
lock-after=false
KEYRING
echo login > "$XDG_DATA_HOME/keyrings/default"
dbus-run-session -- sh -c '
    eval "$(printf "" | gnome-keyring-daemon --unlock --components=secrets | sed "s/^/export /")"
    exec "$@"' sh "$@"
