package dkim

import (
	"bytes"
	"context"
	"hash"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze/message"
)

// TestLimitHash checks that a limited hash, written in pieces and cloned
// midway as the search's saved prefix states are, hashes exactly the
// first l bytes.
func TestLimitHash(t *testing.T) {
	data := []byte("0123456789abcdefghijklmnopqrstuvwxyz")
	for _, l := range []int64{0, 1, 10, 17, 36, 50} {
		want := newHash("sha256")
		want.Write(data[:min(int(l), len(data))])
		m := &bodyModel{hashName: "sha256", limit: &l}
		h := m.newHash()
		h.Write(data[:7])
		c, err := h.(hash.Cloner).Clone()
		if err != nil {
			t.Fatal(err)
		}
		h.Write(data[7:20])
		h.Write(data[20:])
		c.Write(data[7:])
		for name, got := range map[string]hash.Hash{"written": h, "cloned": c} {
			if !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
				t.Errorf("l=%d %s: hash differs from the first %d bytes'", l, name, l)
			}
		}
	}
}

// TestDiagnoseHostileLengthTail checks that a body signed with l= and
// followed by megabytes that l= leaves unsigned is still diagnosed (the
// footer inside the signed part) within the allowance: candidates that
// change nothing before l= are not hashed.
func TestDiagnoseHostileLengthTail(t *testing.T) {
	raw, zone := diagnosisFixture(t, "length-footer-in-signed-part.eml")
	raw = append(raw, strings.Repeat("unsigned tail line, not covered by l=\r\n", 80000)...)
	m := message.Parse(raw)
	r := NewVerifier(m, zone, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)).Verify(context.Background(), m.Header("DKIM-Signature")[0], KindDKIM, 0)
	d := r.Diagnosis
	if d == nil || d.Body != Explained {
		t.Fatalf("got %+v, want the body explained", d)
	}
	if d.Candidates > MaxDiagnosisCandidates || d.Bytes > diagnosisAllowance(len(raw)) {
		t.Errorf("%d candidates, %d bytes; bounds %d, %d", d.Candidates, d.Bytes, MaxDiagnosisCandidates, diagnosisAllowance(len(raw)))
	}
	t.Logf("%d bytes message: %d candidates, %d bytes re-hashed", len(raw), d.Candidates, d.Bytes)
}
