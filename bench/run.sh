#!/usr/bin/env bash
# Times the built oversikt binary on large generated corpora and runs the Go
# benchmarks of every stage; prints one line per figure and writes them to
# bench/out/results.txt. Compare figures from one run only: the machines
# are small and noisy.
#
#   bench/run.sh              # 100 000-record figures (about 15 minutes on 2 cores)
#   N=10000 bench/run.sh      # a quick run
#   BIG=1 bench/run.sh        # adds the 1 000 000-record runs
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
results="$out/results.txt"
: >"$results"
say() { echo "$*" | tee -a "$results"; }

say "# oversikt benchmarks, $(date -u +%F) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
go build -o "$out/oversikt" ./cmd/oversikt
bin="$out/oversikt"

# timed CMD… runs a command under /usr/bin/time and sets secs, cpu (user +
# system seconds) and peak_mb.
timed() {
	/usr/bin/time -f '%e %M %U %S' -o "$out/time.txt" "$@" >"$out/cmd.out" 2>"$out/cmd.err" || {
		cat "$out/cmd.err" >&2
		return 1
	}
	read -r secs kb user sys <"$out/time.txt"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
	peak_mb=$((kb / 1024))
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }

# ingest_run times an import into a new review (the database does not
# exist: it is built in bulk and published) and into an existing, empty one
# (made by init: the normal import every later file takes).
ingest_run() { # format n
	local file="$out/big-$1-$2.${1/pubmed-xml/xml}" db="$out/ingest.db"
	[ -f "$file" ] || go run ./bench/gen -format "$1" -n "$2" -out "$file"
	for into in "a new" "an existing"; do
		rm -rf "$db" "$db"-* "$db".index "$db".importing-*
		[ "$into" = "an existing" ] && "$bin" --db "$db" init >/dev/null 2>&1
		timed "$bin" --db "$db" ingest "$file"
		say "ingest $1 $2 records into $into review: ${secs} s, $(rate "$2" "$secs") records/s end to end, ${cpu} CPU-s, peak ${peak_mb} MB"
	done
}

n0=${N:-100000}
sizes=("$n0")
[ -n "${BIG:-}" ] && sizes+=(1000000)

for n in "${sizes[@]}"; do
	ingest_run ris "$n"
	ingest_run pubmed-xml "$n"
done

go test ./ingest -run '^$' -bench 'BenchmarkRead(RIS|PubMedXML|CSV|BibTeX|EndNoteXML)$' -benchtime 3x | grep -E '^Benchmark' | tee -a "$results"

for n in "${sizes[@]}"; do
	file="$out/dups-$n.ris"
	db="$out/dedup.db"
	[ -f "$file" ] || go run ./bench/gen -format ris -n "$n" -dups 0.2 -out "$file"
	rm -rf "$db" "$db"-* "$db".index
	"$bin" --db "$db" ingest "$file" >/dev/null
	timed "$bin" --db "$db" --json dedup
	say "dedup $n records (20 % planted near-duplicates): ${secs} s, peak ${peak_mb} MB: $(tr -d '\n ' <"$out/cmd.out")"
done

db="$out/dedup.db"
rm -rf "$db" "$db"-* "$db".index
"$bin" --db "$db" ingest "$out/dups-$n0.ris" >/dev/null
timed "$bin" --db "$db" index rebuild
say "index rebuild, $n0 records: ${secs} s, $(rate "$n0" "$secs") records/s, peak ${peak_mb} MB"
OVERSIKT_LONG=1 go test ./index -run TestIndexBenchmark -v -timeout 30m | grep -E 'records/s|median|p95' | tee -a "$results" || true

corpus=../shared/corpus/labelled
if [ -d "$corpus" ]; then
	for set in ace_cohen2006_ferdinands virus_kwok2020_ferdinands wilson_appenzeller-herzog2019_ferdinands; do
		timed "$bin" --json simulate --seeds 1 "$corpus/$set.csv"
		say "simulate $set, 1 run retraining after every decision: ${secs} s, peak ${peak_mb} MB"
	done
fi
go test ./screening/rank -run '^$' -bench 'Benchmark(Retrain100k|Features100k|Simulate)$' -benchtime 3x | grep -E '^Benchmark' | tee -a "$results"
go test ./screening -run '^$' -bench 'BenchmarkDecideNext100k' -benchtime 2000x | grep -E '^Benchmark' | tee -a "$results"
go test ./screening/term -run '^$' -bench 'BenchmarkKeypress100k' -benchtime 1000x | grep -E '^Benchmark' | tee -a "$results"
go test ./synthesis -run '^$' -bench 'Benchmark(Report100k|PRISMA100k)$' -benchtime 1x | grep -E '^Benchmark' | tee -a "$results"
say "# done; figures in $results"
