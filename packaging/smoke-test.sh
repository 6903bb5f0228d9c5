#!/usr/bin/env bash
# Launches the built app image under Xvfb and checks that it opens the demo: the image's own
# launcher runs `screenshots`, which starts the real app, visits every tab and writes PNGs.
# Usage: packaging/smoke-test.sh [--build]   (--build runs packaging/build.sh --no-deb first)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
launcher="$here/target/moescope/bin/moescope"
if [ "${1:-}" = "--build" ] || [ ! -x "$launcher" ]; then
  "$here/build.sh" --no-deb
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
run=("$launcher" screenshots --out "$out/shots")
if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "smoke-test: no DISPLAY and no xvfb-run (apt-get install xvfb)" >&2; exit 1; }
  run=(xvfb-run -a -s "-screen 0 1600x1000x24" "${run[@]}")
fi
echo "smoke-test: ${run[*]}" >&2
# a fresh home so the image proves it runs from its own bundled demo model and corpus
HOME="$out/home" timeout 900 "${run[@]}"
count=$(find "$out/shots" -name '*.png' -size +10k | wc -l)
echo "smoke-test: $count screenshots written by the app image" >&2
ls -la "$out/shots" >&2
[ "$count" -ge 7 ] || { echo "smoke-test: FAILED (expected one PNG per tab plus the steered one)" >&2; exit 1; }
echo "smoke-test: OK" >&2
