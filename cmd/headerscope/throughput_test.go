package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/render"
)

// timings removes what a report measures about the run itself rather
// than about the message.
var timings = regexp.MustCompile(`"duration_ms":[0-9.e+-]+`)

func withoutTimings(s string) string { return timings.ReplaceAllString(s, `"duration_ms":0`) }

// TestReportOutputStable checks that the batch machinery (the ring the
// files are read into, the reorder window, the skipped body-line trace,
// the run's key cache, the shared body hashes) changes no byte of the
// JSON: the report of every test message is the same with one worker,
// with several, and as the plain path gives it (each file read whole by
// os.ReadFile and analysed on its own).
func TestReportOutputStable(t *testing.T) {
	names, err := filepath.Glob(mailDir + "*.eml")
	if err != nil || len(names) < 20 {
		t.Fatalf("want at least 20 test messages, got %d (%v)", len(names), err)
	}
	names = append(names, "../../testdata/mbox/three.mbox")
	// A small ring, so that it wraps and waits many times.
	old := windowBytes
	windowBytes = 64 << 10
	t.Cleanup(func() { windowBytes = old })

	var outs []string
	for _, jobs := range []string{"1", "2", "5"} {
		args := append([]string{"report", "--json", "--jobs", jobs, "--dns-zone", zone, "--now", pinned}, names...)
		code, out, errs := runCmd(t, "", args...)
		if code != 0 {
			t.Fatalf("--jobs %s: exit %d, stderr %q", jobs, code, errs)
		}
		outs = append(outs, withoutTimings(out))
	}
	for i := 1; i < len(outs); i++ {
		if outs[i] != outs[0] {
			t.Errorf("report --json differs between run %d and run 0 (--jobs 1): %s", i, firstDiff(outs[0], outs[i]))
		}
	}

	// The plain path.
	now, _ := time.Parse(time.RFC3339, pinned)
	res, err := dns.LoadZones(zone)
	if err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	for _, name := range names {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		msgs := [][]byte{raw}
		display := []string{name}
		if strings.HasSuffix(name, ".mbox") {
			msgs, display = splitForTest(raw, name)
		}
		for i, m := range msgs {
			rep := analyze.Analyze(context.Background(), m, analyze.Options{Resolver: res, Now: func() time.Time { return now }})
			if err := render.JSON(&plain, rep, display[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := withoutTimings(plain.String()); got != outs[0] {
		t.Errorf("report --json differs from the plain path: %s", firstDiff(got, outs[0]))
	}
}

func splitForTest(raw []byte, name string) ([][]byte, []string) {
	var names []string
	var msgs [][]byte
	eachInput([]string{name}, nil, func(in input) bool {
		msgs = append(msgs, in.raw)
		names = append(names, in.name)
		return true
	})
	return msgs, names
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("at byte %d: %q vs %q", i, a[from:min(len(a), i+80)], b[from:min(len(b), i+80)])
}

// TestRing checks the ring's allocation: stretches in order, the wrap to
// the start once the oldest are free, waiting when full, and heap
// buffers for what does not fit.
func TestRing(t *testing.T) {
	r := newRing(100)
	a, la := r.get(40)
	b, lb := r.get(40)
	if cap(a) != 40 || cap(b) != 40 || la == nil || lb == nil {
		t.Fatalf("caps %d %d, leases %v %v", cap(a), cap(b), la, lb)
	}
	a = append(a, bytes.Repeat([]byte("a"), 40)...)
	b = append(b, bytes.Repeat([]byte("b"), 40)...)
	if &a[39] == &b[0] || string(a) != strings.Repeat("a", 40) {
		t.Fatal("stretches overlap")
	}
	// 30 bytes do not fit at the end (20 left) nor at the start (a is
	// held): get must wait until a is released.
	r.mu.Lock()
	_, fits := r.fit(30)
	r.mu.Unlock()
	if fits {
		t.Fatal("30 bytes fit in a ring of 100 holding 80")
	}
	got := make(chan []byte)
	go func() {
		c, _ := r.get(30)
		got <- c
	}()
	la.release()
	c := <-got
	c = append(c, bytes.Repeat([]byte("c"), 30)...)
	if string(b) != strings.Repeat("b", 40) {
		t.Fatal("the wrapped stretch overwrote a live one")
	}
	if &c[0] != &r.buf[0] {
		t.Error("the wrapped stretch does not start the ring")
	}
	if h, l := r.get(200); l != nil || cap(h) != 200 {
		t.Errorf("a request larger than the ring got lease %v, cap %d", l, cap(h))
	}
	lb.release()
	r.stop()
	if x, _ := r.get(10); x != nil {
		t.Error("get after stop returned a buffer")
	}
}

// endless is a stream that never ends, as /dev/zero.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.n += int64(len(p))
	return len(p), nil
}

// TestReadAllStreamLimit checks that a stream is refused as soon as it
// passes the size limit (issue 12, B5): /dev/zero must not be read until
// memory runs out.
func TestReadAllStreamLimit(t *testing.T) {
	old := maxInputBytes
	maxInputBytes = 1 << 20
	t.Cleanup(func() { maxInputBytes = old })
	src := &endless{}
	_, _, err := readAll(src, 0, nil)
	if err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Fatalf("readAll(endless) error = %v, want the size limit", err)
	}
	if src.n > 3<<20 {
		t.Errorf("read %d bytes of an endless stream to refuse it at %d", src.n, maxInputBytes)
	}
	// A regular file that grew after it was measured is still read whole.
	r := io.MultiReader(strings.NewReader("Subject: a\r\n\r\n"), strings.NewReader("more body\r\n"))
	raw, _, err := readAll(r, 5, newRing(1<<10))
	if err != nil || string(raw) != "Subject: a\r\n\r\nmore body\r\n" {
		t.Errorf("grown file: %q, %v", raw, err)
	}
}

// TestReportDevZero runs the B5 shape through the command: /dev/zero
// names a device, not a file, and is refused at the limit.
func TestReportDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	old := maxInputBytes
	maxInputBytes = 1 << 20
	t.Cleanup(func() { maxInputBytes = old })
	code, out, errs := runCmd(t, "", "report", "--offline", "/dev/zero")
	if code != exitInput || out != "" || !strings.Contains(errs, `cannot read "/dev/zero": larger than 1 MiB`) {
		t.Errorf("report /dev/zero = %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestLooksLikeMessage checks the test bench uses to leave out files that
// are not messages.
func TestLooksLikeMessage(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"From: a@example.com\r\n\r\nhi\r\n", true},
		{"DKIM-Signature: v=1\r\n", true},
		{"Subject : spaced\r\n", true},
		{"From alice@example.com Fri Nov 20 12:00:00 2026\nReceived: x\n", true},
		{"; zone\n$TTL 3600\nsel._domainkey.example.com. IN TXT \"v=DKIM1\"\n", false},
		{"sel._domainkey.example.com.\tIN\tTXT\t\"v=DKIM1; p=\"\n", false},
		{`[{"file": "m000.eml", "size": 11605}]`, false},
		{`{"a": 1}`, false},
		{"# Corpus\n", false},
		{"", false},
	} {
		if got := looksLikeMessage([]byte(tt.in)); got != tt.want {
			t.Errorf("looksLikeMessage(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestBenchSkipsNonMessages checks that a zone file and a manifest beside
// the messages are not counted as messages.
func TestBenchSkipsNonMessages(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"dkim-pass-relaxed-relaxed.eml", "dkim-pass-ed25519.eml"} {
		if err := os.WriteFile(filepath.Join(dir, n), readFixture(t, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	zoneText, err := os.ReadFile(zone)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "corpus.zone"), zoneText, 0o644)
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`[{"file": "a.eml"}]`), 0o644)
	code, out, errs := runCmd(t, "", "bench", "--passes", "1", "--jobs", "1", "--dns-zone", zone, "--now", pinned, dir)
	if code != 0 {
		t.Fatalf("bench exit %d, stderr %q", code, errs)
	}
	if !strings.HasPrefix(out, "messages   2 ") {
		t.Errorf("bench counted %q, want 2 messages", strings.SplitN(out, "\n", 2)[0])
	}
	if !strings.Contains(errs, "skipped 2 files that are not messages") {
		t.Errorf("stderr %q does not say what was skipped", errs)
	}
	if !strings.Contains(out, "body hash  relaxed") || !strings.Contains(out, "of plain SHA-256") {
		t.Errorf("bench output has no body-hash line:\n%s", out)
	}
}

// BenchmarkReport runs report --json over every test message (and the
// mbox), as a batch does: reading, analysis, JSON, in order.
func BenchmarkReport(b *testing.B) {
	names, err := filepath.Glob(mailDir + "*.eml")
	if err != nil || len(names) == 0 {
		b.Fatal("no test messages")
	}
	args := append([]string{"report", "--json", "--dns-zone", zone, "--now", pinned}, names...)
	b.ReportAllocs()
	for b.Loop() {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, strings.NewReader(""), &out, &errb); code != 0 {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
	}
	b.ReportMetric(float64(len(names)*b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkReadInputs reads every test message the way a batch run does,
// into the ring, and the way a single read does, into a fresh buffer.
func BenchmarkReadInputs(b *testing.B) {
	names, err := filepath.Glob(mailDir + "*.eml")
	if err != nil || len(names) == 0 {
		b.Fatal("no test messages")
	}
	for _, mode := range []string{"ring", "fresh"} {
		b.Run(mode, func(b *testing.B) {
			var rg *ring
			if mode == "ring" {
				rg = newRing(ringSize(names, windowBytes))
			}
			b.ReportAllocs()
			for b.Loop() {
				eachInputIn(names, nil, rg, func(in input) bool {
					in.done()
					return true
				})
			}
		})
	}
}
