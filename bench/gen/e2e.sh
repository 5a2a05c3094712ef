#!/bin/sh
# End-to-end import benchmark: generate large RIS and PubMed XML files from
# the shared corpus and time `oversikt ingest` on each, reporting records/s
# and peak memory. Run from the repository root:
#
#	sh bench/gen/e2e.sh [N …]        # default: 100000 1000000
#
# Needs ../shared/corpus and GNU time (/usr/bin/time). Files go to
# ${BENCH_DIR:-/tmp/oversikt-bench}; about 2.3 GB of RIS and 20 GB of
# PubMed XML (real PubMed records carry long reference lists) per million
# records, plus the databases.
set -eu
dir=${BENCH_DIR:-/tmp/oversikt-bench}
mkdir -p "$dir"
go build -o "$dir/oversikt" ./cmd/oversikt
go build -o "$dir/gen" ./bench/gen
sizes=${*:-100000 1000000}
for format in ris pubmed-xml; do
	for n in $sizes; do
		file="$dir/big-$n.$format"
		[ -f "$file" ] || "$dir/gen" -format "$format" -n "$n" -out "$file"
		rm -f "$dir/bench.db" "$dir/bench.db-wal" "$dir/bench.db-shm"
		/usr/bin/time -f '%e %M %U %S' -o "$dir/time.txt" "$dir/oversikt" --db "$dir/bench.db" ingest "$file" >/dev/null
		read -r wall rss user sys <"$dir/time.txt"
		echo "$format $n records: $wall s wall ($user s user, $sys s sys), $(awk -v n="$n" -v w="$wall" 'BEGIN { printf "%d", n / w }') records/s, peak RSS $((rss / 1024)) MB"
	done
done
