#!/usr/bin/env bash
# Cross-compiles hnswlib-node's native addon for Lambda's arm64 (linux-arm64-gnu) on any
# Debian x86_64 machine, with Debian's g++-aarch64-linux-gnu. This is what the article
# tells a team to do about native dependencies: compile them for Lambda's environment.
#
# Sources: the installed hnswlib-node (its binding.gyp and src/, same version as the
# x86_64 build npm made) and node-addon-api, copied into a scratch folder so the
# installed package is never rebuilt. Headers: --nodedir=/usr (the host's Node headers;
# N-API is ABI-stable, so no download and no version match is needed).
#
# Output: .data/native/linux-arm64-gnu/hnswlib-node/addon.node (git-ignored), reused while
# the installed hnswlib-node version and this script are unchanged.
# When the cross compiler is missing (apt: g++-aarch64-linux-gnu): exit 3 with the reason on
# stderr, or, with --optional (the turbo task), print the reason and exit 0, so a machine
# without it still builds and tests everything else (the qemu test then skips, saying why).
set -euo pipefail
OPTIONAL=0
[ "${1:-}" = "--optional" ] && OPTIONAL=1
APP_DIR="$(cd "$(dirname "$0")/.." && pwd)"
OUT_DIR="$APP_DIR/.data/native/linux-arm64-gnu/hnswlib-node"
OUT="$OUT_DIR/addon.node"

resolve() { node -e "process.stdout.write(require('path').dirname(require.resolve(process.argv[1] + '/package.json', { paths: [process.argv[2]] })))" "$1" "$2"; }
HNSW_DIR="$(resolve hnswlib-node "$APP_DIR")"
ADDON_API_DIR="$(resolve node-addon-api "$HNSW_DIR")"
HNSW_VERSION="$(node -p "require('$HNSW_DIR/package.json').version")"
KEY="hnswlib-node@$HNSW_VERSION $(sha256sum "$0" | cut -c1-16)"

if [ -f "$OUT" ] && [ "$(cat "$OUT_DIR/build-key" 2>/dev/null)" = "$KEY" ]; then
  echo "arm64 addon up to date: $OUT" >&2
  exit 0
fi
for tool in aarch64-linux-gnu-gcc aarch64-linux-gnu-g++ aarch64-linux-gnu-ar; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not found: install Debian's g++-aarch64-linux-gnu to build the arm64 addon" >&2
    if [ "$OPTIONAL" = 1 ]; then echo "arm64 addon skipped" >&2; exit 0; fi
    exit 3
  fi
done
# npm ships node-gyp; use the one next to the npm that runs this machine.
NODE_GYP="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
[ -f "$NODE_GYP" ] || NODE_GYP="$(command -v node-gyp)"

SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
cp -r "$HNSW_DIR/binding.gyp" "$HNSW_DIR/src" "$HNSW_DIR/package.json" "$SCRATCH/"
mkdir -p "$SCRATCH/node_modules"
cp -r "$ADDON_API_DIR" "$SCRATCH/node_modules/node-addon-api"

started=$(date +%s)
# The compiler's warnings come from hnswlib's own sources: kept in a log, shown on failure.
if ! (
  cd "$SCRATCH"
  CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ AR=aarch64-linux-gnu-ar \
    node "$NODE_GYP" rebuild --arch=arm64 --nodedir=/usr --jobs=1 --loglevel=warn
) >"$SCRATCH/build.log" 2>&1; then
  tail -40 "$SCRATCH/build.log" >&2
  echo "node-gyp failed to cross-compile hnswlib-node for arm64" >&2
  exit 1
fi
file_type="$(od -An -tx1 -j18 -N2 "$SCRATCH/build/Release/addon.node" | tr -d ' ')"
if [ "$file_type" != "b700" ]; then # e_machine 0xb7 = EM_AARCH64
  echo "the cross-compiled addon is not aarch64 (e_machine $file_type)" >&2
  exit 1
fi
mkdir -p "$OUT_DIR"
cp "$SCRATCH/build/Release/addon.node" "$OUT"
echo "$KEY" > "$OUT_DIR/build-key"
echo "arm64 addon built in $(( $(date +%s) - started )) s: $OUT" >&2
