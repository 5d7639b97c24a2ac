#!/usr/bin/env bash
# Vendor the page's only third-party code, KaTeX, from the npm registry into web/vendor/katex/.
# The page must work offline and under a same-origin Content-Security-Policy, so nothing loads from a CDN:
# we keep the minified script (a classic script that defines window.katex), its stylesheet, the woff2 fonts
# (every browser the lab targets reads woff2, so the woff/ttf fallbacks are dropped from the CSS) and the licence.
# Usage: scripts/vendor_web.sh [version]     (npm verifies the tarball's integrity against the registry)
set -euo pipefail

VERSION="${1:-0.19.1}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/web/vendor/katex"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "katex@$VERSION" >/dev/null && tar xzf "katex-$VERSION.tgz")
DIST="$WORK/package/dist"

rm -rf "$DEST"
mkdir -p "$DEST/fonts"
cp "$DIST/katex.min.js" "$WORK/package/LICENSE" "$DEST/"
cp "$DIST"/fonts/*.woff2 "$DEST/fonts/"
sed -E 's#,url\(fonts/[^)]+\.woff\) format\("woff"\),url\(fonts/[^)]+\.ttf\) format\("truetype"\)##g' \
  "$DIST/katex.min.css" >"$DEST/katex.min.css"
if grep -q '\.ttf\|\.woff)' "$DEST/katex.min.css"; then
  echo "vendor_web: unexpected font references left in katex.min.css" >&2
  exit 1
fi
echo "katex $VERSION (npm registry, MIT licence)" >"$DEST/VERSION"
echo "vendored KaTeX $VERSION into ${DEST#"$ROOT"/}"
