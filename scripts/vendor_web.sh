#!/usr/bin/env bash
# Vendor the pages' only third-party code from the npm registry into web/vendor/:
#   * KaTeX (web/vendor/katex/): the lab's formulas.
#   * Swagger UI (web/vendor/swagger-ui/): the /docs page, server/docs.py.
# The pages must work offline and under a same-origin Content-Security-Policy, so nothing loads from a CDN.
# Usage: scripts/vendor_web.sh [katex-version] [swagger-ui-version]   (npm verifies each tarball against the registry)
set -euo pipefail

KATEX_VERSION="${1:-0.19.1}"
SWAGGER_UI_VERSION="${2:-5.35.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# unpack NAME VERSION: fetch the npm tarball and unpack it into $WORK/NAME/package.
unpack() {
  mkdir -p "$WORK/$1"
  (cd "$WORK/$1" && npm pack --silent "$1@$2" >/dev/null && tar xzf "$1-$2.tgz")
}

# KaTeX: the minified script (a classic script that defines window.katex), its stylesheet, the woff2 fonts (every
# browser the lab targets reads woff2, so the woff/ttf fallbacks are dropped from the CSS) and the licence.
vendor_katex() {
  local dest="$ROOT/web/vendor/katex" dist="$WORK/katex/package/dist"
  unpack katex "$KATEX_VERSION"
  rm -rf "$dest"
  mkdir -p "$dest/fonts"
  cp "$dist/katex.min.js" "$WORK/katex/package/LICENSE" "$dest/"
  cp "$dist"/fonts/*.woff2 "$dest/fonts/"
  sed -E 's#,url\(fonts/[^)]+\.woff\) format\("woff"\),url\(fonts/[^)]+\.ttf\) format\("truetype"\)##g' \
    "$dist/katex.min.css" >"$dest/katex.min.css"
  if grep -q '\.ttf\|\.woff)' "$dest/katex.min.css"; then
    echo "vendor_web: unexpected font references left in katex.min.css" >&2
    exit 1
  fi
  echo "katex $KATEX_VERSION (npm registry, MIT licence)" >"$dest/VERSION"
  echo "vendored KaTeX $KATEX_VERSION into ${dest#"$ROOT"/}"
}

# Swagger UI: the self-contained bundle (a classic script that defines window.SwaggerUIBundle), its stylesheet
# (without the source-map comment: the map is not shipped), the Apache-2.0 licence and NOTICE, and the bundle's
# list of third-party licences. The page and its start-up script live in server/docs.py (no inline script: CSP).
vendor_swagger_ui() {
  local dest="$ROOT/web/vendor/swagger-ui" package="$WORK/swagger-ui-dist/package"
  unpack swagger-ui-dist "$SWAGGER_UI_VERSION"
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$package/swagger-ui-bundle.js" "$package/swagger-ui-bundle.js.LICENSE.txt" "$package/LICENSE" \
    "$package/NOTICE" "$dest/"
  sed '/sourceMappingURL=/d' "$package/swagger-ui.css" >"$dest/swagger-ui.css"
  if grep -q 'sourceMappingURL=' "$dest/swagger-ui-bundle.js" "$dest/swagger-ui.css"; then
    echo "vendor_web: a source-map reference is left in the Swagger UI files" >&2
    exit 1
  fi
  echo "swagger-ui-dist $SWAGGER_UI_VERSION (npm registry, Apache-2.0 licence)" >"$dest/VERSION"
  echo "vendored Swagger UI $SWAGGER_UI_VERSION into ${dest#"$ROOT"/}"
}

vendor_katex
vendor_swagger_ui
