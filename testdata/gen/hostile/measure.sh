#!/bin/sh
# Measures peak memory (maximum resident set size) and time of
# `headerscope report` on each hostile shape of issue 12, for the table in
# README.md ("Limits and hostile input"). Run from the repository root:
#
#	sh testdata/gen/hostile/measure.sh [BINARY]
#
# It needs /usr/bin/time (Debian package time) and writes its inputs to a
# temporary directory it removes afterwards.
set -eu
bin=${1:-}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [ -z "$bin" ]; then
	go build -o "$dir/headerscope" ./cmd/headerscope
	bin=$dir/headerscope
fi
zone=testdata/dns/fixtures.zone
now=2026-12-01T00:00:00Z

shape() { # name, generator flags
	name=$1
	shift
	go run ./testdata/gen/hostile "$@" >"$dir/$name.eml"
}
measure() { # name, label, report flags
	name=$1 label=$2
	shift 2
	size=$(wc -c <"$dir/$name.eml")
	/usr/bin/time -f "%M %e" -o "$dir/time" "$bin" report --now $now "$@" "$dir/$name.eml" >"$dir/out" || true
	read -r kb secs <"$dir/time"
	printf '| %s | %s | %d MB | %d MB | %s s | %d KB |\n' "$label" "$*" $((size / 1000000)) $((kb / 1024)) "$secs" $(($(wc -c <"$dir/out") / 1024))
}

echo '| shape | flags | input | peak RSS | time | output |'
echo '|---|---|---|---|---|---|'
shape subject2 -shape subject -n 32 -size 2000000
shape subject20 -shape subject -n 32 -size 20000000
shape subject20x1 -shape subject -n 1 -size 20000000
for f in "--offline --json" "--offline" "--dns-zone $zone --json"; do
	measure subject2 "32 signatures over a 2 MB Subject" $f
done
for f in "--offline --json" "--offline" "--dns-zone $zone --json"; do
	measure subject20 "32 signatures over a 20 MB Subject" $f
done
measure subject20x1 "1 signature over a 20 MB Subject" --offline --json
shape sigtags -shape sigtags -n 32 -size 1000000
measure sigtags "32 signatures with a 1 MB tag each" --offline --json
shape hfields -shape hfields -n 50000
measure hfields "50,000 fields, all in h= of 32 signatures" --offline --json
measure hfields "50,000 fields, all in h= of 32 signatures" --offline
shape claims -shape claims -n 1000000
measure claims "1,000,000 dkim=pass claims in one A-R" --offline --json
measure claims "1,000,000 dkim=pass claims in one A-R" --offline
shape arfields -shape arfields -n 500000
measure arfields "500,000 Authentication-Results fields" --offline --json
shape tags -shape tags -n 2000000
measure tags "2,000,000 z=1 tags in one DKIM-Signature" --offline --json
measure tags "2,000,000 z=1 tags in one DKIM-Signature" --offline
