package dkim

import (
	"encoding/base64"
	"strings"
	"testing"

	msgauth "github.com/emersion/go-msgauth/dkim"
)

// TestDiagnoseHostileBase64Links checks that a base64 text part made of
// link wrappers is decoded, undone and encoded again within the message's
// allowance, and that nothing is claimed verified in a body never signed.
func TestDiagnoseHostileBase64Links(t *testing.T) {
	rk, _ := testKeys(t)
	res := mapResolver{"rsa._domainkey.example.com": {rsaRecord(rk, "")}}
	signed := sign(t, strings.Replace(testMessage, "Message-ID:", "Content-Type: multipart/mixed; boundary=b\r\nMessage-ID:", 1),
		rk, "rsa", msgauth.CanonicalizationRelaxed, msgauth.CanonicalizationRelaxed)
	now := signedAt(t, signed)
	head, _, _ := strings.Cut(signed, "\r\n\r\n")
	text := strings.Repeat("https://x.safelinks.protection.outlook.com/?url=https%3A%2F%2Fa.example%2F&reserved=0\r\n", 40000)
	enc := base64.StdEncoding.EncodeToString([]byte(text))
	var lines strings.Builder
	for i := 0; i < len(enc); i += 76 {
		lines.WriteString(enc[i:min(len(enc), i+76)] + "\r\n")
	}
	msg := head + "\r\n\r\n--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n" + lines.String() + "--b--\r\n"
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
}
