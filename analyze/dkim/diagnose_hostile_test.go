package dkim

import (
	"strings"
	"testing"

	msgauth "github.com/emersion/go-msgauth/dkim"
)

// TestDiagnoseHostileLinksAndDelims checks that a body made of link
// wrappers, or of delimiter lines of another boundary, keeps the link and
// boundary families within the message's allowance: the candidates and
// bytes stay under the bounds and nothing is claimed verified.
func TestDiagnoseHostileLinksAndDelims(t *testing.T) {
	rk, _ := testKeys(t)
	res := mapResolver{"rsa._domainkey.example.com": {rsaRecord(rk, "")}}
	signed := sign(t, strings.Replace(testMessage, "Message-ID:", "Content-Type: multipart/mixed; boundary=b\r\nMessage-ID:", 1),
		rk, "rsa", msgauth.CanonicalizationRelaxed, msgauth.CanonicalizationRelaxed)
	now := signedAt(t, signed)
	head, _, _ := strings.Cut(signed, "\r\n\r\n")
	for name, body := range map[string]string{
		"links": "--b\r\n\r\n" + strings.Repeat("https://x.safelinks.protection.outlook.com/?url=https%3A%2F%2Fa.example%2F&reserved=0 "+
			"https://urldefense.com/v3/__https://a.example/*__;Pw!!C!s$\r\n", 20000) + "--b--\r\n",
		"delimiters":      strings.Repeat("--x\r\n\r\ntext\r\n", 100000) + "--x--\r\n",
		"unterminated v3": "--b\r\n\r\n" + strings.Repeat("https://urldefense.com/v3/__a", 100000) + "\r\n--b--\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			msg := head + "\r\n\r\n" + body
			r := verifyAt(t, msg, res, now)
			d := r.Diagnosis
			if d == nil {
				t.Fatalf("no diagnosis: %s %q", r.Verdict, r.Reason)
			}
			if d.Candidates > MaxDiagnosisCandidates || d.Bytes > diagnosisAllowance(len(msg)) {
				t.Errorf("%d candidates, %d bytes re-hashed; bounds %d, %d", d.Candidates, d.Bytes, MaxDiagnosisCandidates, diagnosisAllowance(len(msg)))
			}
			for _, f := range d.Findings {
				if f.Status == Verified {
					t.Errorf("verified %+v in a body that was never signed", f)
				}
			}
		})
	}
}
