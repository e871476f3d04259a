package render

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/received"
)

// TestTimeline renders the timeline of a signed message that a second,
// unsigned From was put on top of, after three hops whose middle one has
// a clock ahead of its neighbours: the unsigned copy is flagged, the
// signed fields say which signature covers them, the boundary is drawn
// and the host with the wrong clock is named.
func TestTimeline(t *testing.T) {
	root := filepath.Join("..", "testdata")
	raw, err := os.ReadFile(filepath.Join(root, "mail", "dkim-pass-relaxed-relaxed.eml"))
	if err != nil {
		t.Fatal(err)
	}
	top := "Received: from mail.example.net (mail.example.net [192.0.2.10])\r\n by mx.example.org with ESMTPS id top; Mon, 23 Nov 2026 10:00:05 +0000\r\n" +
		"Authentication-Results: mx.example.org; dkim=pass header.d=example.com\r\n" +
		"Received: from relay.example.net (relay.example.net [192.0.2.20])\r\n by mail.example.net with ESMTP id mid; Mon, 23 Nov 2026 10:09:00 +0000\r\n" +
		"Received: from submit.example.com (submit.example.com [192.0.2.30])\r\n by relay.example.net with ESMTP id low; Mon, 23 Nov 2026 10:00:01 +0000\r\n" +
		"From: Mallory <ceo@example.com>\r\n"
	z, err := dns.LoadZone(filepath.Join(root, "dns", "fixtures.zone"))
	if err != nil {
		t.Fatal(err)
	}
	rep := analyze.Analyze(context.Background(), append([]byte(top), raw...), analyze.Options{
		Resolver: z,
		Now:      func() time.Time { return goldenNow },
	})
	got := Timeline(rep, NewStyles(false), 80)
	flat := strings.Join(strings.Fields(got), " ")
	for _, want := range []string{
		"Passing signatures: [1] DKIM d=example.com s=rsa2048",
		"! unsigned copy above the signed one (line",
		"a verifier checks the lowest copy, a reader is shown this one",
		"Subject signed [1]",
		"receiving boundary",
		"the clock of mail.example.net is off",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("timeline lacks %q:\n%s", want, got)
		}
	}
	compareGolden(t, filepath.Join(root, "golden", "timeline-unsigned-from-clock-skew.txt"), []byte(got))
	for _, w := range []int{40, 80, 200} {
		for _, l := range strings.Split(Timeline(rep, NewStyles(false), w), "\n") {
			if n := len([]rune(l)); n > w {
				t.Errorf("width %d: line %q is %d wide", w, l, n)
			}
		}
	}
}

// TestClockNote: which host's clock is named for a negative delay, and
// when a long delay is flagged.
func TestClockNote(t *testing.T) {
	at := func(s string) *time.Time {
		v, err := time.Parse(time.TimeOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	chain := func(dates ...string) []received.Hop {
		var hs []received.Hop
		for i, d := range dates {
			h := received.Hop{Index: i, By: []string{"a.example", "b.example", "c.example", "d.example"}[i]}
			if d != "" {
				h.Date = at(d)
			}
			hs = append(hs, h)
		}
		for i := 0; i+1 < len(hs); i++ {
			if hs[i].Date != nil && hs[i+1].Date != nil {
				dl := hs[i].Date.Sub(*hs[i+1].Date)
				hs[i].Delay = &dl
			}
		}
		return hs
	}
	tests := []struct {
		name  string
		hops  []received.Hop
		i     int
		want  string
		empty bool
	}{
		{"in order", chain("10:00:05", "10:00:03", "10:00:01"), 0, "", true},
		{"middle clock ahead", chain("10:00:05", "10:09:00", "10:00:01"), 0, "the clock of b.example is off", false},
		{"top clock behind", chain("09:50:00", "10:00:03", "10:00:01"), 0, "the clock of a.example or of b.example is off", false},
		{"second clock behind", chain("10:00:09", "09:00:00", "10:00:04", "10:00:01"), 1, "the clock of b.example is off", false},
		{"a day", chain("10:00:00", "", ""), 0, "", true},
	}
	for _, tt := range tests {
		got := ClockNote(tt.hops, tt.i)
		if tt.empty != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: ClockNote = %q, want %q", tt.name, got, tt.want)
		}
	}
	long := chain("10:00:00", "10:00:00")
	dl := 49 * time.Hour
	long[0].Delay = &dl
	if got := ClockNote(long, 0); !strings.Contains(got, "implausible") {
		t.Errorf("49h delay: ClockNote = %q, want it flagged implausible", got)
	}
}
