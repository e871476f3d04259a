package dkim

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"

	msgauth "github.com/emersion/go-msgauth/dkim"

	"github.com/headerscope/headerscope/analyze/message"
)

// TestDiagnoseGoMsgauth signs with go-msgauth, changes the message as a
// list, gateway or relay does, and checks the finding.
func TestDiagnoseGoMsgauth(t *testing.T) {
	rk, ek := testKeys(t)
	other, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	res := mapResolver{
		"rsa._domainkey.example.com": {rsaRecord(rk, "")},
		"ed._domainkey.example.com":  {edRecord(ek)},
	}
	rotated := mapResolver{"rsa._domainkey.example.com": {rsaRecord(other, "")}}
	tag := func(s string) string { return strings.Replace(s, "Subject: Quarterly", "Subject: [ext] Quarterly", 1) }
	footer := func(s string) string { return s + "-- \r\nlist footer\r\n" }
	tests := []struct {
		name   string
		signer crypto.Signer
		sel    string
		hc     msgauth.Canonicalization
		mutate func(string) string
		res    mapResolver
		want   []Finding // Kind, Half, Status, Field (and FirstLine when set)
		header Outcome   // Diagnosis.Header
	}{
		{"subject tag, ed25519", ek, "ed", msgauth.CanonicalizationRelaxed, tag, res,
			[]Finding{{Kind: KindSubjectTag, Half: "header", Status: Verified, Field: "Subject"}}, Explained},
		{"refolded, simple", rk, "rsa", msgauth.CanonicalizationSimple,
			func(s string) string {
				return strings.Replace(s, "Subject: Quarterly report", "Subject: Quarterly\r\n report", 1)
			}, res,
			[]Finding{{Kind: KindRefolded, Half: "header", Status: Verified, Field: "Subject"}}, Explained},
		{"tag and footer", rk, "rsa", msgauth.CanonicalizationRelaxed, func(s string) string { return footer(tag(s)) }, res,
			[]Finding{{Kind: KindSubjectTag, Half: "header", Status: Verified, Field: "Subject"}, {Kind: KindAppended, Half: "body", Status: Verified}}, Explained},
		{"key rotated: suspected only", rk, "rsa", msgauth.CanonicalizationRelaxed, tag, rotated,
			[]Finding{{Kind: KindSubjectTag, Half: "header", Status: Suspected, Field: "Subject"}}, SuspectedOnly},
		{"date reformatted, ed25519", ek, "ed", msgauth.CanonicalizationRelaxed,
			func(s string) string { return strings.Replace(s, "10:00:00 +0000", "10:00:00 GMT", 1) }, res,
			[]Finding{{Kind: KindDateReformatted, Half: "header", Status: Verified, Field: "Date"}}, Explained},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signed := sign(t, testMessage, tt.signer, tt.sel, tt.hc, msgauth.CanonicalizationRelaxed)
			r := verifyFirst(t, tt.mutate(signed), tt.res)
			d := r.Diagnosis
			if d == nil {
				t.Fatalf("no diagnosis: %s %q", r.Verdict, r.Reason)
			}
			if d.Header != tt.header {
				t.Errorf("Header = %q, want %q", d.Header, tt.header)
			}
			for _, w := range tt.want {
				found := false
				for _, f := range d.Findings {
					if f.Kind == w.Kind && f.Half == w.Half && f.Status == w.Status && (w.Field == "" || f.Field == w.Field) {
						found = true
					}
				}
				if !found {
					t.Errorf("missing %s %s %s %s in %+v", w.Half, w.Kind, w.Status, w.Field, d.Findings)
				}
			}
			for _, f := range d.Findings {
				if tt.header == SuspectedOnly && f.Status == Verified {
					t.Errorf("finding %+v verified although the signed hash is unknown", f)
				}
			}
		})
	}
}

// TestDiagnoseBounds checks that a search that runs out of its allowance
// says so, and that a body over the bound is not searched.
func TestDiagnoseBounds(t *testing.T) {
	rk, _ := testKeys(t)
	res := mapResolver{"rsa._domainkey.example.com": {rsaRecord(rk, "")}}
	signed := sign(t, testMessage, rk, "rsa", msgauth.CanonicalizationRelaxed, msgauth.CanonicalizationRelaxed)
	now := signedAt(t, signed)

	m := message.Parse([]byte(strings.Replace(signed, "Subject: Quarterly", "Subject: [ext] Quarterly", 1) + "footer\r\n"))
	v := NewVerifier(m, res, now)
	v.ShareDiagnosis(1 << 30) // so many signatures that each share is empty
	r := v.Verify(context.Background(), m.Header("DKIM-Signature")[0], KindDKIM, 0)
	if r.Diagnosis == nil || r.Diagnosis.CutShort == "" || r.Diagnosis.Header == Explained {
		t.Errorf("spent allowance: got %+v, want a search cut short and nothing verified", r.Diagnosis)
	}

	big := signed + strings.Repeat("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n", MaxDiagnosisBody/64+1)
	r = verifyAt(t, big, res, now)
	if r.Diagnosis == nil || !strings.Contains(r.Diagnosis.CutShort, "larger than") || r.Diagnosis.Body == Explained {
		t.Errorf("large body: got %+v, want the body search refused", r.Diagnosis)
	}
}

func TestTagRemovals(t *testing.T) {
	tests := []struct {
		in   string
		want []string // values left once a tag is taken off
	}{
		{"[users] Quarterly figures", []string{"Quarterly figures"}},
		{"*** SPAM *** Quarterly", []string{"Quarterly"}},
		{"*****SPAM***** Quarterly", []string{"Quarterly"}},
		{"External Email: Quarterly", []string{"Quarterly"}},
		{"EXTERNAL: Quarterly", []string{"Quarterly"}},
		{"{SPAM} Quarterly", []string{"Quarterly"}},
		{"SPAM - Quarterly", []string{"Quarterly"}},
		{"Re: [users] Quarterly", []string{"Re: Quarterly"}},
		{"Quarterly (fwd)", []string{"Quarterly"}},
		{"Re: Quarterly", nil},
		{"RE: Quarterly", nil},
		{"Fwd: Quarterly", nil},
		{"Quarterly", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range tagRemovals(tt.in) {
			got = append(got, r.value)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("tagRemovals(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
