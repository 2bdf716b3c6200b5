#!/usr/bin/env bash
# Installs the system tools the test-suite drives, when they are missing.
# Debian packages: zbar-tools (zbarimg, decodes QR codes), librsvg2-bin
# (rsvg-convert, SVG screenshots -> PNG), tmux (drives the real app),
# chromium (headless: a phone submits the Quick Connect form) and
# fonts-dejavu-core (the monospace font SVG screenshots are drawn with).
set -euo pipefail
need=()
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
command -v rsvg-convert >/dev/null 2>&1 || need+=(librsvg2-bin)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || need+=(fonts-dejavu-core)
if ((${#need[@]})); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "test-deps: installing ${need[*]}"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "test-deps: missing ${need[*]} (install them with your package manager)" >&2
    fi
fi
