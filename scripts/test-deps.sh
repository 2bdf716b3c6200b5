#!/usr/bin/env bash
# Installs the system tools the test-suite drives, when they are missing.
# Debian packages: zbar-tools (zbarimg, decodes QR codes), librsvg2-bin
# (rsvg-convert, SVG screenshots -> PNG), tmux (drives the real app).
set -euo pipefail
need=()
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
command -v rsvg-convert >/dev/null 2>&1 || need+=(librsvg2-bin)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
if ((${#need[@]})); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "test-deps: installing ${need[*]}"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "test-deps: missing ${need[*]} (install them with your package manager)" >&2
    fi
fi
