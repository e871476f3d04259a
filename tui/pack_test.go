package tui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze/dns"
)

// TestPackKey: P writes the evidence pack of the selected message to a
// new file named after the input's SHA-256 in the pack directory, the
// verdict first; a second P does not overwrite it but adds -2; the input
// file is not touched; the status line says where the pack went.
func TestPackKey(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "mail", "dkim-fail-body.eml"))
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "message under test.eml")
	if err := os.WriteFile(in, src, 0o444); err != nil {
		t.Fatal(err)
	}
	zone, err := dns.LoadZone(filepath.Join("testdata", "dns", "test.zone"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	m, err := build(context.Background(), Options{
		Inputs:   []Input{{Name: in, Raw: src}},
		Resolver: steadyClock{zone},
		Now:      func() time.Time { return testNow },
		PackDir:  dir,
		Version:  "v0.test",
	})
	if err != nil {
		t.Fatal(err)
	}
	run(t, m, m.Init())
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(t, m, keys("P")...)

	const want = "headerscope-pack-"
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("pack directory holds %d files, want 1", len(entries))
	}
	name := entries[0].Name()
	if !strings.HasPrefix(name, want) || !strings.HasSuffix(name, ".md") || len(name) != len(want)+12+3 {
		t.Errorf("pack named %q, want %s<12 hex>.md", name, want)
	}
	path := filepath.Join(dir, name)
	if !strings.Contains(m.status, path) || m.statusErr {
		t.Errorf("status %q does not say %s", m.status, path)
	}
	pack, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head := strings.SplitN(string(pack), "\n", 6)
	if !strings.HasPrefix(head[0], "# headerscope evidence pack: ") || head[2] != "## Verdict" || !strings.HasPrefix(head[5], "Verdict: Changed after signing") {
		t.Errorf("pack does not start with the verdict:\n%s", strings.Join(head, "\n"))
	}
	for _, s := range []string{"## Reproduce offline", "--dns-zone", "--now 2026-12-01T00:00:00Z", "## DNS answers", "sel1._domainkey.example.com"} {
		if !bytes.Contains(pack, []byte(s)) {
			t.Errorf("pack lacks %q", s)
		}
	}
	// The input is a file holding exactly the message: the command names it.
	if !bytes.Contains(pack, []byte("'"+in+"'")) {
		t.Errorf("the command does not name the input %q", in)
	}

	send(t, m, keys("P")...)
	second := filepath.Join(dir, strings.TrimSuffix(name, ".md")+"-2.md")
	again, err := os.ReadFile(second)
	if err != nil {
		t.Fatalf("second pack: %v (status %q)", err, m.status)
	}
	if !bytes.Equal(again, pack) {
		t.Error("the second pack of the same message differs")
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, pack) {
		t.Error("the first pack was overwritten")
	}
	if now, _ := os.ReadFile(in); !bytes.Equal(now, src) {
		t.Error("the input file changed")
	}
}

// TestPackUnwritable: a directory that cannot be written to is an error
// on the status line that says what to do.
func TestPackUnwritable(t *testing.T) {
	m, _ := newTestModel(t, "dkim-pass.eml")
	m.packDir = filepath.Join(t.TempDir(), "no", "such", "dir")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(t, m, keys("P")...)
	if !m.statusErr || !strings.Contains(m.status, "evidence pack not written") {
		t.Errorf("status %q", m.status)
	}
}

// TestPackGallery: a gallery message's pack says the gallery pinned the
// clock and tells to save the message under a file name.
func TestPackGallery(t *testing.T) {
	m := galleryModel(t)
	m.packDir = t.TempDir()
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	openDoc(t, m, "03-dkim-fail-body-modified.eml")
	send(t, m, keys("P")...)
	entries, _ := os.ReadDir(m.packDir)
	if len(entries) != 1 {
		t.Fatalf("%d files written (status %q)", len(entries), m.status)
	}
	pack, err := os.ReadFile(filepath.Join(m.packDir, entries[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"(pinned by the gallery", "Save the message `03-dkim-fail-body-modified.eml` as `message.eml`", "--now 2026-12-01T00:00:00Z message.eml"} {
		if !bytes.Contains(pack, []byte(s)) {
			t.Errorf("pack lacks %q", s)
		}
	}
}
