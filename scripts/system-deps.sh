#!/usr/bin/env bash
# Debian packages the tests (and the PDF/EPUB build) need; installs only what is missing.
# Run as root on a fresh Debian machine by `make test`; never downloads a browser of its own.
set -euo pipefail
packages=(
  libpango-1.0-0      # WeasyPrint lays out the PDF editions of collections and bulletin issues with Pango
  libpangoft2-1.0-0   # ... and its FreeType/fontconfig backend (fonts: theme/fonts, PT Serif/PT Sans, OFL)
  epubcheck           # tests validate every shape of EPUB edition with the jar this package installs
  default-jre-headless  # runs epubcheck's jar (`java -jar`; the package's wrapper fails in containers) and the Nu HTML Checker's
  npm                 # installs vnu-jar (the Nu HTML Checker, make tools) and Sveltia CMS (the editor at /admin/, make cms) into the git-ignored .tools/
  chromium            # headless browser for search, accessibility and layout tests (driven by Playwright)
  fonts-dejavu-core   # a Cyrillic fallback font for the browser
  fonts-liberation    # Arial's metrics, as most readers have them (Chromium recommends it): layout tests see readers' fonts
)
if (($#)); then packages=("$@"); fi  # `system-deps.sh PKG...`: only these (make site: the build's own)
missing=()
for p in "${packages[@]}"; do
  # npm may come with another Node.js build (e.g. NodeSource's nodejs bundles it): a working command is enough.
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
