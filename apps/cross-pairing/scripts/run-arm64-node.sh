#!/usr/bin/env bash
# Runs the arm64 Node assembled by assemble-arm64-node.sh under qemu-aarch64 (user-mode
# emulation): `scripts/run-arm64-node.sh script.js args...` behaves like `node script.js args...`.
# -L makes qemu look up the dynamic loader and libraries in the unpacked Debian root;
# LD_LIBRARY_PATH points at its library folders. ARM64_NODE_DIR overrides the folder.
set -euo pipefail
APP_DIR="$(cd "$(dirname "$0")/.." && pwd)"
SYSROOT="${ARM64_NODE_DIR:-$APP_DIR/.data/arm64-node}/sysroot"
if [ ! -x "$SYSROOT/usr/bin/node" ]; then
  echo "no arm64 Node in $SYSROOT: run scripts/assemble-arm64-node.sh first" >&2
  exit 3
fi
exec qemu-aarch64 -L "$SYSROOT" \
  -E "LD_LIBRARY_PATH=$SYSROOT/usr/lib/aarch64-linux-gnu:$SYSROOT/lib/aarch64-linux-gnu" \
  "$SYSROOT/usr/bin/node" "$@"
