package tui

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze/verdict"
	"github.com/headerscope/headerscope/render"
)

func TestFocusAndViews(t *testing.T) {
	m, _ := newTestModel(t, "dkim-pass.eml", "dkim-fail-body.eml")
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	if m.focus != focusMessages {
		t.Fatalf("focus = %v with two messages, want the message list", m.focus)
	}
	send(t, m, keys("j", "enter")...)
	if d := m.current(); d == nil || d.name != "dkim-fail-body.eml" {
		t.Fatalf("current message = %+v, want dkim-fail-body.eml", d)
	}
	if _, ok := m.selected().(cardFinding); !ok {
		t.Fatalf("selected finding = %T, want the verdict card", m.selected())
	}
	// Into the card, then follow its first piece of evidence: the
	// failing signature.
	send(t, m, keys("enter", "enter")...)
	if f := m.selected(); f == nil || f.result() != verdict.Fail {
		t.Fatalf("selected finding = %v, want the failing signature", f)
	}
	send(t, m, keys("4")...)
	if m.focus != focusDetail || m.det.view != render.ViewHashes {
		t.Fatalf("focus %v view %v, want detail and Hashes", m.focus, m.det.view)
	}
	if !strings.Contains(ansi.Strip(m.det.text), "mismatch") {
		t.Errorf("Hashes view does not say mismatch:\n%s", m.det.text)
	}
	send(t, m, keys("right", "right", "right")...)
	if m.det.view != render.ViewOverview {
		t.Errorf("view after three → from Hashes = %v, want it to wrap to Overview", m.det.view)
	}
	send(t, m, keys("esc")...)
	if _, ok := m.selected().(cardFinding); !ok || m.focus != focusDetail {
		t.Errorf("esc after following a link selected %T (focus %v), want the verdict card again", m.selected(), m.focus)
	}
	send(t, m, keys("esc", "esc")...)
	if m.focus != focusMessages {
		t.Errorf("focus after esc esc = %v, want the message list", m.focus)
	}
	send(t, m, keys("tab", "tab", "tab")...)
	if m.focus != focusMessages {
		t.Errorf("focus after three tabs = %v, want a full cycle", m.focus)
	}
}

func TestPasteOpensMessage(t *testing.T) {
	m, _ := newTestModel(t, "dkim-pass.eml")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	raw, err := os.ReadFile(filepath.Join("testdata", "mail", "dkim-pass.eml"))
	if err != nil {
		t.Fatal(err)
	}
	// A terminal sends a paste's line ends as CR.
	head := strings.SplitN(string(raw), "\r\n\r\n", 2)[0] + "\r\n"
	paste := strings.ReplaceAll(head, "\r\n", "\r")
	send(t, m, tea.PasteMsg{Content: paste})
	d := m.current()
	if d == nil || d.name != "pasted #1" {
		t.Fatalf("current message = %+v, want pasted #1", d)
	}
	if string(d.raw) != head {
		t.Errorf("pasted bytes = %q, want %q", d.raw, head)
	}
	if !strings.HasPrefix(d.note, "pasted at 10:04:05;") {
		t.Errorf("paste note = %q, want the time of the test's wall clock", d.note)
	}
	if d.state != docDone || len(d.report.DKIM) != 1 {
		t.Fatalf("pasted message not analysed: state %v report %+v", d.state, d.report)
	}
	// Header-only: the body hash cannot be checked, the header signature can.
	if got := d.report.DKIM[0].Header.Status; got != "match" {
		t.Errorf("pasted header signature = %q, want match", got)
	}
	if !strings.Contains(ansi.Strip(m.screen()), "pasted #1") {
		t.Errorf("screen does not name the pasted message:\n%s", ansi.Strip(m.screen()))
	}
}

func TestOpenFile(t *testing.T) {
	m, _ := newTestModel(t, "dkim-pass.eml")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(t, m, keys("o")...)
	if m.prompt != promptOpen {
		t.Fatal("o did not open the path prompt")
	}
	send(t, m, typed(filepath.Join("testdata", "mail", "no-such.eml"))...)
	send(t, m, keys("enter")...)
	if !m.statusErr || !strings.Contains(m.status, "check the path and press o") {
		t.Errorf("status after a missing file = %q (error %v), want advice", m.status, m.statusErr)
	}
	send(t, m, keys("o")...)
	send(t, m, typed(filepath.Join("testdata", "mail", "dkim-fail-body.eml"))...)
	send(t, m, keys("enter")...)
	if len(m.docs) != 2 || m.current() != m.docs[1] || m.docs[1].state != docDone {
		t.Fatalf("opened file not selected and analysed: %d docs", len(m.docs))
	}
	if got := worst(m.docs[1].report); got != verdict.Fail {
		t.Errorf("opened message verdict = %q, want fail", got)
	}
}

func TestCopyWritesOSC52(t *testing.T) {
	m, clip := newTestModel(t, "dkim-fail-body.eml")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(t, m, keys("enter", "1", "6", "y")...)
	out := clip.String()
	const pre = "\x1b]52;c;"
	if !strings.HasPrefix(out, pre) || !strings.HasSuffix(out, "\x07") {
		t.Fatalf("clipboard output = %q, want one OSC 52 sequence", out)
	}
	got, err := base64.StdEncoding.DecodeString(out[len(pre) : len(out)-1])
	if err != nil {
		t.Fatal(err)
	}
	if want := m.selected().(dkimFinding).r.Field; string(got) != want {
		t.Errorf("copied %q, want the raw field %q", got, want)
	}
	if !strings.Contains(m.status, "copied the raw DKIM-Signature field") {
		t.Errorf("status = %q", m.status)
	}
}

func TestSearchDetail(t *testing.T) {
	m, _ := newTestModel(t, "dkim-fail-body.eml")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(t, m, keys("enter", "1", "2", "/")...)
	if m.prompt != promptSearch {
		t.Fatal("/ in the detail pane did not open the search prompt")
	}
	send(t, m, typed("bh=")...)
	send(t, m, keys("enter")...)
	if len(m.det.matches) == 0 {
		t.Fatalf("no match for bh= in the Tags view:\n%s", m.det.text)
	}
	if !strings.Contains(m.status, "match 1 of") {
		t.Errorf("status = %q, want the match count", m.status)
	}
	send(t, m, keys("esc")...)
	if m.det.query != "" || m.focus != focusDetail {
		t.Errorf("esc should clear the search first (query %q, focus %v)", m.det.query, m.focus)
	}
}

func TestFilterFindings(t *testing.T) {
	m, _ := newTestModel(t, "dkim-pass.eml")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(t, m, keys("/", "z", "z", "z")...)
	if got := len(m.finds.VisibleItems()); got != 0 {
		t.Errorf("%d findings match zzz, want 0", got)
	}
	if !strings.Contains(ansi.Strip(m.screen()), "/zzz") {
		t.Errorf("screen does not show the filter being typed:\n%s", ansi.Strip(m.screen()))
	}
	send(t, m, keys("q")...)
	if !m.finds.SettingFilter() {
		t.Fatal("q while typing a filter should be text, not quit")
	}
	send(t, m, keys("esc")...)
	if got, want := len(m.finds.VisibleItems()), len(findingsOf(m.current().report)); got != want || m.finds.SettingFilter() {
		t.Errorf("%d findings after esc (filtering %v), want all %d", got, m.finds.SettingFilter(), want)
	}
}

func TestRerunDropsStaleResult(t *testing.T) {
	m, _ := newTestModel(t, "dkim-pass.eml")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	old := m.current().report
	_, cmd := m.Update(keys("r")[0])
	if m.current().state != docRunning {
		t.Fatalf("state after r = %v, want running", m.current().state)
	}
	// A result of the previous generation arriving late is ignored.
	m.Update(analyzedMsg{id: 0, gen: 0, report: nil, err: "stale"})
	if m.current().err != "" {
		t.Fatal("a stale result replaced the running analysis")
	}
	run(t, m, cmd)
	if d := m.current(); d.state != docDone || d.report == old || d.report == nil {
		t.Errorf("re-run did not produce a new report")
	}
}

// TestHostileBytesAreHarmless opens a message whose Subject and name carry
// escape sequences and a bidi override; nothing of them may reach the
// terminal as control bytes.
func TestHostileBytesAreHarmless(t *testing.T) {
	raw := "From: a@example.com\r\nSubject: \x1b]52;c;ZXZpbA==\x07 \x1b[2J\u202Egnp.exe\r\n\r\nbody\r\n"
	m, err := build(t.Context(), Options{Inputs: []Input{{Name: "evil\x1b[31m.eml", Raw: []byte(raw)}}})
	if err != nil {
		t.Fatal(err)
	}
	run(t, m, m.Init())
	for _, sz := range []tea.WindowSizeMsg{{Width: 80, Height: 24}, {Width: 120, Height: 40}} {
		send(t, m, sz)
		for _, k := range []string{"1", "6"} {
			send(t, m, keys(k)...)
			v := m.screen()
			if strings.ContainsAny(ansi.Strip(v), "\x1b\x07\u202e") {
				t.Errorf("%dx%d view %s passes control bytes through:\n%q", sz.Width, sz.Height, k, v)
			}
			if !strings.Contains(v, "\\x1b") {
				t.Errorf("%dx%d view %s does not show the escape as text", sz.Width, sz.Height, k)
			}
		}
	}
}
