package analyze

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// TestUnsignedShown: a Subject (or From) added above a signed message
// leaves the signature passing (the verifier takes the bottom instance,
// RFC 6376 section 5.4.2) while a mail client shows the added one: the
// report must say the shown field is not the signed one (section 8.15).
func TestUnsignedShown(t *testing.T) {
	raw, err := os.ReadFile("../testdata/mail/dkim-pass-relaxed-relaxed.eml")
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Resolver: fixtureZone(t, "dkim-pass-relaxed-relaxed"), Now: func() time.Time { return fixtureNow }}
	if rep := Analyze(context.Background(), raw, opts); len(rep.Unsigned) != 0 {
		t.Fatalf("unmodified message: unsigned %+v, want none", rep.Unsigned)
	}
	added := append([]byte("Subject: Urgent: wire the money today\r\nFrom: CEO <ceo@attacker.example>\r\n"), raw...)
	rep := Analyze(context.Background(), added, opts)
	if len(rep.DKIM) == 0 || rep.DKIM[0].Verdict != "pass" {
		t.Fatalf("signature no longer passes (%v): the test needs the bottom instances signed", rep.DKIM[0].Verdict)
	}
	got := map[string]Unsigned{}
	for _, u := range rep.Unsigned {
		got[u.Name] = u
	}
	for _, name := range []string{"From", "Subject"} {
		u, ok := got[name]
		if !ok || u.Line > 2 || u.SignedLine <= 2 || u.Domain != "example.com" || !strings.Contains(u.Text, "not signed") {
			t.Errorf("%s: %+v, want the shown (added) instance reported as unsigned", name, u)
		}
	}
	if got["Subject"].Shown != "Urgent: wire the money today" {
		t.Errorf("shown Subject %q", got["Subject"].Shown)
	}
}
