#!/usr/bin/env bash
# Replay throughput on 10 million manifests (perf/results/replay-2026-11-23.md): builds the host, writes the two
# histories once (null codec and deflate, seed 11) and runs each configuration one after the other, printing the load
# average before each run, the replay's own rate line and CPU user/system seconds, wall seconds and maximum RSS.
# Usage: scripts/replay-throughput.sh [WORKDIR] [base|out|threads|all]   (WORKDIR default /tmp/replay-10m, needs ~6 GB)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/replay-10m}
what=${2:-all}
count=${COUNT:-10000000}
mkdir -p "$work" "$work/empty-pack"
dotnet build "$repo/src/ParcelStream.Host/ParcelStream.Host.csproj" -c Release -v q -nologo >/dev/null
host="$repo/src/ParcelStream.Host/bin/Release/net10.0/parcelstream.dll"
# The empty pack measures reading, decoding, counting and ordering without rule work.
printf 'version: "empty"\nname: no rules (replay overhead)\n' > "$work/empty-pack/pack.yaml"
for codec in null deflate; do
  [[ -s "$work/h10m-$codec.avro" ]] || dotnet "$host" generate --out "$work/h10m-$codec.avro" --codec $codec --count "$count" --seed 11 >/dev/null 2>&1
done
# Decisions written to /dev/null: the encoding cost without the disk.
ln -sf /dev/null "$work/null.jsonl"
ln -sf /dev/null "$work/null.avro"
cd "$work"
run() {
  local name=$1; shift
  local load out
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -o "$work/last.time" -f "user %U s, sys %S s, wall %e s, max RSS %M KB" dotnet "$host" replay "$@" >"$work/last.out" 2>"$work/last.err"
  echo "$name | load $load | $(grep -o 'in [0-9.]* s: [0-9,]* manifests/s' "$work/last.out") | $(cat "$work/last.time")"
}
case $what in base|all)
  run "default pack, null codec" h10m-null.avro
  run "default pack, deflate" h10m-deflate.avro
  run "empty pack, null codec" h10m-null.avro --rules empty-pack
  run "empty pack, deflate" h10m-deflate.avro --rules empty-pack
esac
case $what in out|all)
  run "default pack, null codec, JSON Lines to /dev/null" h10m-null.avro --out null.jsonl
  run "default pack, null codec, Avro to /dev/null" h10m-null.avro --out null.avro
  run "empty pack, null codec, JSON Lines to /dev/null" h10m-null.avro --rules empty-pack --out null.jsonl
esac
case $what in threads|all)
  run "default pack, null codec, 1 worker thread" h10m-null.avro --threads 1
esac
