#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package (issue 7.6): built through the build's own `deb` target, unpacked with dpkg -x
# into a temporary root, it holds the GUI, the CLI, a desktop entry, the icon in the usual sizes and
# AppStream metainfo; and both programs run from there (the CLI's --version, the GUI's offscreen
# self-check). Usage: deb_test.sh BUILD_DIR
set -euo pipefail
build=$1
fail() { echo "deb_test: $*" >&2; exit 1; }

cmake --build "$build" --target deb > "$build/deb_test.log" 2>&1 || { cat "$build/deb_test.log" >&2; fail "the deb target failed"; }
deb=$(ls -t "$build"/benchside_*_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no benchside_*.deb in $build"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"

for f in usr/bin/benchside usr/bin/benchside-cli usr/share/applications/benchside.desktop \
         usr/share/metainfo/org.benchside.Benchside.metainfo.xml usr/share/doc/benchside/copyright \
         usr/share/doc/benchside/changelog.gz; do
    [ -e "$root/$f" ] || fail "the package lacks /$f"
done
for size in 16 22 24 32 48 64 128 256 512; do
    icon="$root/usr/share/icons/hicolor/${size}x${size}/apps/benchside.png"
    [ -s "$icon" ] || fail "the package lacks the ${size}x${size} icon"
    file "$icon" 2>/dev/null | grep -q "${size} x ${size}" || ! command -v file >/dev/null || fail "$icon is not ${size}x${size}"
done
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libqt6sql6-sqlite libqt6sql6-psql libqt6widgets6 libzxing libsodium; do
    [[ $depends == *"$dep"* ]] || fail "Depends lacks $dep: $depends"
done
# Stripped: a package of debug information would be ten times the size.
size_kb=$(dpkg-deb -f "$deb" Installed-Size)
[ "$size_kb" -lt 60000 ] || fail "installed size ${size_kb} kB: are the binaries stripped?"

# The licence the package carries (issue 22.4): machine-readable, GPL-3+ for Benchside itself, and
# each library the programs link, but the C and C++ runtimes, named with its licence.
copyright="$root/usr/share/doc/benchside/copyright"
head -1 "$copyright" | grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' \
    || fail "the copyright file is not in Debian's machine-readable format"
linked=$(readelf -d "$root/usr/bin/benchside" "$root/usr/bin/benchside-cli" | sed -nE 's/.*\(NEEDED\).*\[(.*)\]/\1/p' \
    | grep -vE '^(libc|libm|libstdc\+\+|libgcc_s|ld-linux.*)\.so' | sort -u)
[ -n "$linked" ] || fail "readelf found no libraries in the programs"
for lib in $linked; do
    grep -q "^Files:.*$lib\|^ .*$lib" "$copyright" || fail "the copyright file does not name $lib, which the programs link"
done
changelog_version=$(zcat "$root/usr/share/doc/benchside/changelog.gz" | sed -nE '1s/^benchside \(([^)]*)\).*/\1/p')
[ "$changelog_version" = "$(dpkg-deb -f "$deb" Version)" ] \
    || fail "the changelog's latest entry is \"$changelog_version\", the package $(dpkg-deb -f "$deb" Version)"
if command -v lintian >/dev/null; then
    lintian --tag-display-limit 0 "$deb" > "$build/lintian.log" 2>&1 || true
    ! grep -q '^E:' "$build/lintian.log" || { cat "$build/lintian.log" >&2; fail "lintian reports errors"; }
fi

desktop-file-validate "$root/usr/share/applications/benchside.desktop" || fail "the desktop entry is not valid"
appstreamcli validate --no-net "$root/usr/share/metainfo/org.benchside.Benchside.metainfo.xml" \
    || fail "the AppStream metainfo is not valid"

export HOME="$root/home" XDG_CONFIG_HOME="$root/home/.config" XDG_DATA_HOME="$root/home/.local/share"
version=$("$root/usr/bin/benchside-cli" --version)
[[ $version == *"$(dpkg-deb -f "$deb" Version)"* ]] || fail "benchside-cli --version printed \"$version\""
check=$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/benchside" --self-check 2>/dev/null) || fail "the self-check failed: $check"
[[ $check == *"self-check: ok"* ]] || fail "the self-check printed \"$check\""
echo "deb_test: $(basename "$deb"), ${size_kb} kB installed; $version; $check"
