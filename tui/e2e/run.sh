#!/usr/bin/env bash
# End-to-end test of the interactive program in a real terminal (tmux):
# open two samples, see the failing one's verdict card first, follow its
# link to the failing signature, open its Hashes and DNS views, walk through its lesson (w, n, p, esc), paste a header block (bracketed paste), paste one holding Latin-1
# bytes that are not UTF-8 and check its signature still verifies (every
# byte kept), show its header timeline, quit; then start without a DNS
# flag and check the program says it is offline and how to go live, and that P
# writes its evidence pack in the current directory. Without tmux or go it exits 0 with "skipped", except
# under CI (CI set), where .ci/run has installed them and a skip would hide
# a check that must run. A binary that does not build is a failure.
#
#   bash tui/e2e/run.sh            (from the repository root or anywhere)
set -euo pipefail

label="tui e2e"
session="hs-e2e-$$"
sessions=("$session" "$session-offline")
# shellcheck source=tui/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

td="$root/tui/testdata"
# Judge every message at the latest signing time among them (the 8-bit
# sample is signed with the real clock; see tui/testdata/mail/make-8bit.sh).
now=$(cat "$td/mail/dkim-pass.eml" "$td/mail/dkim-fail-body.eml" "$td/mail/dkim-pass-8bit-subject.eml" |
	grep -o 't=[0-9]*' | cut -d= -f2 | sort -n | tail -1)
tmux -f /dev/null new-session -d -s "$session" -x 100 -y 30 \
	"TERM=xterm-256color NO_COLOR=1 '$tmp/headerscope' --dns-zone '$td/dns/test.zone' --dns-zone '$root/testdata/dns/fixtures.zone' --now $now '$td/mail/dkim-pass.eml' '$td/mail/dkim-fail-body.eml'; echo headerscope-exited-\$?; sleep 30"


# Both analysed: each message row carries its DKIM, ARC and DMARC badges.
wait_for "DKIM✓ ARC- DMARC-"
wait_for "DKIM✗ ARC- DMARC-"

# Down to the failing message and into its findings: the verdict card
# comes first, in the report's words. Into the card, and enter follows its
# first piece of evidence to the failing signature.
tmux send-keys -t "$session" Down Enter
wait_for "dkim-fail-body.eml · DNS"
wait_for "› ✗ Changed after signing example"
wait_for "Verdict: Changed after signing: example.com signed it, but the"
wait_for "✗ fail DKIM d=example.com"
wait_for "- none DMARC example.com"
tmux send-keys -t "$session" Enter
wait_for "evidence 1 of 1: DKIM-Signature #1, line 1; enter shows it"
tmux send-keys -t "$session" Enter
wait_for "evidence 1: DKIM-Signature #1, line 1; esc goes back to the verdict"
tmux send-keys -t "$session" 4
wait_for "[4 Hashes]"
wait_for "mismatch"
wait_for "first difference"
tmux send-keys -t "$session" 5
wait_for "[5 DNS]"
wait_for "sel1._domainkey.example.com"

# Lesson mode on that signature: step 1, six steps on to the body hash
# (its diagram stage in brackets, the mismatch shown), back one, leave.
tmux send-keys -t "$session" w
wait_for "Step 1 of 9: Select the signature"
wait_for "[message] → tags → name"
tmux send-keys -t "$session" n n n n n n
wait_for "Step 7 of 9: Hash the body, compare with bh="
wait_for "→ [bh=] →"
wait_for "result ✗ mismatch"
tmux send-keys -t "$session" p
wait_for "Step 6 of 9: Canonicalize the body"
tmux send-keys -t "$session" Escape
wait_for "left the lesson"
wait_for "[5 DNS]"

# Paste the header block of the passing sample as a bracketed paste.
sed -n '1,/^\r\{0,1\}$/p' "$td/mail/dkim-pass.eml" | tr -d '\r' >"$tmp/paste.txt"
tmux load-buffer -b hs-e2e "$tmp/paste.txt"
tmux paste-buffer -p -b hs-e2e -t "$session"
wait_for "pasted #1"

# A header block with raw Latin-1 bytes (0xE9, 0xE8): the terminal passes
# them through, and the header signature verifies only if all arrive.
sed -n '1,/^\r\{0,1\}$/p' "$td/mail/dkim-pass-8bit-subject.eml" | tr -d '\r' >"$tmp/paste8.txt"
tmux load-buffer -b hs-e2e "$tmp/paste8.txt"
tmux paste-buffer -p -b hs-e2e -t "$session"
wait_for "pasted #2"
wait_for 'Subject: Caf\xe9 cr\xe8me'
# The card's link to the signature, then its hashes.
tmux send-keys -t "$session" Enter
wait_for "evidence 1 of 1: DKIM-Signature #1"
tmux send-keys -t "$session" 1
wait_for "evidence 1: DKIM-Signature #1"
tmux send-keys -t "$session" 4
wait_for "Header hash (b=) (relaxed header, sha256)  ✓ match"

# Jump to message 1 (":1") and show its whole-header timeline: every
# field in order, and each field its passing signature covers.
tmux send-keys -t "$session" : 1 Enter
wait_for "message 1 of 4: "
tmux send-keys -t "$session" t
wait_for "Header timeline: "
wait_for "Passing signatures: [1] DKIM d="
wait_for "signed [1]"

tmux send-keys -t "$session" q
wait_for "headerscope-exited-0"

# Without a DNS flag the program starts offline and says how to go live.
# (L is not pressed: it would ask the machine's resolver.)
session2="$session-offline"
mkdir "$tmp/packs"
insum=$(sha256sum <"$td/mail/dkim-pass.eml")
tmux -f /dev/null new-session -d -s "$session2" -c "$tmp/packs" -x 100 -y 30 \
	"TERM=xterm-256color NO_COLOR=1 '$tmp/headerscope' --now $now '$td/mail/dkim-pass.eml'; echo headerscope-exited-\$?; sleep 30"
session_main=$session
session=$session2
wait_for "DNS: offline (L: live)"
wait_for "L looks them up live"
wait_for "Verdict: Cannot tell offline: keys not looked up"
# P writes the evidence pack in the current directory, verdict first, and
# leaves the input as it was.
tmux send-keys -t "$session" P
wait_for "evidence pack written to headerscope-pack-"
pack=$(ls "$tmp/packs"/headerscope-pack-*.md 2>/dev/null | head -1)
[ -n "$pack" ] || fail "no pack in the current directory"
sed -n 3p "$pack" | grep -qx "## Verdict" || fail "the pack does not start with the verdict: $(head -5 "$pack")"
[ "$(sha256sum <"$td/mail/dkim-pass.eml")" = "$insum" ] || fail "the input changed"
tmux send-keys -t "$session" q
wait_for "headerscope-exited-0"
tmux kill-session -t "$session2" 2>/dev/null || true
session=$session_main
echo "tui e2e: ok"
