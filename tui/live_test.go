package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// TestStartsOfflineUntilL (issue 13 item 6): without a DNS flag the
// program makes no lookup, says so with the key that changes it, and goes
// live only on L; the gallery keeps its zone.
func TestStartsOfflineUntilL(t *testing.T) {
	zone, err := dns.LoadZone(filepath.Join("testdata", "dns", "test.zone"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "mail", "dkim-pass.eml"))
	if err != nil {
		t.Fatal(err)
	}
	built := 0
	opts := Options{
		Inputs: []Input{{Name: "dkim-pass.eml", Raw: raw}},
		Now:    func() time.Time { return testNow },
		GoLive: func() (dns.Resolver, error) { built++; return steadyClock{zone}, nil },
	}
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			built = 0
			m, err := build(t.Context(), opts)
			if err != nil {
				t.Fatal(err)
			}
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			run(t, m, m.Init())
			d := m.docs[0]
			if built != 0 || d.report.DKIM[0].Verdict != verdict.TempError {
				t.Fatalf("looked up before L: resolver built %d times, DKIM %s", built, d.report.DKIM[0].Verdict)
			}
			s := joined(plain(m))
			for _, want := range []string{"DNS: offline (L: live)", "L looks them up live"} {
				if !strings.Contains(s, want) {
					t.Errorf("screen lacks %q:\n%s", want, plain(m))
				}
			}
			golden(t, m, "offline-start-"+sz.name)
			send(t, m, keys("L")...)
			if built != 1 || !d.live || d.report.DKIM[0].Verdict != verdict.Pass {
				t.Fatalf("after L: resolver built %d times, live %v, DKIM %s", built, d.live, d.report.DKIM[0].Verdict)
			}
			if s := plain(m); !strings.Contains(s, "DNS: live") || !strings.Contains(s, "DNS lookups are live") {
				t.Errorf("the screen does not say lookups are live:\n%s", s)
			}
			send(t, m, tea.PasteMsg{Content: strings.ReplaceAll(string(raw), "\r\n", "\r")})
			if p := m.current(); !p.live {
				t.Errorf("a message pasted after L is not looked up live")
			}
		})
	}
}

func TestGalleryKeepsItsZoneAfterL(t *testing.T) {
	m, err := build(t.Context(), Options{GoLive: func() (dns.Resolver, error) { return liveStub{}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	run(t, m, m.Init())
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	send(t, m, keys("L")...)
	for _, d := range m.docs {
		if d.live || d.report == nil || d.report.Resolver != "zone file gallery.zone" {
			t.Errorf("%s: live %v after L, want the gallery zone", d.name, d.live)
		}
	}
}
