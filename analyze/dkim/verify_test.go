package dkim

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	msgauth "github.com/emersion/go-msgauth/dkim"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// mapResolver answers TXT lookups from a map; a value starting with
// "!" is an outcome instead ("!nxdomain", "!servfail").
type mapResolver map[string][]string

func (m mapResolver) Lookup(_ context.Context, name, qtype string) *dns.Trace {
	t := &dns.Trace{Query: name, Type: qtype, Server: "test", Transport: "zone"}
	vals, ok := m[name]
	switch {
	case !ok:
		t.Outcome, t.Rcode = dns.NXDomain, "NXDOMAIN"
	case len(vals) == 1 && strings.HasPrefix(vals[0], "!"):
		t.Outcome, t.Detail = dns.Outcome(vals[0][1:]), "simulated"
	default:
		t.Outcome, t.Rcode = dns.OK, "NOERROR"
		for _, v := range vals {
			// Split long records into 255-byte strings, as DNS does.
			var strs []string
			for len(v) > 255 {
				strs, v = append(strs, v[:255]), v[255:]
			}
			t.Records = append(t.Records, dns.Record{Type: "TXT", Strings: append(strs, v)})
		}
	}
	return t
}

func (m mapResolver) Describe() string { return "test map" }

var (
	keysOnce sync.Once
	rsaKey   *rsa.PrivateKey
	edKey    ed25519.PrivateKey
)

func testKeys(t *testing.T) (*rsa.PrivateKey, ed25519.PrivateKey) {
	keysOnce.Do(func() {
		var err error
		if rsaKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			t.Fatal(err)
		}
		_, edKey, _ = ed25519.GenerateKey(rand.Reader)
	})
	return rsaKey, edKey
}

func rsaRecord(k *rsa.PrivateKey, extra string) string {
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return "v=DKIM1; k=rsa; " + extra + "p=" + base64.StdEncoding.EncodeToString(der)
}

func edRecord(k ed25519.PrivateKey) string {
	return "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(k.Public().(ed25519.PublicKey))
}

const testMessage = "From: Alice <alice@example.com>\r\n" +
	"To: Bob <bob@example.org>\r\n" +
	"Subject: Quarterly report\r\n" +
	"Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n" +
	"Message-ID: <1@example.com>\r\n" +
	"\r\n" +
	"Hello Bob,\r\n" +
	"  the report  is attached.\t\r\n" +
	"\r\n" +
	"Alice\r\n"

func sign(t *testing.T, msg string, signer crypto.Signer, selector string, hc, bc msgauth.Canonicalization) string {
	t.Helper()
	var out bytes.Buffer
	err := msgauth.Sign(&out, strings.NewReader(msg), &msgauth.SignOptions{
		Domain: "example.com", Selector: selector, Signer: signer,
		HeaderCanonicalization: hc, BodyCanonicalization: bc,
		HeaderKeys: []string{"From", "To", "Subject", "Date", "Message-ID", "From"},
	})
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return out.String()
}

// testNow is the clock of tests whose messages carry no t= of the wall
// clock (the fuzz targets' seeds).
var testNow = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

var timestampTag = regexp.MustCompile(`(?:^|[;\s])t=\s*([0-9]+)`)

// signedAt is the t= of the first DKIM-Signature in msg. go-msgauth stamps
// t= from the wall clock and cannot be given another, so a test that signs
// judges the result at the signature's own time, never at a fixed date
// that the wall clock will one day pass (or at time.Now).
func signedAt(t testing.TB, msg string) time.Time {
	t.Helper()
	m := message.Parse([]byte(msg))
	sigs := m.Header("DKIM-Signature")
	if len(sigs) == 0 {
		t.Fatalf("no DKIM-Signature in %q", msg)
	}
	sub := timestampTag.FindStringSubmatch(string(sigs[0].Value()))
	if sub == nil {
		t.Fatalf("no t= in %q", sigs[0].Value())
	}
	sec, err := strconv.ParseInt(sub[1], 10, 64)
	if err != nil {
		t.Fatalf("t=%s: %v", sub[1], err)
	}
	return time.Unix(sec, 0).UTC()
}

// verifyFirst verifies msg's first DKIM-Signature a minute after its t=.
func verifyFirst(t *testing.T, msg string, res dns.Resolver) *Result {
	t.Helper()
	return verifyAt(t, msg, res, signedAt(t, msg).Add(time.Minute))
}

// verifyAt verifies msg's first DKIM-Signature as of now.
func verifyAt(t testing.TB, msg string, res dns.Resolver, now time.Time) *Result {
	t.Helper()
	m := message.Parse([]byte(msg))
	sigs := m.Header("DKIM-Signature")
	if len(sigs) == 0 {
		t.Fatalf("no DKIM-Signature in %q", msg)
	}
	return NewVerifier(m, res, now).Verify(context.Background(), sigs[0], KindDKIM, 0)
}

// msgauthVerdict verifies with go-msgauth, the independent implementation.
func msgauthVerdict(t *testing.T, msg string, res mapResolver) verdict.Result {
	t.Helper()
	vs, err := msgauth.VerifyWithOptions(strings.NewReader(msg), &msgauth.VerifyOptions{
		LookupTXT: func(name string) ([]string, error) {
			return res[name], nil
		},
	})
	if err != nil || len(vs) == 0 {
		t.Fatalf("go-msgauth: %v", err)
	}
	switch err := vs[0].Err; {
	case err == nil:
		return verdict.Pass
	case msgauth.IsTempFail(err):
		return verdict.TempError
	case msgauth.IsPermFail(err):
		return verdict.PermError
	}
	return verdict.Fail
}

func TestVerifyAgainstGoMsgauth(t *testing.T) {
	rk, ek := testKeys(t)
	res := mapResolver{
		"rsa._domainkey.example.com": {rsaRecord(rk, "")},
		"ed._domainkey.example.com":  {edRecord(ek)},
	}
	mutations := []struct {
		name   string
		mutate func(string) string
		want   verdict.Result
		body   Status
		header Status
	}{
		{"intact", func(s string) string { return s }, verdict.Pass, Match, Match},
		{"footer appended", func(s string) string { return s + "-- \r\nList footer\r\n" }, verdict.Fail, Mismatch, Match},
		{"subject changed", func(s string) string { return strings.Replace(s, "Quarterly report", "Quarterly rep0rt", 1) }, verdict.Fail, Match, Mismatch},
		{"both changed", func(s string) string {
			return strings.Replace(s, "Quarterly report", "[list] Quarterly report", 1) + "footer\r\n"
		}, verdict.Fail, Mismatch, Mismatch},
		{"LF line ends", func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }, verdict.Pass, Match, Match},
	}
	for _, sel := range []string{"rsa", "ed"} {
		var signer crypto.Signer = rk
		if sel == "ed" {
			signer = ek
		}
		for _, hc := range []msgauth.Canonicalization{msgauth.CanonicalizationSimple, msgauth.CanonicalizationRelaxed} {
			for _, bc := range []msgauth.Canonicalization{msgauth.CanonicalizationSimple, msgauth.CanonicalizationRelaxed} {
				signed := sign(t, testMessage, signer, sel, hc, bc)
				for _, mu := range mutations {
					msg := mu.mutate(signed)
					r := verifyFirst(t, msg, res)
					name := sel + " " + string(hc) + "/" + string(bc) + " " + mu.name
					if r.Verdict != mu.want || r.Body.Status != mu.body || r.Header.Status != mu.header {
						t.Errorf("%s: got %s (%s) body=%s header=%s, want %s body=%s header=%s", name, r.Verdict, r.Reason, r.Body.Status, r.Header.Status, mu.want, mu.body, mu.header)
					}
					if mu.name != "LF line ends" {
						if got := msgauthVerdict(t, msg, res); got != r.Verdict {
							t.Errorf("%s: go-msgauth says %s, we say %s (%s)", name, got, r.Verdict, r.Reason)
						}
					}
					if sel == "rsa" && r.Header.Claimed == "" {
						t.Errorf("%s: the signed hash was not recovered from the RSA signature", name)
					}
					if sel == "rsa" && (r.Header.Claimed == r.Header.Computed) != (r.Header.Status == Match) {
						t.Errorf("%s: claimed %s computed %s but status %s", name, r.Header.Claimed, r.Header.Computed, r.Header.Status)
					}
				}
			}
		}
	}
}

func TestVerifyDiagnosis(t *testing.T) {
	rk, _ := testKeys(t)
	res := mapResolver{"rsa._domainkey.example.com": {rsaRecord(rk, "")}}
	signed := sign(t, testMessage, rk, "rsa", msgauth.CanonicalizationRelaxed, msgauth.CanonicalizationRelaxed)
	head, _, _ := strings.Cut(signed, "\r\n\r\n")

	tests := []struct {
		name   string
		msg    string
		want   verdict.Result
		reason string
		detail string
		cause  BodyCause
		found  Family // a verified body finding wanted, "" for none
	}{
		{"footer appended", signed + "Unsubscribe: https://lists.example.org/\r\n", verdict.Fail, "body hash mismatch", "", BodyChanged, KindAppended},
		{"body lost", head + "\r\n\r\n", verdict.Fail, "body hash mismatch", "", BodyLost, ""},
		{"headers only", head + "\r\n", verdict.Neutral, "no body supplied", "no body supplied", "", ""},
		{"headers only, subject changed", strings.Replace(head, "Quarterly", "Yearly", 1) + "\r\n", verdict.Fail, "no body supplied", "no body supplied", "", ""},
	}
	for _, tt := range tests {
		r := verifyFirst(t, tt.msg, res)
		if r.Verdict != tt.want || !strings.Contains(r.Reason, tt.reason) || !strings.Contains(r.Body.Detail, tt.detail) || r.Body.Cause != tt.cause {
			t.Errorf("%s: got %s %q (body: %q, cause %q), want %s %q (body: %q, cause %q)", tt.name, r.Verdict, r.Reason, r.Body.Detail, r.Body.Cause, tt.want, tt.reason, tt.detail, tt.cause)
		}
		if tt.found != "" && !verifiedFinding(r, Finding{Kind: tt.found, Half: BodyHalf}) {
			t.Errorf("%s: diagnosis %+v, want a verified %s", tt.name, r.Diagnosis, tt.found)
		}
	}
}

func TestVerifyHeaderDiagnosis(t *testing.T) {
	rk, ek := testKeys(t)
	other, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	res := mapResolver{
		"rsa._domainkey.example.com": {rsaRecord(rk, "")},
		"ed._domainkey.example.com":  {edRecord(ek)},
	}
	noSubject := strings.Replace(testMessage, "Subject: Quarterly report\r\n", "", 1)
	tests := []struct {
		name   string
		signer crypto.Signer
		sel    string
		hc     msgauth.Canonicalization
		msg    string
		mutate func(string) string
		res    mapResolver
		reason string
		found  Finding // a verified header finding wanted (Kind, Field, FieldLine); zero for none
	}{
		{"subject added", rk, "rsa", msgauth.CanonicalizationRelaxed, noSubject,
			func(s string) string { return strings.Replace(s, "To: Bob", "Subject: Urgent\r\nTo: Bob", 1) }, res,
			"signature did not verify", Finding{Kind: KindFieldAdded, Field: "Subject", FieldLine: 10}},
		{"second From added below (ed25519)", ek, "ed", msgauth.CanonicalizationRelaxed, testMessage,
			func(s string) string {
				return strings.Replace(s, "\r\n\r\n", "\r\nFrom: Mallory <m@example.net>\r\n\r\n", 1)
			}, res,
			"signature did not verify", Finding{Kind: KindFieldAdded, Field: "From", FieldLine: 11}},
		{"refolded", rk, "rsa", msgauth.CanonicalizationSimple, testMessage,
			func(s string) string {
				return strings.Replace(s, "Subject: Quarterly report", "Subject: Quarterly\r\n report", 1)
			}, res,
			"signature did not verify", Finding{Kind: KindRefolded, Field: "Subject"}},
		{"key rotated", rk, "rsa", msgauth.CanonicalizationRelaxed, testMessage,
			func(s string) string { return s }, mapResolver{"rsa._domainkey.example.com": {rsaRecord(other, "")}},
			"made with a different key", Finding{}},
	}
	for _, tt := range tests {
		signed := sign(t, tt.msg, tt.signer, tt.sel, tt.hc, msgauth.CanonicalizationRelaxed)
		r := verifyFirst(t, tt.mutate(signed), tt.res)
		if r.Verdict != verdict.Fail || !strings.Contains(r.Reason, tt.reason) {
			t.Errorf("%s: got %s %q, want fail containing %q", tt.name, r.Verdict, r.Reason, tt.reason)
		}
		if want := tt.found; want.Kind != "" {
			want.Half = HeaderHalf
			if !verifiedFinding(r, want) {
				t.Errorf("%s: diagnosis %+v, want a verified %+v", tt.name, r.Diagnosis, want)
			}
		}
	}
}

// verifiedFinding reports whether r's diagnosis verified a finding like
// want: its Kind and Half, and its Field and FieldLine when set.
func verifiedFinding(r *Result, want Finding) bool {
	if r.Diagnosis == nil {
		return false
	}
	for _, f := range r.Diagnosis.Findings {
		if f.Status == Verified && f.Kind == want.Kind && f.Half == want.Half &&
			(want.Field == "" || strings.EqualFold(f.Field, want.Field)) && (want.FieldLine == 0 || f.FieldLine == want.FieldLine) {
			return true
		}
	}
	return false
}

func TestVerifyKeyProblems(t *testing.T) {
	rk, ek := testKeys(t)
	signed := sign(t, testMessage, rk, "rsa", msgauth.CanonicalizationRelaxed, msgauth.CanonicalizationRelaxed)
	tests := []struct {
		name   string
		record []string
		want   verdict.Result
		reason string
	}{
		{"no key", nil, verdict.PermError, "no key at rsa._domainkey.example.com"},
		{"revoked", []string{"v=DKIM1; k=rsa; p="}, verdict.PermError, "revoked"},
		{"servfail", []string{"!servfail"}, verdict.TempError, "failed"},
		{"timeout", []string{"!timeout"}, verdict.TempError, "failed"},
		{"key type", []string{edRecord(ek)}, verdict.PermError, "key type mismatch"},
		{"hash restricted", []string{rsaRecord(rk, "h=sha1; ")}, verdict.PermError, "allows only h=sha1"},
		{"two records", []string{rsaRecord(rk, ""), rsaRecord(rk, "")}, verdict.PermError, "2 TXT records"},
		{"not email", []string{rsaRecord(rk, "s=tlsrpt; ")}, verdict.PermError, "not for email"},
		{"bad version", []string{"v=DKIM2; " + rsaRecord(rk, "")[9:]}, verdict.PermError, "DKIM1"},
		{"testing", []string{rsaRecord(rk, "t=y; ")}, verdict.Pass, "testing"},
		{"bad base64", []string{"v=DKIM1; p=@@@"}, verdict.PermError, "base64"},
	}
	for _, tt := range tests {
		res := mapResolver{}
		if tt.record != nil {
			res["rsa._domainkey.example.com"] = tt.record
		}
		r := verifyFirst(t, signed, res)
		if r.Verdict != tt.want || !strings.Contains(r.Reason, tt.reason) {
			t.Errorf("%s: got %s %q, want %s containing %q", tt.name, r.Verdict, r.Reason, tt.want, tt.reason)
		}
		// The body half is evaluated whatever happens to the key.
		if r.Body.Status != Match {
			t.Errorf("%s: body status %s, want match", tt.name, r.Body.Status)
		}
	}
}

func TestVerifySyntax(t *testing.T) {
	rk, _ := testKeys(t)
	res := mapResolver{"rsa._domainkey.example.com": {rsaRecord(rk, "")}}
	signed := sign(t, testMessage, rk, "rsa", msgauth.CanonicalizationRelaxed, msgauth.CanonicalizationRelaxed)
	at := signedAt(t, signed)
	now := at.Add(time.Minute)
	stamp := fmt.Sprintf("t=%d;", at.Unix())
	tests := []struct {
		name     string
		old, new string
		reason   string
	}{
		{"unknown version", "v=1;", "v=2;", "unsupported version"},
		{"unknown algorithm", "a=rsa-sha256", "a=rsa-md5", "unknown algorithm"},
		{"missing bh", " bh=", " xh=", "missing required tag \"bh\""},
		{"bad base64", " b=", " b=!!", "not valid base64"},
		{"identity outside", "d=example.com;", "d=example.com; i=@example.net;", "not within d="},
		{"h without from", "h=From:To:Subject:Date:Message-ID:From", "h=To:Subject:Date:Message-ID", "From field must be signed"},
		{"unknown query", "d=example.com;", "d=example.com; q=dns/foo;", "no known query method"},
		{"duplicate", "d=example.com;", "d=example.com; d=example.com;", "duplicate tag"},
		{"huge l", "d=example.com;", "d=example.com; l=99999;", "larger than the canonical body"},
		{"expired", "d=example.com;", fmt.Sprintf("d=example.com; x=%d;", at.Unix()+30), "expired"},
		{"future", stamp, fmt.Sprintf("t=%d; z=1;", now.Add(time.Hour).Unix()), "in the future"},
	}
	for _, tt := range tests {
		msg := strings.Replace(signed, tt.old, tt.new, 1)
		if msg == signed {
			t.Fatalf("%s: %q not found in %q", tt.name, tt.old, signed)
		}
		r := verifyAt(t, msg, res, now)
		if r.Verdict != verdict.PermError || !strings.Contains(r.Reason, tt.reason) {
			t.Errorf("%s: got %s %q, want permerror containing %q", tt.name, r.Verdict, r.Reason, tt.reason)
		}
	}
}

// TestFieldIndexSelectsAsSelectFields checks the shared field index
// against SelectFields: same entries, instances, counts and fields, with
// the signature itself left out, over names repeated, over-signed, absent
// and in any case.
func TestFieldIndexSelectsAsSelectFields(t *testing.T) {
	raw := "DKIM-Signature: a=1\r\nFrom: a\r\nsubject: s1\r\nDKIM-Signature: b=2\r\nSubject: s2\r\nTo: t\r\nDKIM-Signature: c=3\r\n\r\n"
	m := message.Parse([]byte(raw))
	v := NewVerifier(m, nil, time.Time{})
	names := []string{"from", "Subject", "subject", "SUBJECT", "to", "dkim-signature", "DKIM-Signature", "dkim-signature", "dkim-signature", "cc", "From"}
	for _, self := range m.Fields {
		want := SelectFields(m.Fields, names, self.Offset)
		var got []SignedField
		v.index().selectFields(m.Fields, names, self, func(sf SignedField) { got = append(got, sf) })
		if !reflect.DeepEqual(got, want) {
			t.Errorf("self at line %d:\n got %+v\nwant %+v", self.Line, got, want)
		}
	}
}

// TestKeyCache checks that a cached key is what parsing gives, and that
// an over-long record is parsed each time rather than kept.
func TestKeyCache(t *testing.T) {
	rk, _ := testKeys(t)
	record := rsaRecord(rk, "")
	c := &KeyCache{}
	k1, p1 := c.parse(record)
	k2, p2 := c.parse(record)
	want, _ := parseKey(record)
	if k1 != k2 || p1 == nil || p2 == nil || k1.Bits != want.Bits || k1.Record != want.Record {
		t.Errorf("cached parse = %+v then %+v, want the same key as %+v", k1, k2, want)
	}
	long := record + "; n=" + strings.Repeat("x", maxCachedRecord)
	a, _ := c.parse(long)
	b, _ := c.parse(long)
	if a == b {
		t.Error("a record over maxCachedRecord was kept")
	}
	var nilCache *KeyCache
	if k, pub := nilCache.parse(record); k == nil || pub == nil {
		t.Error("a nil KeyCache does not parse")
	}
}
