#!/usr/bin/env bash
# Launches the built app image under Xvfb and checks that it opens the demo: the image's own
# launcher runs `screenshots`, which starts the real app, visits every tab and writes PNGs.
# Usage: packaging/smoke-test.sh [--build] [--fresh-home]
#   --build       run packaging/build.sh --no-deb first
#   --fresh-home  run with an empty HOME: proves the image needs nothing outside itself (slower: libtorch is
#                 unpacked again and the demo routing is collected from scratch)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
launcher="$here/target/moescope/bin/moescope"
build=false; fresh_home=false
for a in "$@"; do
  case "$a" in
    --build) build=true ;;
    --fresh-home) fresh_home=true ;;
    *) echo "unknown option: $a" >&2; exit 2 ;;
  esac
done
if $build || [ ! -x "$launcher" ]; then
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
if $fresh_home; then
  HOME="$out/home" timeout 1800 "${run[@]}"
else
  timeout 1800 "${run[@]}"
fi
count=$(find "$out/shots" -name '*.png' -size +10k | wc -l)
echo "smoke-test: $count screenshots written by the app image" >&2
ls -la "$out/shots" >&2
[ "$count" -ge 7 ] || { echo "smoke-test: FAILED (expected one PNG per tab plus the steered one)" >&2; exit 1; }
echo "smoke-test: OK" >&2
