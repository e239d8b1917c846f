#!/usr/bin/env bash
# Fuzzes one target with AFL++ through SharpFuzz for SECONDS (default 300). TARGET (default decoder) is one of
#   decoder     the manifest decoder and the Avro skipper
#   inspection  the inspection-result reader
#   changelog   the state store's changelog codec (restore) and the feedback statistics values
#   decided     the decided-record reader
#   headers     the parcelstream.risk-history header and the statistics topic's keys
# Installs what it needs (afl++ from Debian, the sharpfuzz tool from .config/dotnet-tools.json), builds the harness
# tests/ParcelStream.Codec.Fuzz, instruments a copy of the assemblies the target lives in and runs afl-fuzz on the
# target's seed corpus. Findings go to fuzz-findings/run-<time>-<target>/ (gitignored). Exits 1 when afl-fuzz saved a crash.
set -euo pipefail
seconds="${1:-300}"
target="${2:-decoder}"
case "$target" in
  decoder) corpus=corpus; instrument=(ParcelStream.Codec.dll) ;;
  inspection) corpus=corpus-inspection; instrument=(ParcelStream.Codec.dll) ;;
  changelog | decided | headers) corpus="corpus-$target"; instrument=(ParcelStream.Codec.dll ParcelStream.Rules.dll ParcelStream.Pipeline.dll) ;;
  *) seconds=bad ;;
esac
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS] [decoder|inspection|changelog|decided|headers]" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
harness=tests/ParcelStream.Codec.Fuzz
run="$root/fuzz-findings/run-$(date -u +%Y%m%d-%H%M%S)-$$-$target"
bin="$run/bin"

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz: afl-fuzz is missing; run as root or install it: apt-get install -y afl++" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends afl++ >/dev/null
  echo "fuzz: installed afl++"
fi

dotnet tool restore --verbosity quiet >/dev/null
dotnet build "$harness" -c Release --verbosity quiet -clp:NoSummary

# Instrument a copy: the build output stays clean, so incremental builds never hand sharpfuzz an instrumented dll.
mkdir -p "$bin"
cp -r "$harness/bin/Release/net10.0/." "$bin/"
for dll in "${instrument[@]}"; do
  dotnet sharpfuzz "$bin/$dll" >/dev/null
done
echo "fuzz: instrumented ${instrument[*]}; fuzzing $target for ${seconds}s, findings in ${run#"$root"/}"

# The harness is a managed program started by the dotnet host, which carries no AFL instrumentation of its own.
export AFL_SKIP_BIN_CHECK=1
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_AFFINITY=1
export AFL_NO_UI=1
status=0
afl-fuzz -i "$harness/$corpus" -o "$run" -t 5000 -m none -V "$seconds" -- "$(command -v dotnet)" "$bin/ParcelStream.Codec.Fuzz.dll" --target "$target" \
  >"$run/afl-fuzz.log" 2>&1 || status=$?

stats="$run/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  echo "fuzz: afl-fuzz did not start (exit $status); last lines of $run/afl-fuzz.log:" >&2
  tail -n 20 "$run/afl-fuzz.log" >&2
  exit 1
fi

stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes="$(stat saved_crashes)"
crashes="${crashes:-$(stat unique_crashes)}"
hangs="$(stat saved_hangs)"
hangs="${hangs:-$(stat unique_hangs)}"
echo "fuzz: target=$target execs_done=$(stat execs_done) execs_per_sec=$(stat execs_per_sec) saved_crashes=${crashes:-0} saved_hangs=${hangs:-0} corpus_count=$(stat corpus_count) edges_found=$(stat edges_found) run_time=$(stat run_time)s"
if [ "${crashes:-0}" -gt 0 ]; then
  echo "fuzz: crashing inputs are in ${run#"$root"/}/default/crashes/" >&2
  exit 1
fi
if [ "${hangs:-0}" -gt 0 ]; then
  echo "fuzz: inputs that ran over 5 s are in ${run#"$root"/}/default/hangs/ (a slow shared machine can cause these)" >&2
fi
