#!/bin/sh
# Copies the private keys of the gallery's DKIM signers into tui/gallery/keys,
# where the binary embeds them for the TUI sandbox's re-sign key (S). They are
# teaching keys: the same test-only keys as testdata/keys, public on purpose,
# valid nowhere else. tui/gallery's tests check that each copy is still the
# file in testdata/keys and that its public half is the one gallery.zone
# publishes. Run from the repository root: sh testdata/gen/teaching-keys.sh
set -eu
out=tui/gallery/keys
mkdir -p "$out"
for k in mail2026.bank.example ed2026.bank.example selector1.fabrikam.example \
	legacy.oldmail.example news.newsletter.example mail2026.xn--bnk-6cd.example \
	old.shop.example gone.shop.example; do
	cp "testdata/keys/$k.key" "$out/$k.key"
done
