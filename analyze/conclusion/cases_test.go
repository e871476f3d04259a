package conclusion

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dmarc"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

const galleryDir = "../../tui/gallery"

// TestGallery checks that each teaching message concludes as its lesson
// says (testdata/gen/make_gallery.py).
func TestGallery(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		// causes that must be among the primary evidence
		primary []Cause
	}{
		{"01-dkim-pass-rsa", Authentic, []Cause{AlignedDKIMPass, Unchanged}},
		{"02-dkim-pass-ed25519", Authentic, []Cause{AlignedDKIMPass, Unchanged}},
		// A footer added after signing: the bank signed it, the header
		// half still verifies.
		{"03-dkim-fail-body-modified", Altered, []Cause{AlignedDKIMBroken, DMARCFail}},
		{"04-dkim-fail-header-modified", Altered, []Cause{AlignedDKIMBroken, DMARCFail}},
		{"05-dkim-pass-cname-chain", Authentic, []Cause{AlignedDKIMPass}},
		// A revoked or missing key is never enough for spoofed, even
		// under p=quarantine.
		{"06-dkim-permerror-revoked", Unauthenticated, []Cause{KeyUnavailable}},
		{"07-dkim-permerror-no-key", Unauthenticated, []Cause{KeyUnavailable}},
		{"08-dkim-policy-rsa-sha1", Unauthenticated, []Cause{AlignedDKIMInvalid}},
		{"09-dkim-pass-length-appended", AuthenticChanged, []Cause{AlignedDKIMPass, UnsignedBody}},
		{"10-arc-pass-2-hops-mailing-list", Forwarded, []Cause{ARCVouches}},
		{"11-authres-spoofed", Spoofed, []Cause{DMARCFail, FalseClaim, Lookalike}},
		{"12-dkim-neutral-headers-only", CannotTell, []Cause{BodyMissing}},
		// The bank signed it; what the reader is shown as Subject is an
		// unsigned copy added above the signed one (analyze's
		// Report.Unsigned): authentic, but not all of it.
		{"14-dkim-pass-subject-added-above", AuthenticChanged, []Cause{AlignedDKIMPass, UnsignedCopy}},
		// An IDN look-alike of bank.example that signs its own mail:
		// authenticated for the look-alike, so suspicious, never
		// authentic.
		{"15-dmarc-pass-idn-lookalike", Suspicious, []Cause{FromLookalike, AlignedDKIMPass}},
	}
	z := loadZone(t, filepath.Join(galleryDir, "gallery.zone"))
	for _, tt := range tests {
		raw, err := os.ReadFile(filepath.Join(galleryDir, "messages", tt.name+".eml"))
		if err != nil {
			t.Fatal(err)
		}
		v := Of(analyzeWith(t, raw, z))
		if v.Kind != tt.kind {
			t.Errorf("%s: kind %s, want %s (evidence %s)", tt.name, v.Kind, tt.kind, causes(v))
		}
		for _, c := range tt.primary {
			if !hasPrimary(v, c) {
				t.Errorf("%s: no primary %s evidence (evidence %s)", tt.name, c, causes(v))
			}
		}
		checkInvariants(t, tt.name, v)
	}
}

func hasPrimary(v Verdict, c Cause) bool {
	for _, e := range v.Evidence {
		if e.Cause == c && e.Primary {
			return true
		}
	}
	return false
}

// TestSpoofedLesson checks the evidence of the gallery's spoofing lesson
// in detail: which claims, which lines, who is impersonated.
func TestSpoofedLesson(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(galleryDir, "messages", "11-authres-spoofed.eml"))
	if err != nil {
		t.Fatal(err)
	}
	v := Of(analyzeWith(t, raw, loadZone(t, filepath.Join(galleryDir, "gallery.zone"))))
	var lines []int
	imp := 0
	for _, e := range v.Evidence {
		switch e.Cause {
		case FalseClaim:
			lines = append(lines, e.Pointer.Line)
			if e.Pointer.Finding != FindingAuthRes || e.Pointer.Index < 0 || e.Pointer.Claim < 0 {
				t.Errorf("false claim pointer %+v", e.Pointer)
			}
			if e.Impersonates {
				imp++
				if e.Host != "mx.university.example" {
					t.Errorf("impersonating claim by %q", e.Host)
				}
			}
		case Lookalike:
			if e.Host != "mail.bank-example.test" || e.Field != "HELO" || e.Domain != "bank.example" || e.Pointer.Finding != FindingReceived {
				t.Errorf("lookalike %+v", e)
			}
		case DMARCFail:
			if e.Policy != "p=reject" || e.Domain != "bank.example" {
				t.Errorf("dmarc %+v", e)
			}
		}
	}
	// Line 8 claims dkim=pass and dmarc=pass in the receiver's name; line
	// 10 claims dkim=pass as gateway.bank.example. The spf=pass of line 8
	// could not be re-checked (no IP), so it is no contradiction.
	if got := fmtInts(lines); got != "8,8,10" {
		t.Errorf("false claims on lines %s, want 8,8,10", got)
	}
	if imp != 2 {
		t.Errorf("%d impersonating claims, want 2", imp)
	}
}

func fmtInts(xs []int) string {
	var s []string
	for _, x := range xs {
		s = append(s, strconv.Itoa(x))
	}
	return strings.Join(s, ",")
}

// TestOffline: with no lookup at all nothing is authentic, forwarded or
// spoofed on DNS-dependent grounds, and every signed message whose key
// could decide says cannot tell offline.
func TestOffline(t *testing.T) {
	var paths []string
	for _, g := range []string{filepath.Join(root, "mail", "*.eml"), filepath.Join(galleryDir, "messages", "*.eml")} {
		ps, _ := filepath.Glob(g)
		paths = append(paths, ps...)
	}
	if len(paths) < 50 {
		t.Fatalf("%d messages found, want the fixtures and the gallery", len(paths))
	}
	offline := 0
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		v := Of(analyzeWith(t, raw, dns.Offline{}))
		name := filepath.Base(p)
		switch v.Kind {
		case Authentic, AuthenticChanged, Forwarded, Altered:
			t.Errorf("%s offline: %s, but nothing was verified (evidence %s)", name, v.Kind, causes(v))
		case Spoofed:
			if hasPrimary(v, DMARCFail) {
				t.Errorf("%s offline: spoofed on a DMARC failure that needed DNS", name)
			}
		case CannotTellOffline:
			offline++
			if !hasPrimary(v, NotLookedUp) {
				t.Errorf("%s offline: cannot tell without a lookup not made (evidence %s)", name, causes(v))
			}
		}
		checkInvariants(t, name, v)
	}
	if offline < 40 {
		t.Errorf("only %d messages say cannot tell offline", offline)
	}
}

// TestOneSourceForShownFields: the verdict's unsigned copies and From
// look-alike flags are the ones analyze reports (summary.unsigned and
// from_lookalike in the JSON), not a second computation.
func TestOneSourceForShownFields(t *testing.T) {
	z := loadZone(t, filepath.Join(galleryDir, "gallery.zone"))
	read := func(name string) []byte {
		raw, err := os.ReadFile(filepath.Join(galleryDir, "messages", name+".eml"))
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	rep := analyzeWith(t, read("14-dkim-pass-subject-added-above"), z)
	if len(rep.Unsigned) != 1 {
		t.Fatalf("analyze lists %d unsigned shown fields, want 1", len(rep.Unsigned))
	}
	var got []Evidence
	for _, e := range Of(rep).Evidence {
		if e.Cause == UnsignedCopy {
			got = append(got, e)
		}
	}
	u := rep.Unsigned[0]
	if len(got) != 1 || got[0].Field != u.Name || got[0].Pointer.Line != u.Line || got[0].Domain != u.Domain {
		t.Errorf("unsigned copies %+v, want the one analyze reports: %+v", got, u)
	}

	rep = analyzeWith(t, read("15-dmarc-pass-idn-lookalike"), z)
	flags := rep.DMARC.FromLookalike
	var why []string
	for _, e := range Of(rep).Evidence {
		if e.Cause == FromLookalike {
			why = append(why, e.Detail)
			if e.Host != rep.DMARC.FromUnicode || e.Pointer.Field != "From" {
				t.Errorf("look-alike evidence %+v, want the Unicode From domain %q and a pointer to From", e, rep.DMARC.FromUnicode)
			}
		}
	}
	if len(flags) == 0 || strings.Join(why, "|") != strings.Join(flags, "|") {
		t.Errorf("look-alike reasons %q, want analyze's %q", why, flags)
	}
}

// TestCopySignedByAnotherDomain: a Subject added above the one the From
// domain signed, itself signed by another domain. analyze's
// Report.Unsigned does not list it (a passing signature covers the top
// Subject), but the From domain's signature does not: authentic, but the
// Subject shown is not the From domain's.
func TestCopySignedByAnotherDomain(t *testing.T) {
	raw := strings.ReplaceAll("DKIM-Signature: v=1; d=evil.test\n"+
		"Subject: Pay this invoice now\n"+
		"DKIM-Signature: v=1; d=example.com\n"+
		"From: Alice <alice@example.com>\n"+
		"Subject: Quarterly report\n"+
		"Date: Mon, 02 Nov 2026 10:00:00 +0000\n\nHello.\n", "\n", "\r\n")
	m := message.Parse([]byte(raw))
	fields := func(subject int) []dkim.SignedField {
		return []dkim.SignedField{
			{Name: "from", Instance: 1, Count: 1, Line: 4},
			{Name: "subject", Instance: subject, Count: 2, Line: map[int]int{1: 5, 2: 2}[subject]},
			{Name: "date", Instance: 1, Count: 1, Line: 6},
		}
	}
	rep := &analyze.Report{
		Message: m,
		DKIM: []*dkim.Result{
			{Kind: dkim.KindDKIM, Index: 0, Line: 1, Domain: "evil.test", Verdict: verdict.Pass, Header: dkim.HeaderCheck{Fields: fields(2)}},
			{Kind: dkim.KindDKIM, Index: 1, Line: 3, Domain: "example.com", Verdict: verdict.Pass, Header: dkim.HeaderCheck{Fields: fields(1)}},
		},
		DMARC: &dmarc.Result{Verdict: verdict.Pass, FromDomain: "example.com"},
	}
	v := Of(rep)
	if v.Kind != AuthenticChanged {
		t.Fatalf("kind %s (evidence %s), want authentic-but-changed", v.Kind, causes(v))
	}
	for _, e := range v.Evidence {
		if e.Cause == UnsignedCopy && e.Field == "Subject" && e.Pointer.Line == 2 && e.Domain == "example.com" {
			return
		}
	}
	t.Errorf("no unsigned-copy evidence for the Subject on line 2: %+v", v.Evidence)
}
