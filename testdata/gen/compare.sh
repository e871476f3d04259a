#!/bin/sh
# Compares headerscope's throughput with Node's mailauth on a corpus made by
# corpus.py (issue 15; figures in README.md, "Throughput"), in one run, one
# after the other on the same machine:
#   - mailauth 7.1.0: DKIM + ARC of every message, files read beforehand,
#     only the verification loop timed (mailauth-verify.cjs);
#   - headerscope report --json over every file: the whole process, start-up,
#     reading, DNS from the zone, analysis and JSON included;
#   - headerscope bench: the analysis alone, as a cross-check.
#
# Usage, from the repository root:
#   /usr/bin/python3 testdata/gen/corpus.py /tmp/corpus
#   (mkdir -p /tmp/ma && cd /tmp/ma && npm install mailauth@7.1.0)
#   MAILAUTH=/tmp/ma sh testdata/gen/compare.sh /tmp/corpus
set -eu
dir=${1:?usage: MAILAUTH=DIR compare.sh CORPUS_DIR}
bin=$(mktemp -d)/headerscope
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/headerscope
now=2026-12-01T00:00:00Z
n=$(ls "$dir"/*.eml | wc -l)

ma=$(node testdata/gen/mailauth-verify.cjs "$dir")
echo "$ma"
ma_rate=$(echo "$ma" | sed -n 's/.*: \([0-9]*\) messages\/s.*/\1/p' | head -1)

"$bin" report --json --dns-zone "$dir/corpus.zone" --now $now "$dir"/*.eml > /dev/null # warm the page cache
best=
for i in 1 2 3; do
	start=$(date +%s.%N)
	"$bin" report --json --dns-zone "$dir/corpus.zone" --now $now "$dir"/*.eml > /dev/null
	end=$(date +%s.%N)
	t=$(echo "$end - $start" | bc)
	if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
done
hs_rate=$(echo "$n / $best" | bc)
echo "headerscope report --json: $n messages in $best s (best of 3, whole process): $hs_rate messages/s"
echo "ratio: $(echo "scale=1; $hs_rate / $ma_rate" | bc)x mailauth's verification rate"
"$bin" bench --passes 3 --dns-zone "$dir/corpus.zone" --now $now "$dir"
