#!/usr/bin/env bash
# Debian packages the tests (and the PDF/EPUB build) need; installs only what is missing.
# Run as root on a fresh Debian machine by `make test`; never downloads a browser of its own.
set -euo pipefail
packages=(
  chromium            # headless browser for search, accessibility and layout tests (driven by Playwright)
  fonts-dejavu-core   # a Cyrillic fallback font for the browser
)
missing=()
for p in "${packages[@]}"; do
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
