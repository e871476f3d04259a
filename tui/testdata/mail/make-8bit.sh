#!/bin/sh
# Makes dkim-pass-8bit-subject.eml: a message whose Subject holds a raw
# Latin-1 byte (0xE9, not valid UTF-8), signed by go-msgauth (testdata/gen/gosign)
# with the test-only key testdata/keys/ed25519.example.com.key, whose record
# is in testdata/dns/fixtures.zone. The TUI tests paste its header block to
# check that a bracketed paste keeps every byte. t= is the real clock: the
# tests judge the message at its own t=.
#
#	sh tui/testdata/mail/make-8bit.sh
set -eu
cd "$(dirname "$0")/../../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp go.mod "$tmp/gosign.mod"
cp go.sum "$tmp/gosign.sum"
go get -modfile="$tmp/gosign.mod" github.com/emersion/go-msgauth/dkim@v0.7.0 2>/dev/null
go build -modfile="$tmp/gosign.mod" -o "$tmp/gosign" ./testdata/gen/gosign
printf 'From: Ren\351 <rene@example.com>\r\nTo: Bob <bob@example.org>\r\nSubject: Caf\351 cr\350me\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\nMessage-ID: <8bit-1@example.com>\r\n\r\nLatin-1 headers, as old mailers still send them.\r\n' |
	"$tmp/gosign" -key testdata/keys/ed25519.example.com.key -d example.com -s ed25519 \
		-h from:to:subject:date:message-id >tui/testdata/mail/dkim-pass-8bit-subject.eml
