#!/usr/bin/env bash
# Builds a FlumeNet release laid out as Flume's distribution, into artifacts/release/ (or $FLUMENET_RELEASE_OUT):
#   flumenet-<version>-linux-x64.tar.gz   bin/flume-ng (launcher), lib/native/ (NativeAOT program + librdkafka),
#                                         lib/jit/ (framework build, for plugins), conf/, docs/, LICENSE
#   flumenet_<version>_amd64.deb          /usr/lib/flumenet, /etc/flumenet, /usr/bin/flume-ng,
#                                         /lib/systemd/system/flume-ng@.service
# Options: --no-jit (ship only the native program), --no-deb, --native-dir DIR / --jit-dir DIR (reuse a publish).
# Takes minutes (the AOT compile); fails when the AOT publish reports any warning, so a new trim/AOT problem is seen.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
out="${FLUMENET_RELEASE_OUT:-$root/artifacts/release}"
jit=1 deb=1 native_dir="" jit_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-jit) jit=0 ;;
    --no-deb) deb=0 ;;
    --native-dir) native_dir="$2"; shift ;;
    --jit-dir) jit_dir="$2"; shift ;;
    *) echo "usage: $0 [--no-jit] [--no-deb] [--native-dir DIR] [--jit-dir DIR]" >&2; exit 2 ;;
  esac
  shift
done

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/src/Agent/Agent.csproj" | head -1)"
commit="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
name="flumenet-$version-linux-x64"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

publish() { # kind dir args...
  local kind="$1" dir="$2"; shift 2
  echo "release: publishing the $kind build ($commit)..." >&2
  if ! dotnet publish "$root/src/Agent/Agent.csproj" -c Release -r linux-x64 --nologo -tl:off -o "$dir" "$@" >"$work/$kind.log" 2>&1; then
    cat "$work/$kind.log" >&2; exit 1
  fi
  # The three packages whose warnings were read and judged safe (src/Agent/Agent.csproj says why); anything else fails.
  local known="warning IL(2104|3053): Assembly '(Avro|Newtonsoft\.Json|Confluent\.Kafka)' produced"
  if grep -E 'warning [A-Z]+[0-9]+' "$work/$kind.log" | grep -Ev "$known" | sort -u | grep . >&2; then
    echo "release: the $kind publish reported warnings (above); fix or suppress each with a reason in src/Agent/Agent.csproj" >&2
    exit 1
  fi
}

if [ -z "$native_dir" ]; then
  native_dir="$work/native"
  publish native "$native_dir" -p:PublishAot=true
fi
if [ "$jit" = 1 ] && [ -z "$jit_dir" ]; then
  jit_dir="$work/jit"
  publish jit "$jit_dir" --self-contained false
fi

# The tarball's tree, as Flume's: bin/ conf/ docs/ lib/ LICENSE.
stage="$work/stage/$name"
mkdir -p "$stage/bin" "$stage/lib/native" "$stage/conf" "$stage/docs" "$stage/plugins.d"
install -m 755 "$root/bin/flume-ng" "$stage/bin/flume-ng"
install -m 755 "$native_dir/flume-ng" "$stage/lib/native/flume-ng"
# Native libraries the program loads at run time (librdkafka for Kafka), next to it.
find "$native_dir" -maxdepth 1 -name '*.so*' -exec install -m 644 {} "$stage/lib/native/" \;
if [ "$jit" = 1 ]; then
  mkdir -p "$stage/lib/jit"
  (cd "$jit_dir" && find . -type f ! -name '*.pdb' ! -name '*.dbg' ! -name 'flume-ng' -print0 | xargs -0 -I{} install -D -m 644 {} "$stage/lib/jit/{}")
fi
install -m 644 "$root/conf/flume-conf.properties.template" "$root/conf/flume-env.sh.template" "$root/conf/nlog.config" "$stage/conf/"
install -m 644 "$root/README.md" "$stage/docs/README.md"
install -m 644 "$root"/docs/*.md "$stage/docs/"
install -m 644 "$root/packaging/systemd/flume-ng@.service" "$stage/docs/flume-ng@.service"
if [ -f "$root/LICENSE" ]; then
  install -m 644 "$root/LICENSE" "$stage/LICENSE"
else
  # The project has not chosen its license yet; the release says so rather than inventing one.
  printf 'FlumeNet %s (%s)\n\nThe FlumeNet project has not published a license yet; until it does, all rights are reserved by its authors.\n\nThird-party components shipped in lib/ keep their own licenses:\n' "$version" "$commit" >"$stage/LICENSE"
  printf '  %s\n' ".NET runtime and libraries (MIT)" "Apache.Avro (Apache-2.0)" "Newtonsoft.Json (MIT)" "NLog (BSD-3-Clause)" \
    "Confluent.Kafka (Apache-2.0), librdkafka (BSD-2-Clause)" "ApacheThrift (Apache-2.0)" "Google.Protobuf (BSD-3-Clause)" \
    "K4os.Compression.LZ4 (MIT)" "Snappier (BSD-3-Clause)" "SharpZipLib (MIT)" >>"$stage/LICENSE"
fi
echo "$version $commit" >"$stage/lib/RELEASE"

tarball="$out/$name.tar.gz"
tar -C "$work/stage" --owner=0 --group=0 --numeric-owner --sort=name -czf "$tarball" "$name"
echo "release: $tarball ($(du -h "$tarball" | cut -f1))" >&2

if [ "$deb" = 1 ]; then
  d="$work/deb"
  mkdir -p "$d/DEBIAN" "$d/usr/lib/flumenet" "$d/etc/flumenet" "$d/usr/bin" "$d/lib/systemd/system" "$d/usr/share/doc/flumenet"
  cp -a "$stage/bin" "$stage/lib" "$stage/plugins.d" "$d/usr/lib/flumenet/"
  cp -a "$stage/conf/." "$d/etc/flumenet/"
  # Flume's default conf folder is $FLUME_HOME/conf.
  ln -s /etc/flumenet "$d/usr/lib/flumenet/conf"
  ln -s ../lib/flumenet/bin/flume-ng "$d/usr/bin/flume-ng"
  install -m 644 "$root/packaging/systemd/flume-ng@.service" "$d/lib/systemd/system/flume-ng@.service"
  cp -a "$stage/docs/." "$d/usr/share/doc/flumenet/"
  install -m 644 "$stage/LICENSE" "$d/usr/share/doc/flumenet/copyright"
  (cd "$d" && find etc -type f | sed 's:^:/:' | sort) >"$d/DEBIAN/conffiles"
  size="$(du -sk --exclude=DEBIAN "$d" | cut -f1)"
  sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$root/packaging/deb/control" >"$d/DEBIAN/control"
  install -m 755 "$root/packaging/deb/postinst" "$root/packaging/deb/prerm" "$root/packaging/deb/postrm" "$d/DEBIAN/"
  deb_file="$out/flumenet_${version}_amd64.deb"
  dpkg-deb --root-owner-group -Zgzip --build "$d" "$deb_file" >/dev/null
  echo "release: $deb_file ($(du -h "$deb_file" | cut -f1))" >&2
fi
