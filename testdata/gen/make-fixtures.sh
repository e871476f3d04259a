#!/bin/sh
# Regenerates headerscope's signed test fixtures from the committed test keys:
#   testdata/mail/dkim-*.eml, arc-*.eml   (make_dkim.py, make_arc.py)
#   testdata/dns/fixtures.zone            (every key the cases need)
#   testdata/mbox/three.mbox
#   testdata/expect.tsv                   (expected verdicts + what dkimpy and Mail::DKIM say)
#   tui/gallery/messages/*.eml, tui/gallery/gallery.zone   (make_gallery.py)
#
# Usage, from the repository root:
#   sh testdata/gen/make-fixtures.sh              regenerate with the committed keys
#   sh testdata/gen/make-fixtures.sh --new-keys   first make new keys (every signature changes)
#
# Needs Debian's python3-dkim, python3-nacl, python3-authres, libmail-dkim-perl,
# libcryptx-perl, opendkim-tools, faketime, openssl and Go. dkimpy, Mail::DKIM and
# opendkim (under faketime) sign at the pinned time 2026-11-20T12:00:00Z, so
# their output is byte-for-byte reproducible; go-msgauth stamps t= with the real
# clock, so regenerate before 2026-12-01 (the verification clock) or its t= will
# be in the future.
set -eu
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3

if [ "${1:-}" = "--new-keys" ]; then
	(cd testdata/gen && $PY -c 'import common; common.new_keys()')
fi

# go-msgauth's dkim package imports golang.org/x/crypto, which the module's go.sum
# does not list yet: build gosign against a scratch copy of go.mod/go.sum so the
# repository's files are left alone.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp go.mod "$tmp/gosign.mod"
cp go.sum "$tmp/gosign.sum"
go get -modfile="$tmp/gosign.mod" github.com/emersion/go-msgauth/dkim@v0.7.0 2>/dev/null
go build -modfile="$tmp/gosign.mod" -o "$tmp/gosign" ./testdata/gen/gosign

cd testdata/gen
GOSIGN="$tmp/gosign" $PY expect.py
$PY make_gallery.py
