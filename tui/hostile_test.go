package tui

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/render"
)

// evil holds one of each kind of bytes that must never reach a terminal:
// CSI, OSC 8, OSC 52, a window title, a C1 control, bidi overrides, zero
// width characters and invalid UTF-8. Its ';' (in the OSC sequences) ends
// a resinfo or a Received clause early: the rest must show as text too.
const evil = "\x1b[2J\x1b]8;;https://evil.example/\x1b\\L\x1b]8;;\x1b\\\x1b]52;c;ZXZpbA\x07\x1b]0;pwned\x07\u009b31m\u202egnp.exe\u2066\u200bpay\u200dpal\ufeff\xff\xfe"

// evilZone is a zone whose DMARC and SPF records hold the same bytes
// (RFC 1035 section 5.1: \DDD is a byte in a character-string).
const evilZone = `$ORIGIN example.com.
$TTL 3600
@ IN SOA ns.example.com. hostmaster.example.com. 1 3600 600 86400 300
@ IN TXT "v=spf1 ip4:192.0.2.0/24 \027[2J\027]52;c;ZXZpbA\007\194\155 \226\128\174 -all"
_dmarc IN TXT "v=DMARC1; p=reject; x=\027]0;pwned\007\027]8;;https://evil.example/\027\\\255\254\226\128\139"
`

// evilMessage puts evil into every field the ARC, Authentication-Results
// and Received views show: AAR text and authserv-id, the seal's d=, an
// Authentication-Results authserv-id, property and comment, the Received
// hosts, ids and for clause.
func evilMessage() string {
	e := evil
	return "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=" + e + ".example.org; s=arc" + e + "; t=1795176000; b=AAAA\r\n" +
		"ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=lists" + e + ".example.org; s=arc;\r\n" +
		" h=from:subject; bh=AAAA; b=AAAA\r\n" +
		"ARC-Authentication-Results: i=1; lists" + e + ".example.org; dkim=pass header.d=" + e + "example.com (" + e + ") reason=\"" + e + "\"\r\n" +
		"Received: from mail.example.com (mail.example.com [192.0.2.7])\r\n" +
		"\tby mx.example.net with ESMTPS id " + e + " for <bob" + e + "@example.net>; Fri, 20 Nov 2026 12:11:05 +0000\r\n" +
		"Authentication-Results: mx" + e + ".example.net; dkim=pass header.d=example.com header.s=" + e + ";\r\n" +
		"\tspf=pass smtp.mailfrom=bounce@example.com; dmarc=pass (" + e + ") header.from=example.com; x-" + e + "=pass\r\n" +
		"Received: from [198.51.100.7] (helo=laptop" + e + ") by mail" + e + ".example.com with ESMTPSA id 7" + e + "; Fri, 20 Nov 2026 12:11:01 +0000\r\n" +
		"Authentication-Results: " + e + "; dkim=pass\r\n" +
		"Return-Path: <bounce@example.com>\r\n" +
		"From: Alice <alice@example.com>\r\n" +
		"Subject: hi " + e + "\r\n" +
		"Date: Fri, 20 Nov 2026 12:11:00 +0000\r\n" +
		"\r\n" +
		"body " + e + "\r\n"
}

// unsafeRune returns the first rune of s that could act on a terminal or
// hide text, and its offset, or -1.
func unsafeRune(s string) (rune, int) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1,
			r < 0x20 && r != '\n',
			r == 0x7f,
			r >= 0x80 && r < 0xa0,
			unicode.Is(unicode.Cf, r), r == 0x2028, r == 0x2029:
			return r, i
		}
		i += size
	}
	return 0, -1
}

// attributesOnly removes the SGR sequences that set only attributes
// (bold, faint, underline, reverse, strikethrough, and their resets): without colour
// those are the only sequences the program's own styles emit. Anything
// else, an SGR that sets a colour included, is left for unsafeRune to find.
func attributesOnly(s string) string {
	var b strings.Builder
	for s != "" {
		seq, width, n, _ := ansi.DecodeSequence(s, ansi.NormalState, nil)
		if width == 0 && isAttributeSGR(seq) {
			s = s[n:]
			continue
		}
		b.WriteString(s[:n])
		s = s[n:]
	}
	return b.String()
}

func isAttributeSGR(seq string) bool {
	if !strings.HasPrefix(seq, "\x1b[") || !strings.HasSuffix(seq, "m") {
		return false
	}
	for p := range strings.SplitSeq(seq[2:len(seq)-1], ";") {
		switch p {
		case "", "0", "1", "2", "4", "7", "9", "22", "24", "27", "29":
		default:
			return false
		}
	}
	return true
}

// TestHostileFieldsInEveryView opens the message above and shows every
// view of every finding at both reference sizes, without colour. The
// program's own styles then emit attributes only, so once those are
// removed the screen must hold no escape sequence at all: every hostile
// byte is shown escaped. The escaped forms must be on screen somewhere, so
// the fields were displayed.
func TestHostileFieldsInEveryView(t *testing.T) {
	zone, err := dns.ParseZone(strings.NewReader(evilZone), "evil.zone")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	m, err := build(context.Background(), Options{
		Inputs:   []Input{{Name: "evil" + evil + ".eml", Raw: []byte(evilMessage())}},
		Resolver: zone, Now: func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	run(t, m, m.Init())
	rep := m.docs[0].report
	if rep == nil || rep.DMARC == nil || rep.DMARC.Record == nil || rep.SPF == nil || len(rep.SPF.DNS) == 0 {
		var dm, sp string
		if rep != nil && rep.DMARC != nil {
			dm = rep.DMARC.Reason
		}
		if rep != nil && rep.SPF != nil {
			sp = rep.SPF.Reason
		}
		t.Fatalf("the hostile message did not reach DMARC and SPF evaluation: DMARC %q, SPF %q", dm, sp)
	}
	seen := map[string]bool{}
	for _, sz := range []tea.WindowSizeMsg{{Width: 80, Height: 24}, {Width: 120, Height: 40}} {
		send(t, m, sz)
		for i := range m.finds.Items() {
			m.finds.Select(i)
			f := m.selected()
			for v := range render.Views {
				if !f.supports(render.View(v)) {
					continue
				}
				m.det.view = render.View(v)
				m.showFinding(false)
				// Every line of the detail, not only the part that fits.
				screens := []string{attributesOnly(m.screen()), attributesOnly(m.det.text)}
				for _, s := range screens {
					if r, at := unsafeRune(s); at >= 0 {
						t.Fatalf("%dx%d finding %q view %v: %U reaches the terminal at %d: %q",
							sz.Width, sz.Height, f.label(), render.View(v), r, at, s[max(at-30, 0):min(at+30, len(s))])
					}
				}
				for _, want := range []string{`\x1b]52;c;`, `\x1b]8;;`, `\x1b]0;pwned`, "⟨U+202E⟩", "⟨U+200B⟩", "⟨U+009B⟩", `\xff`} {
					if strings.Contains(m.det.text, want) {
						seen[fmt.Sprintf("%T %s", f, want)] = true
					}
				}
			}
		}
	}
	// Each kind of finding displayed the hostile text, escaped.
	for _, kind := range []string{"tui.arcChainFinding", "tui.arcSetFinding", "tui.claimFinding", "tui.dmarcFinding", "tui.spfFinding", "tui.receivedFinding"} {
		if !seen[kind+` \x1b]52;c;`] && !seen[kind+` \x1b]0;pwned`] {
			t.Errorf("%s never showed the hostile text escaped", kind)
		}
	}
}

// TestCopyHostileIsSafe checks that y never puts raw attacker bytes on the
// clipboard: a value holding "\x1b[201~" would end a bracketed paste early
// in the shell it is pasted into (issue 12, B7). Tabs and line ends stay.
func TestCopyHostileIsSafe(t *testing.T) {
	raw := "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; h=from;\r\n\tbh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA; z=" + evil + "\x1b[201~rm -rf ~\r\n" +
		"From: a@example.com\r\n\r\nbody\r\n"
	m, err := build(t.Context(), Options{Inputs: []Input{{Name: "evil.eml", Raw: []byte(raw)}}})
	if err != nil {
		t.Fatal(err)
	}
	clip := clipboard(m)
	run(t, m, m.Init())
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if _, ok := m.selected().(dkimFinding); !ok {
		send(t, m, keys("j")...)
	}
	send(t, m, keys("6", "y")...)
	out := clip.String()
	const pre = "\x1b]52;c;"
	if !strings.HasPrefix(out, pre) || !strings.HasSuffix(out, "\x07") {
		t.Fatalf("clipboard output = %q, want one OSC 52 sequence", out)
	}
	got, err := base64.StdEncoding.DecodeString(out[len(pre) : len(out)-1])
	if err != nil {
		t.Fatal(err)
	}
	copied := strings.NewReplacer("\r\n", "\n", "\t", " ").Replace(string(got))
	if r, i := unsafeRune(copied); i >= 0 {
		t.Errorf("copied value holds %U at %d: %q", r, i, got)
	}
	if !strings.Contains(string(got), `\x1b[201~`) || !strings.Contains(string(got), "\r\n\tbh=") {
		t.Errorf("copied %q: want the escape shown as text and the folding kept", got)
	}
	if !strings.Contains(m.status, "escaped") {
		t.Errorf("status %q does not say characters were escaped", m.status)
	}
}

// TestHugeFieldClippedInEveryView checks that a view of a message with a
// 4 MB Subject signed by 8 signatures renders a bounded amount of text, so
// that switching views does not freeze the program (issue 12, B10).
func TestHugeFieldClippedInEveryView(t *testing.T) {
	var b strings.Builder
	for range 8 {
		b.WriteString("DKIM-Signature: v=1; a=rsa-sha256; c=simple/simple; d=example.com; s=s; h=from:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n")
	}
	b.WriteString("From: a@example.com\r\nSubject: " + strings.Repeat("lorem \u202eipsum ", 4<<20/16) + "\r\n\r\nbody\r\n")
	m, err := build(t.Context(), Options{Inputs: []Input{{Name: "huge.eml", Raw: []byte(b.String())}}})
	if err != nil {
		t.Fatal(err)
	}
	run(t, m, m.Init())
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	const most = 4 * render.MaxShown * 4 // a few clipped values, escapes widen them
	for i := range m.finds.Items() {
		m.finds.Select(i)
		f := m.selected()
		for v := range render.Views {
			if !f.supports(render.View(v)) {
				continue
			}
			m.det.view = render.View(v)
			m.showFinding(false)
			if n := len(m.det.text); n > most {
				t.Errorf("finding %q view %v: %d bytes of text, want at most %d", f.label(), render.View(v), n, most)
			}
		}
	}
}
