#!/usr/bin/env bash
# Builds the moescope installers into packaging/target/:
#   packaging/target/moescope/            jpackage app image (launcher: bin/moescope), JavaFX linked in
#   packaging/target/moescope_*.deb       Debian package (desktop entry + icon), when dpkg-deb/fakeroot exist
# Usage: packaging/build.sh [--skip-maven] [--no-deb]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$here/target"
skip_maven=false; want_deb=true
for a in "$@"; do
  case "$a" in
    --skip-maven) skip_maven=true ;;
    --no-deb) want_deb=false ;;
    *) echo "unknown option: $a" >&2; exit 2 ;;
  esac
done
version="0.1.0"

if ! $skip_maven; then
  offline=""; [ -d "$HOME/.m2/repository/ai/djl" ] && offline="-o"
  (cd "$root" && mvn -B -q $offline install -DskipTests -pl app -am)
fi
lib="$root/app/target/lib"
appjar="$root/app/target/app-0.1.0-SNAPSHOT.jar"
[ -f "$appjar" ] || { echo "missing $appjar: build failed?" >&2; exit 1; }

rm -rf "$out"; mkdir -p "$out/input" "$out/fxmods"
# JavaFX goes into the runtime image as modules (the platform jars carry the natives);
# everything else is plain classpath input.
for j in "$lib"/*.jar; do
  b=$(basename "$j")
  case "$b" in
    javafx-*-linux.jar) cp "$j" "$out/fxmods/" ;;
    javafx-*.jar) ;;   # empty placeholder jars without platform classifier
    *) cp "$j" "$out/input/" ;;
  esac
done
cp "$appjar" "$out/input/moescope-app.jar"

echo "jlink: runtime with JavaFX modules" >&2
jlink --module-path "$out/fxmods" \
  --add-modules java.base,java.desktop,java.sql,java.logging,java.naming,java.management,java.xml,java.prefs,java.scripting,jdk.unsupported,jdk.management,jdk.crypto.ec,jdk.zipfs,jdk.jfr,javafx.base,javafx.graphics,javafx.controls,javafx.swing \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/runtime"

# In the linked runtime JavaFX is a set of named modules; ControlsFX (on the class path) reaches into
# their internals, which the class-path setup of ./moescope allows implicitly. bench-ui reads rendered
# frames from com.sun.javafx.perf.
fx_access=(
  --add-exports=javafx.graphics/com.sun.javafx.perf=ALL-UNNAMED
  --add-exports=javafx.base/com.sun.javafx.event=ALL-UNNAMED
  --add-exports=javafx.base/com.sun.javafx.collections=ALL-UNNAMED
  --add-exports=javafx.base/com.sun.javafx.runtime=ALL-UNNAMED
  --add-exports=javafx.graphics/com.sun.javafx.scene=ALL-UNNAMED
  --add-exports=javafx.graphics/com.sun.javafx.scene.traversal=ALL-UNNAMED
  --add-exports=javafx.graphics/com.sun.javafx.css=ALL-UNNAMED
  --add-exports=javafx.graphics/com.sun.javafx.stage=ALL-UNNAMED
  --add-exports=javafx.controls/com.sun.javafx.scene.control=ALL-UNNAMED
  --add-exports=javafx.controls/com.sun.javafx.scene.control.behavior=ALL-UNNAMED
  --add-exports=javafx.controls/com.sun.javafx.scene.control.inputmap=ALL-UNNAMED
  --add-opens=javafx.controls/javafx.scene.control.skin=ALL-UNNAMED
  --add-opens=javafx.graphics/javafx.scene=ALL-UNNAMED
)
echo "jpackage: app image" >&2
jpackage --type app-image --name moescope --app-version "$version" \
  --vendor "moescope" --description "Explorer for routing in Mixture-of-Experts language models" \
  --input "$out/input" --main-jar moescope-app.jar --main-class dev.moescope.app.Main \
  --runtime-image "$out/runtime" --icon "$here/src/linux/moescope.png" \
  --java-options '-Xmx4g -XX:MaxDirectMemorySize=1024g -DDJL_OFFLINE=true -Dai.djl.offline=true -DRUST_FLAVOR=cpu' \
  $(for x in "${fx_access[@]}"; do printf -- "--java-options %s " "$x"; done) \
  --dest "$out"

# The native launcher cannot set environment variables; libtorch's OpenMP reads OMP_WAIT_POLICY when it
# loads (spinning waits made the forward pass ~15x slower on a busy machine) and DJL reads DJL_OFFLINE.
# So bin/moescope becomes a small script around the jpackage launcher (renamed with its .cfg).
img="$out/moescope"
mv "$img/bin/moescope" "$img/bin/moescope-launcher"
mv "$img/lib/app/moescope.cfg" "$img/lib/app/moescope-launcher.cfg"
cat > "$img/bin/moescope" <<'SH'
#!/bin/sh
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export DJL_OFFLINE="${DJL_OFFLINE:-true}"
export RUST_FLAVOR="${RUST_FLAVOR:-cpu}"
exec "$(dirname "$(readlink -f "$0")")/moescope-launcher" "$@"
SH
chmod +x "$img/bin/moescope"

if $want_deb && command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
  echo "jpackage: .deb" >&2
  jpackage --type deb --app-image "$out/moescope" --name moescope --app-version "$version" \
    --vendor "moescope" --description "Explorer for routing in Mixture-of-Experts language models" \
    --license-file "$root/LICENSE" --icon "$here/src/linux/moescope.png" \
    --linux-shortcut --linux-menu-group "Science;Education" --linux-app-category science \
    --linux-deb-maintainer "moescope developers <dev@moescope.invalid>" \
    --dest "$out"
fi
rm -rf "$out/input" "$out/fxmods" "$out/runtime"
echo "built: $out/moescope (launcher bin/moescope)" >&2
ls "$out" >&2
