package tui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/conclusion"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/verdict"
	"github.com/headerscope/headerscope/render"
	"github.com/headerscope/headerscope/tui/gallery"
)

// sandboxOn opens the gallery at w x h, selects the message name and
// opens its sandbox.
func sandboxOn(t *testing.T, name string, w, h int) *model {
	t.Helper()
	m := galleryModel(t)
	send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	openDoc(t, m, name)
	send(t, m, keys("e")...)
	if m.box == nil || m.box.orig.name != name {
		t.Fatalf("e did not open the sandbox of %s", name)
	}
	return m
}

// toRow moves the sandbox's selection down from the top to the first row
// whose content starts with prefix.
func toRow(t *testing.T, m *model, prefix string) {
	t.Helper()
	send(t, m, keys("g")...)
	b := m.box
	for range b.rows {
		if strings.HasPrefix(string(b.rows[b.cur].content(b.doc.raw)), prefix) {
			return
		}
		send(t, m, keys("j")...)
	}
	t.Fatalf("no row starting with %q", prefix)
}

// comparison is the whole comparison text, scrolled or not, ANSI-stripped.
func comparison(m *model) string {
	return ansi.Strip(strings.Join(m.sandboxText(m.box, m.width), "\n"))
}

var (
	ctrlU = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	home  = tea.KeyPressMsg{Code: tea.KeyHome}
)

// editTo replaces the selected row with text through the line editor.
func editTo(t *testing.T, m *model, text string) {
	t.Helper()
	send(t, m, keys("enter")...)
	if m.box.editing != sbEditRow {
		t.Fatal("enter did not open the editor")
	}
	send(t, m, ctrlU)
	send(t, m, typed(text)...)
	send(t, m, keys("enter")...)
}

// sigResult is the verdict of the copy's DKIM-Signature n.
func sigResult(t *testing.T, m *model, n int) *dkim.Result {
	t.Helper()
	d := m.box.doc
	if d.state != docDone || d.report == nil {
		t.Fatalf("the copy's analysis has not finished (state %v, err %q)", d.state, d.err)
	}
	if !bytes.Equal(d.report.Message.Raw, d.raw) {
		t.Fatal("the copy's report is not of its current bytes")
	}
	if n >= len(d.report.DKIM) {
		t.Fatalf("the copy has %d signatures, want a number %d", len(d.report.DKIM), n+1)
	}
	return d.report.DKIM[n]
}

func galleryRaw(t *testing.T, name string) []byte {
	t.Helper()
	for _, s := range gallery.Messages() {
		if s.Name == name {
			return s.Raw
		}
	}
	t.Fatalf("no gallery message %s", name)
	return nil
}

// TestSandboxSubjectAndResign: a changed Subject breaks the signature,
// the diagnosis names the change, S signs it again with the teaching key
// and it passes; the original is untouched throughout.
func TestSandboxSubjectAndResign(t *testing.T) {
	const name = "01-dkim-pass-rsa.eml"
	m := sandboxOn(t, name, 80, 24)
	orig := m.box.orig
	toRow(t, m, "Subject:")
	send(t, m, keys("enter")...) // open the editor, cursor at the end
	send(t, m, home)
	send(t, m, typed("never applied ")...)
	send(t, m, keys("esc")...)
	if m.box.editing != sbNone || !bytes.Equal(m.box.doc.raw, orig.raw) {
		t.Fatal("esc in the editor changed the copy")
	}
	editTo(t, m, "Subject: [EXTERNAL] Your November statement is ready")

	r := sigResult(t, m, 0)
	if r.Verdict != verdict.Fail || r.Body.Status != dkim.Match || r.Header.Status != dkim.Mismatch {
		t.Fatalf("after the Subject edit: %v (%s), body %s, header %s; want fail on the header only", r.Verdict, r.Reason, r.Body.Status, r.Header.Status)
	}
	named := false
	if r.Diagnosis != nil {
		for _, f := range r.Diagnosis.Findings {
			named = named || (f.Kind == dkim.KindSubjectTag && strings.EqualFold(f.Field, "Subject") && f.Status == dkim.Verified)
		}
	}
	if !named {
		t.Errorf("the diagnosis does not name the Subject change: %+v", r.Diagnosis)
	}
	s := plain(m)
	for _, want := range []string{"✓ pass", "✗ fail", "Subject, canonical", "subject:Your·November", "subject:[EXTERNAL]·Your"} {
		if !strings.Contains(joined(s), want) {
			t.Errorf("sandbox screen lacks %q:\n%s", want, s)
		}
	}
	if !bytes.Equal(orig.raw, galleryRaw(t, name)) || orig.report.DKIM[0].Verdict != verdict.Pass {
		t.Fatal("the edit reached the original message")
	}

	send(t, m, keys("S")...)
	r = sigResult(t, m, 0)
	if r.Verdict != verdict.Pass {
		t.Fatalf("after S: %v (%s), want pass", r.Verdict, r.Reason)
	}
	if r.Timestamp == nil || !r.Timestamp.Equal(gallery.Now) {
		t.Errorf("after S: t= %v, want the model's clock %v", r.Timestamp, gallery.Now)
	}
	if !strings.Contains(m.status, "teaching key — valid nowhere else") {
		t.Errorf("status after S = %q, want it to say the key is a teaching key", m.status)
	}
	if !strings.Contains(string(m.box.doc.raw), "Subject: [EXTERNAL] Your November") {
		t.Error("S lost the edit")
	}

	// esc shows the copy in the panes, its verdict card up to date.
	send(t, m, keys("esc")...)
	if m.box != nil || m.current() != m.boxes[orig].doc {
		t.Fatal("esc did not leave the sandbox onto the copy")
	}
	if c, ok := m.finds.Items()[0].(cardFinding); !ok || c.card.Kind != conclusion.Authentic {
		t.Errorf("the copy's verdict card after S = %+v, want authentic", m.finds.Items()[0])
	}
	// e on the copy goes back to the same sandbox.
	send(t, m, keys("e")...)
	if m.box == nil || m.box.orig != orig {
		t.Error("e on the copy did not reopen its sandbox")
	}
}

// TestSandboxCanonToggle: on the refolded Subject of lesson 13, the
// relaxed signature passes; c= made simple changes the result, and the
// screen shows the Subject's canonical bytes under each.
func TestSandboxCanonToggle(t *testing.T) {
	m := sandboxOn(t, "13-dkim-fail-simple-header-refolded.eml", 120, 40)
	send(t, m, keys("tab")...)
	if m.box.sig != 1 {
		t.Fatalf("tab selected signature %d, want 2", m.box.sig+1)
	}
	if r := sigResult(t, m, 1); r.Verdict != verdict.Pass || r.Canonicalization != "relaxed/relaxed" {
		t.Fatalf("signature 2 before the toggle: %v %s, want a relaxed pass", r.Verdict, r.Canonicalization)
	}
	send(t, m, keys("c")...)
	r := sigResult(t, m, 1)
	if r.Canonicalization != "simple/relaxed" || r.Verdict != verdict.Fail {
		t.Fatalf("after c: %s %v, want simple/relaxed and fail", r.Canonicalization, r.Verdict)
	}
	s := joined(plain(m))
	for _, want := range []string{"Subject, canonical (header c=relaxed before, c=simple after)", "ready·to·download", "ready·to␍␊"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen after c lacks %q:\n%s", want, plain(m))
		}
	}
	// Signed again under simple, the refolded field is what is signed.
	send(t, m, keys("S")...)
	if r := sigResult(t, m, 1); r.Verdict != verdict.Pass || r.Canonicalization != "simple/relaxed" {
		t.Fatalf("after S: %v %s, want a simple/relaxed pass", r.Verdict, r.Canonicalization)
	}
	// Now unfolding the Subject breaks it: simple keeps every byte.
	toRow(t, m, "Subject:")
	editTo(t, m, "Subject: Your statement for November is ready to download from online banking")
	if r := sigResult(t, m, 1); r.Verdict != verdict.Fail {
		t.Errorf("unfolded Subject under simple: %v, want fail", r.Verdict)
	}
	// Back to relaxed header canonicalization (and signed): pass again.
	send(t, m, keys("c", "S")...)
	if r := sigResult(t, m, 1); r.Verdict != verdict.Pass || r.Canonicalization != "relaxed/relaxed" {
		t.Errorf("relaxed again: %v %s, want a relaxed pass", r.Verdict, r.Canonicalization)
	}
	// C toggles the body half.
	send(t, m, keys("C")...)
	if r := sigResult(t, m, 1); r.Canonicalization != "relaxed/simple" {
		t.Errorf("after C: c=%s, want relaxed/simple", r.Canonicalization)
	}
	if s := joined(comparison(m)); !strings.Contains(s, "both hash the same body bytes") {
		t.Errorf("after C on a body without white space to rewrite, the screen does not say so:\n%s", plain(m))
	}
}

// TestSandboxAddRemoveField: a Subject added below the signed one is the
// one a verifier hashes; removing it restores the pass. A field h= does
// not list changes nothing.
func TestSandboxAddRemoveField(t *testing.T) {
	m := sandboxOn(t, "01-dkim-pass-rsa.eml", 80, 24)
	toRow(t, m, "Date:")
	send(t, m, keys("a")...)
	send(t, m, typed("Subject: ACTION NEEDED")...)
	send(t, m, keys("enter")...)
	r := sigResult(t, m, 0)
	if r.Verdict != verdict.Fail {
		t.Fatalf("Subject added below the signed one: %v, want fail", r.Verdict)
	}
	if n := strings.Count(string(m.box.doc.raw), "\r\nSubject: "); n != 2 {
		t.Fatalf("%d Subject fields after a, want 2", n)
	}
	toRow(t, m, "Subject: ACTION")
	send(t, m, keys("x")...)
	if r := sigResult(t, m, 0); r.Verdict != verdict.Pass {
		t.Fatalf("added Subject removed: %v, want pass", r.Verdict)
	}
	toRow(t, m, "From:")
	send(t, m, keys("a")...)
	send(t, m, typed("X-Note: not signed")...)
	send(t, m, keys("enter")...)
	if r := sigResult(t, m, 0); r.Verdict != verdict.Pass {
		t.Errorf("unsigned field added: %v, want pass", r.Verdict)
	}
	if s := joined(plain(m)); !strings.Contains(s, "not in h=") {
		t.Errorf("the screen does not say X-Note is not signed:\n%s", plain(m))
	}
	// A field that is not a field is refused, with what to type.
	send(t, m, keys("a")...)
	send(t, m, typed("no colon here")...)
	send(t, m, keys("enter")...)
	if !m.statusErr || !strings.Contains(m.status, "Name: value") {
		t.Errorf("status after a bad field = %q, want an error that shows the form", m.status)
	}
	// Removing From, which h= lists, breaks the signature.
	toRow(t, m, "From:")
	send(t, m, keys("x")...)
	if r := sigResult(t, m, 0); r.Verdict == verdict.Pass {
		t.Errorf("From removed: still pass")
	}
	// u undoes, one edit at a time.
	send(t, m, keys("u")...)
	if r := sigResult(t, m, 0); r.Verdict != verdict.Pass || !strings.Contains(string(m.box.doc.raw), "From: Bank") {
		t.Errorf("after u: %v, From back: %v", r.Verdict, strings.Contains(string(m.box.doc.raw), "From: Bank"))
	}
}

// TestSandboxLength: l= is signed, so changing it breaks the signature;
// signed again, the new l= decides what is covered.
func TestSandboxLength(t *testing.T) {
	m := sandboxOn(t, "09-dkim-pass-length-appended.eml", 80, 24)
	r := sigResult(t, m, 0)
	if r.Length == nil || r.Body.Unsigned == 0 {
		t.Fatalf("lesson 09 should have l= with unsigned bytes: %+v", r.Length)
	}
	l0, unsigned0 := *r.Length, r.Body.Unsigned
	send(t, m, keys("l")...)
	send(t, m, ctrlU)
	send(t, m, typed("40")...)
	send(t, m, keys("enter")...)
	if r := sigResult(t, m, 0); r.Verdict != verdict.Fail || r.Length == nil || *r.Length != 40 {
		t.Fatalf("l=40: %v l=%v, want fail with l=40", r.Verdict, r.Length)
	}
	if s := joined(comparison(m)); !strings.Contains(s, "l=40: 40 of") || !strings.Contains(m.status, "signature 1 now says l=40") {
		t.Errorf("the screen does not show what l=40 covers:\n%s", plain(m))
	}
	// pgdn brings the rest of the comparison into view.
	found := false
	for range 5 {
		if found = strings.Contains(joined(plain(m)), "l=40: 40 of"); found {
			break
		}
		send(t, m, keys("f")...)
	}
	if !found || m.box.scroll == 0 {
		t.Errorf("pgdn did not scroll to the l= row (scroll %d):\n%s", m.box.scroll, plain(m))
	}
	send(t, m, keys("S")...)
	r = sigResult(t, m, 0)
	if r.Verdict != verdict.Pass || *r.Length != 40 || r.Body.Unsigned != unsigned0+l0-40 {
		t.Fatalf("l=40 signed: %v, unsigned %d, want pass with %d unsigned", r.Verdict, r.Body.Unsigned, unsigned0+l0-40)
	}
	// No l= at all: the appended paragraph is covered once signed.
	send(t, m, keys("l")...)
	send(t, m, ctrlU, keys("enter")[0])
	send(t, m, keys("S")...)
	if r := sigResult(t, m, 0); r.Verdict != verdict.Pass || r.Length != nil || r.Body.Unsigned != 0 {
		t.Fatalf("without l=, signed: %v l=%v unsigned %d, want pass covering the whole body", r.Verdict, r.Length, r.Body.Unsigned)
	}
	send(t, m, keys("l")...)
	send(t, m, typed("x1")...)
	send(t, m, keys("enter")...)
	if !m.statusErr || !strings.Contains(m.status, "number of bytes") {
		t.Errorf("status after l=x1: %q", m.status)
	}
}

// TestSandboxBodyLine: a body line edit breaks the body hash; the screen
// shows the line canonical before and after, and the two bh= computed.
func TestSandboxBodyLine(t *testing.T) {
	m := sandboxOn(t, "01-dkim-pass-rsa.eml", 120, 40)
	toRow(t, m, "Hello Sam,")
	// c=relaxed for the body: runs of white space and white space at
	// the end of a line do not count.
	editTo(t, m, "Hello  Sam, \\t")
	if r := sigResult(t, m, 0); r.Verdict != verdict.Pass {
		t.Fatalf("white space added under relaxed: %v, want pass", r.Verdict)
	}
	if s := joined(plain(m)); strings.Count(s, "Hello·Sam,␍␊") != 2 {
		t.Errorf("the screen should show the same canonical line on both sides:\n%s", plain(m))
	}
	editTo(t, m, "Hello Pam,")
	r := sigResult(t, m, 0)
	if r.Verdict != verdict.Fail || r.Body.Status != dkim.Mismatch {
		t.Fatalf("body line edited: %v body %s, want a body hash mismatch", r.Verdict, r.Body.Status)
	}
	s := joined(plain(m))
	for _, want := range []string{"Hello·Sam,␍␊", "Hello·Pam,␍␊", "✗ mismatch"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, plain(m))
		}
	}
	send(t, m, keys("S")...)
	if r := sigResult(t, m, 0); r.Verdict != verdict.Pass {
		t.Errorf("after S: %v", r.Verdict)
	}
	// Under simple, the same white space breaks the body hash.
	send(t, m, keys("C")...)
	send(t, m, keys("S")...)
	editTo(t, m, "Hello  Pam,")
	if r := sigResult(t, m, 0); r.Verdict != verdict.Fail || r.Body.Status != dkim.Mismatch {
		t.Errorf("white space added under simple: %v body %s, want a body hash mismatch", r.Verdict, r.Body.Status)
	}
}

// TestSandboxNoTeachingKey: S says so for a domain the gallery has no
// key for, and changes nothing.
func TestSandboxNoTeachingKey(t *testing.T) {
	m, _ := newTestModel(t, "dkim-pass.eml")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(t, m, keys("e")...)
	before := m.box.doc.raw
	send(t, m, keys("S")...)
	if !m.statusErr || !strings.Contains(m.status, "no teaching key for") {
		t.Errorf("status after S = %q, want no teaching key", m.status)
	}
	if !bytes.Equal(before, m.box.doc.raw) {
		t.Error("S without a key changed the copy")
	}
	if s := joined(plain(m)); !strings.Contains(s, "no teaching key for") {
		t.Errorf("the screen does not say there is no teaching key:\n%s", plain(m))
	}
}

// TestSandboxSupersededEdit: the analysis of an older edit that arrives
// after a newer edit is dropped, as r's is.
func TestSandboxSupersededEdit(t *testing.T) {
	m := sandboxOn(t, "01-dkim-pass-rsa.eml", 80, 24)
	toRow(t, m, "Subject:")
	send(t, m, keys("enter")...)
	send(t, m, typed("!")...)
	_, first := m.Update(keys("enter")[0]) // not run yet
	d := m.box.doc
	if d.state != docRunning {
		t.Fatalf("state after the edit = %v, want running", d.state)
	}
	send(t, m, keys("enter")...)
	send(t, m, typed("?")...)
	_, second := m.Update(keys("enter")[0])
	run(t, m, second)
	newest := d.report
	run(t, m, first) // the stale result arrives last
	if d.report != newest || !bytes.Equal(d.report.Message.Raw, d.raw) || !strings.Contains(string(d.raw), "ready!?") {
		t.Error("a superseded analysis replaced the newest one")
	}
}

// TestSandboxSave: W writes the copy next to the original, never over a
// file; the saved file verifies the same way, and the original file is
// byte for byte what it was.
func TestSandboxSave(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "lesson.eml")
	if err := os.WriteFile(src, galleryRaw(t, "04-dkim-fail-header-modified.eml"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := func() [32]byte {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	h0 := sum()
	res, err := gallery.Resolver()
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return gallery.Now }
	m, err := build(t.Context(), Options{Resolver: res, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(t, m, keys("o")...)
	send(t, m, typed(src)...)
	send(t, m, keys("enter", "e")...)
	toRow(t, m, "Subject:")
	editTo(t, m, "Subject: Your payment was received")
	if r := sigResult(t, m, 0); r.Verdict != verdict.Pass {
		t.Fatalf("the gateway's tag removed: %v (%s), want pass", r.Verdict, r.Reason)
	}
	send(t, m, keys("W")...)
	send(t, m, typed(dir)...)
	send(t, m, keys("enter")...)
	want := filepath.Join(dir, "lesson-sandbox.eml")
	if m.statusErr || !strings.Contains(m.status, want) {
		t.Fatalf("status after W = %q, want the path %s", m.status, want)
	}
	saved, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(saved, m.box.doc.raw) {
		t.Error("the saved file is not the copy")
	}
	rep := analyze.Analyze(context.Background(), saved, analyze.Options{Resolver: res, Now: now})
	got, copyCard := render.VerdictCard(rep, conclusion.Of(rep)), render.VerdictCard(m.box.doc.report, conclusion.Of(m.box.doc.report))
	if rep.DKIM[0].Verdict != verdict.Pass || got.Summary != copyCard.Summary {
		t.Errorf("the saved file re-analyses as %v %q, the copy as %q", rep.DKIM[0].Verdict, got.Summary, copyCard.Summary)
	}
	// Again: a new name, the first file kept.
	send(t, m, keys("W")...)
	send(t, m, typed(dir)...)
	send(t, m, keys("enter")...)
	if want2 := filepath.Join(dir, "lesson-sandbox-2.eml"); !strings.Contains(m.status, want2) {
		t.Errorf("second W: status %q, want %s", m.status, want2)
	}
	if b, _ := os.ReadFile(want); !bytes.Equal(b, saved) {
		t.Error("the second W overwrote the first file")
	}
	if sum() != h0 {
		t.Error("the original file changed")
	}
	// A directory that does not exist: an error that says what to do.
	send(t, m, keys("W")...)
	send(t, m, typed(filepath.Join(dir, "missing"))...)
	send(t, m, keys("enter")...)
	if !m.statusErr || !strings.Contains(m.status, "another directory") {
		t.Errorf("W into a missing directory: %q", m.status)
	}
}

// TestSandboxScreens are the side-by-side screen after a Subject edit, at
// both sizes.
func TestSandboxScreens(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			m := sandboxOn(t, "04-dkim-fail-header-modified.eml", sz.w, sz.h)
			toRow(t, m, "Subject:")
			editTo(t, m, "Subject: Your payment was received")
			golden(t, m, "sandbox-subject-"+sz.name)
			for i, l := range strings.Split(plain(m), "\n") {
				if w := ansi.StringWidth(l); w > sz.w {
					t.Errorf("line %d is %d columns wide, more than %d", i+1, w, sz.w)
				}
			}
			if n := strings.Count(plain(m), "\n") + 1; n != sz.h {
				t.Errorf("%d lines on a %d-line screen", n, sz.h)
			}
			// The help overlay wraps its prose whole.
			send(t, m, keys("?")...)
			if s := joined(plain(m)); !strings.Contains(s, "every finding up to date.") || !strings.Contains(s, "(teaching key — valid nowhere else)") {
				t.Errorf("the sandbox help is cut:\n%s", plain(m))
			}
			send(t, m, keys("j")...)
			if m.box.help {
				t.Error("a key did not close the help")
			}
		})
	}
}

func TestEditableRoundTrip(t *testing.T) {
	tests := []string{
		"Subject: plain",
		"Subject: folded\r\n\tline",
		"Subject: back\\slash and \\n literal",
		"Subject: \x1b[31mred\x1b[0m \x07 \x00 \x7f",
		"Subject: \u202eevil\u202c \u200b zero \u00ad",
		"Subject: \xff\xfe invalid",
		"Subject: bare\nLF and bare\rCR",
	}
	for _, in := range tests {
		e := editable([]byte(in))
		for _, r := range e {
			if r < 0x20 || r == 0x7f || r == '\u202e' || r == '\u200b' || r == 0xad {
				t.Errorf("editable(%q) = %q keeps %U", in, e, r)
			}
		}
		back, err := unedit(e)
		if err != nil || string(back) != in {
			t.Errorf("unedit(editable(%q)) = %q, %v", in, back, err)
		}
	}
	for _, bad := range []string{`a\`, `\q`, `\x4`, `\xzz`, `\u{110000}`, `\u202e`} {
		if _, err := unedit(bad); err == nil {
			t.Errorf("unedit(%q) accepted", bad)
		}
	}
}

func TestSaveBase(t *testing.T) {
	tests := map[string]string{
		"04-dkim-fail-header-modified.eml": "04-dkim-fail-header-modified",
		"/tmp/x/lesson.eml (sandbox)":      "lesson",
		"pasted #1":                        "pasted-1",
		"mbox.mbox #3":                     "mbox.mbox-3",
		"../../etc/passwd":                 "passwd",
		"\x1b[31m":                         "31m",
		"日本":                               "message",
		"stdin":                            "stdin",
	}
	for in, want := range tests {
		if got := saveBase(in); got != want {
			t.Errorf("saveBase(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSandboxHostile: a message whose name, Subject, d= and s= carry
// terminal escapes, bidi overrides and invalid UTF-8: nothing of them
// reaches the terminal from the sandbox screen, the editor or a status.
func TestSandboxHostile(t *testing.T) {
	raw := "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + evil + ".example; s=s" + evil + ";\r\n" +
		"\th=from:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n" +
		"From: Alice <alice@example.com>\r\n" +
		"Subject: hi " + evil + "\r\n" +
		"\r\n" +
		"body " + evil + "\r\n"
	m, err := build(context.Background(), Options{
		Inputs: []Input{{Name: "evil" + evil + ".eml", Raw: []byte(raw)}},
		Now:    func() time.Time { return testNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	run(t, m, m.Init())
	check := func(step string) {
		t.Helper()
		if r, at := unsafeRune(attributesOnly(m.screen())); at >= 0 {
			s := attributesOnly(m.screen())
			t.Fatalf("%s: %U reaches the terminal at %d: %q", step, r, at, s[max(at-30, 0):min(at+30, len(s))])
		}
	}
	for _, sz := range []tea.WindowSizeMsg{{Width: 80, Height: 24}, {Width: 120, Height: 40}} {
		send(t, m, sz)
		send(t, m, keys("e")...)
		check("sandbox open")
		toRow(t, m, "Subject:")
		send(t, m, keys("enter")...)
		check("editing the Subject")
		send(t, m, typed("!")...)
		send(t, m, keys("enter")...)
		check("Subject edited")
		if !strings.Contains(string(m.box.doc.raw), "Subject: hi "+evil+"!") {
			t.Fatalf("the edit did not keep the field's bytes: %q, status %q", m.box.doc.raw, m.status)
		}
		toRow(t, m, "body")
		send(t, m, keys("enter", "esc")...)
		send(t, m, keys("S")...)
		check("S without a key")
		send(t, m, keys("c")...)
		check("c toggled")
		send(t, m, keys("?")...)
		check("help")
		send(t, m, keys("esc", "esc")...)
		check("panes")
	}
}

// TestSandboxWhileChecking: e on a message whose analysis has not
// finished still gives a copy that is analysed, and a "before" side.
func TestSandboxWhileChecking(t *testing.T) {
	m, _ := buildTestModel(t, "dkim-pass.eml")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	init := m.Init() // the original's analysis, not run yet
	send(t, m, keys("e")...)
	run(t, m, init)
	if d := m.box.doc; d.state != docDone || d.report == nil {
		t.Fatalf("the copy was not analysed: state %v", d.state)
	}
	if c := m.sandboxCompare(m.box); c.Before.Report == nil {
		t.Error("the before side has no report once the original's analysis finished")
	}
}

// FuzzEditable: whatever a message holds, the editor's text reads back
// to the same bytes and shows no control or invisible character; and
// whatever is typed, unedit answers without panicking.
func FuzzEditable(f *testing.F) {
	for _, s := range []string{"Subject: x", "a\r\n\tb", evil, "\\x\\u{41}", "\xff\r\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e := editable(b)
		for _, r := range e {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("editable(%q) = %q keeps %U", b, e, r)
			}
		}
		back, err := unedit(e)
		if err != nil || !bytes.Equal(back, b) {
			t.Fatalf("unedit(editable(%q)) = %q, %v", b, back, err)
		}
		unedit(string(b)) //nolint:errcheck // must only not panic
	})
}

// FuzzSandboxRows: on any bytes, the rows lie inside the message in order
// and every edit of one gives bytes that split into rows again.
func FuzzSandboxRows(f *testing.F) {
	for _, s := range []string{"Subject: a\r\n folded\r\n\r\nbody\r\nline", "no header", "A: b\n\nlf body\n", "\r\n\r\n", ":\r\n \r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		rows, _ := sandboxRows(raw)
		last := 0
		for _, r := range rows {
			if r.start < last || r.end < r.start || r.end > len(raw) {
				t.Fatalf("row %+v out of order or bounds (previous end %d, %d bytes)", r, last, len(raw))
			}
			last = r.end
			sandboxRows(replaceRow(raw, r, []byte("X: y")))
			sandboxRows(removeRow(raw, r))
		}
		sandboxRows(insertField(raw, headerEnd(raw), []byte("X: y"), true))
	})
}
