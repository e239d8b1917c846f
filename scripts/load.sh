#!/usr/bin/env bash
# The end-to-end load driver (perf/ParcelStream.LoadDriver), run as the container image runs the worker: with jemalloc
# preloaded. Installs Debian's libjemalloc2 when missing (as root; quiet, idempotent) and falls back to glibc's malloc,
# saying so, when it cannot. Arguments go to the driver: scripts/load.sh --messages 1000000 --out /tmp/e2e.md
set -euo pipefail
cd "$(dirname "$0")/.."
find_jemalloc() {
  for dir in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib; do
    if [ -e "$dir/libjemalloc.so.2" ]; then echo "$dir/libjemalloc.so.2"; return; fi
  done
}
jemalloc=$(find_jemalloc)
if [ -z "$jemalloc" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends libjemalloc2 >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends libjemalloc2 >/dev/null; } || true
  jemalloc=$(find_jemalloc)
fi
scripts/setup.sh
dotnet build perf/ParcelStream.LoadDriver -c Release --verbosity quiet -clp:NoSummary
driver=perf/ParcelStream.LoadDriver/bin/Release/net10.0/ParcelStream.LoadDriver.dll
if [ -n "$jemalloc" ]; then
  LD_PRELOAD="$jemalloc" exec dotnet "$driver" "$@"
fi
echo "load: libjemalloc2 not available; running on glibc's malloc (slower worker, see docs/architecture.md)" >&2
exec dotnet "$driver" "$@"
