package analyze

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestCROnly: a message saved with bare CR line ends (classic Mac OS) is
// read with CRLF, as SMTP carried it, and the report says so; a bare CR in
// a message that has LFs stays data.
func TestCROnly(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }
	raw := []byte("Received: from mx.example.com (mx.example.com [192.0.2.1]) by mx.example.net; Mon, 1 Jan 2024 10:00:00 +0000\rFrom: Alice <alice@example.com>\rSubject: hi\r\rbody\r")
	rep := Analyze(context.Background(), raw, Options{Now: now})
	if rep.DMARC.FromDomain != "example.com" || len(rep.Received.Hops) != 1 || rep.Size != len(raw) {
		t.Errorf("CR-only: From domain %q, %d Received, size %d; want example.com, 1, %d", rep.DMARC.FromDomain, len(rep.Received.Hops), rep.Size, len(raw))
	}
	if len(rep.Problems) == 0 || !strings.Contains(rep.Problems[0].Text, "bare CR") {
		t.Errorf("CR-only: problems %v, want one saying the line ends were bare CRs", rep.Problems)
	}
	rep = Analyze(context.Background(), []byte("From: Alice <alice@example.com>\nSubject: a\rb\n\nbody\n"), Options{Now: now})
	if rep.LineEnds.BareCR != 1 {
		t.Errorf("bare CR in an LF message: %+v, want it kept as data", rep.LineEnds)
	}
}
