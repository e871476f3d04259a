#!/usr/bin/env bash
# End-to-end test of the break-it sandbox in a real terminal (tmux): open
# the gallery, go to lesson 04, press e, edit its Subject (the signature
# still fails), sign it again with the teaching key (S: it passes), save it
# (W) into the current directory, and check with `headerscope report` that
# the saved file verifies against the gallery's zone. Skips like run.sh.
#
#   bash tui/e2e/sandbox.sh
set -euo pipefail

label="tui sandbox e2e"
session="hs-sandbox-$$"
sessions=("$session")
# shellcheck source=tui/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
mkdir "$tmp/work"
tmux -f /dev/null new-session -d -s "$session" -x 100 -y 30 -c "$tmp/work" \
	"TERM=xterm-256color NO_COLOR=1 '$tmp/headerscope'; echo headerscope-exited-\$?; sleep 30"


wait_for "gallery: 18 teaching messages"
tmux send-keys -t "$session" : 4 Enter
wait_for "04-dkim-fail-header-modified.eml · DNS"
tmux send-keys -t "$session" e
wait_for "headerscope sandbox 04-dkim-fail-header-modified.eml"
# The rows: the signature, From, To, Subject.
tmux send-keys -t "$session" j j j Enter
wait_for "edit field"
tmux send-keys -t "$session" C-u
tmux send-keys -t "$session" -l "Subject: Changed by the class"
tmux send-keys -t "$session" Enter
wait_for "edited the Subject field"
wait_for "subject:Changed·by·the·class"
screen | grep -F "  DKIM " | grep -qF "→ ✗ fail" || fail "the edited copy should still fail"
tmux send-keys -t "$session" S
wait_for "signed signature 1 again with the key of mail2026._domainkey.bank.example"
wait_for "valid nowhere else"
screen | grep -F "  DKIM " | grep -qF "→ ✓ pass" || fail "the re-signed copy should pass"
tmux send-keys -t "$session" W
wait_for "save the copy in directory"
tmux send-keys -t "$session" Enter
wait_for "saved the copy as 04-dkim-fail-header-modified-sandbox.eml"
saved="$tmp/work/04-dkim-fail-header-modified-sandbox.eml"
[ -f "$saved" ] || fail "no file $saved"
tmux send-keys -t "$session" q
wait_for "headerscope-exited-0"

out=$("$tmp/headerscope" report --dns-zone "$root/tui/gallery/gallery.zone" --now 2026-12-01T00:00:00Z "$saved")
echo "$out" | grep -qF "DKIM ✓ 1 pass" || { echo "$out"; fail "the saved copy does not verify"; }
echo "$out" | grep -qF "Subject: Changed by the class" || fail "the saved copy lost the edit"
echo "tui sandbox e2e: ok"
