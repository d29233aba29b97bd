#!/usr/bin/env bash
# Ensure Debian's Chromium and its WebDriver (/usr/bin/chromium, /usr/bin/chromedriver) for
# tests/test_browser.py. Idempotent: exits 0 at once if both are there (and of the same
# major version). Otherwise installs the Debian packages with apt-get, as root or through
# passwordless sudo; if neither is possible, prints the command to run and exits 1.
# Only Debian's archive is used: nothing is downloaded from a browser vendor.
set -euo pipefail

PACKAGES=(chromium chromium-driver)
CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver
INSTALL=(apt-get install -y --no-install-recommends "${PACKAGES[@]}")

major() { # "Chromium 156.0.8078.108 built on ..." -> 156
    "$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9.]+' | head -n1 | cut -d. -f1
}

ready() {
    [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ] || return 1
    local browser driver
    browser=$(major "$CHROMIUM") driver=$(major "$CHROMEDRIVER")
    if [ -z "$browser" ] || [ "$browser" != "$driver" ]; then
        echo "chromium ($browser) and chromedriver ($driver) differ in major version" >&2
        return 1
    fi
}

if ready; then
    exit 0
fi

if [ "$(id -u)" = 0 ]; then
    as_root() { "$@"; }
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root() { sudo -n "$@"; }
else
    echo "Chromium for the browser test is missing or mismatched. Install it, then run make again:" >&2
    echo "  sudo apt-get update && sudo ${INSTALL[*]}" >&2
    exit 1
fi

echo "installing Chromium: ${INSTALL[*]}"
as_root apt-get update -q
as_root env DEBIAN_FRONTEND=noninteractive "${INSTALL[@]}"

if ! ready; then
    echo "apt-get finished, but $CHROMIUM or $CHROMEDRIVER is still missing or mismatched" >&2
    exit 1
fi
