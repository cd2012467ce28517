#!/usr/bin/env bash
# Assembles an arm64 Node.js (Debian's nodejs 18 for arm64) in a git-ignored folder, to run
# the arm64 Lambda package under qemu-aarch64 on an x86_64 machine. The host's own Node is
# not touched: the .deb files are downloaded with `apt-get download` and unpacked with
# `dpkg -x`, never installed.
#
# Why Node 18 when Lambda runs 22: Debian bookworm ships only 18 for arm64, and hnswlib-node
# uses N-API, whose ABI is stable across Node versions, so the addon that loads here loads
# on nodejs22.x too.
#
# Needs: qemu-user (to run it), and apt sources for arm64 (`dpkg --add-architecture arm64 &&
# apt-get update`, as root; .ci/run does it). Idempotent: a complete folder is reused.
#
# Usage: scripts/assemble-arm64-node.sh [folder]   (default: .data/arm64-node)
# Prints the folder on success. Exit 3 when a prerequisite is missing, with the reason on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="${1:-.data/arm64-node}"
ROOT="$(mkdir -p "$ROOT" && cd "$ROOT" && pwd)"
SYSROOT="$ROOT/sysroot"
STAMP="$ROOT/.complete"

# The arm64 packages Debian's nodejs needs at run time (its Depends, resolved by hand once:
# `apt-cache depends nodejs:arm64 libnode108:arm64`), plus three arch-independent JS packages
# Debian's Node loads from /usr/share/nodejs.
ARM64_PACKAGES=(nodejs libnode108 libuv1 libicu72 libssl3 libc-ares2 libnghttp2-14 libbrotli1 zlib1g libstdc++6 libgcc-s1 libc6)
ALL_PACKAGES=(node-cjs-module-lexer node-acorn node-undici)

if [ -f "$STAMP" ] && [ -x "$SYSROOT/usr/bin/node" ]; then
  echo "$ROOT"
  exit 0
fi
if ! command -v qemu-aarch64 >/dev/null; then
  echo "qemu-aarch64 not found: install Debian's qemu-user" >&2
  exit 3
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64 || ! apt-cache show nodejs:arm64 >/dev/null 2>&1; then
  echo "no arm64 apt sources: run (as root) dpkg --add-architecture arm64 && apt-get update" >&2
  exit 3
fi

rm -rf "$ROOT/debs" "$SYSROOT" "$STAMP"
mkdir -p "$ROOT/debs" "$SYSROOT"
names=()
for p in "${ARM64_PACKAGES[@]}"; do names+=("$p:arm64"); done
names+=("${ALL_PACKAGES[@]}")
(cd "$ROOT/debs" && apt-get download -qq "${names[@]}") >&2
for deb in "$ROOT"/debs/*.deb; do dpkg -x "$deb" "$SYSROOT"; done
rm -rf "$ROOT/debs"

# Smoke check before declaring the folder complete.
version="$("$(dirname "$0")/run-arm64-node.sh" -e 'process.stdout.write(process.version + " " + process.arch)')"
case "$version" in
  *" arm64") echo "arm64 Node $version assembled in $SYSROOT" >&2 ;;
  *) echo "assembled Node did not report arm64: $version" >&2; exit 1 ;;
esac
touch "$STAMP"
echo "$ROOT"
