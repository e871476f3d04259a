package dkim

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"time"

	msgauth "github.com/emersion/go-msgauth/dkim"

	"github.com/headerscope/headerscope/analyze/message"
)

var benchSizes = []int{1 << 10, 100 << 10, 10 << 20}

// benchBody is text with the line lengths of real mail; one line in four
// has white space that relaxed canonicalization rewrites (a double space, a
// tab, trailing blanks), as quoted replies and signatures often do.
func benchBody(n int) []byte {
	lines := []string{
		"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n",
		"Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip.\r\n",
		"> Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu.\r\n",
		"Excepteur sint occaecat  cupidatat non proident,\tsunt in culpa qui officia.  \r\n",
	}
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		b.WriteString(lines[i%len(lines)])
	}
	return b.Bytes()[:n]
}

func sizeName(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%dMB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%dKB", n>>10)
	}
	return fmt.Sprintf("%dB", n)
}

// BenchmarkSHA256 is the yardstick: plain SHA-256 over the same bytes.
// Target: relaxed body hashing at no less than half this speed.
func BenchmarkSHA256(b *testing.B) {
	for _, n := range benchSizes {
		body := benchBody(n)
		b.Run(sizeName(n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				sha256.Sum256(body)
			}
		})
	}
}

func BenchmarkBodyHash(b *testing.B) {
	for _, can := range []string{"simple", "relaxed"} {
		for _, n := range benchSizes {
			body := benchBody(n)
			b.Run(can+"/"+sizeName(n), func(b *testing.B) {
				b.SetBytes(int64(n))
				for b.Loop() {
					h := sha256.New()
					bc := newBodyCanon(can == "relaxed", h, -1)
					bc.Write(body)
					bc.Close()
					h.Sum(nil)
				}
			})
		}
	}
}

// BenchmarkVerify verifies a relaxed/relaxed RSA-2048 signature over whole
// messages of each size, key lookup included (from memory).
func BenchmarkVerify(b *testing.B) {
	t := &testing.T{}
	rk, _ := testKeys(t)
	res := mapResolver{"rsa._domainkey.example.com": {rsaRecord(rk, "")}}
	for _, n := range benchSizes {
		msg := strings.Replace(testMessage, "Hello Bob,\r\n", "Hello Bob,\r\n"+string(benchBody(n)), 1)
		var out bytes.Buffer
		if err := msgauth.Sign(&out, strings.NewReader(msg), &msgauth.SignOptions{
			Domain: "example.com", Selector: "rsa", Signer: rk,
			HeaderCanonicalization: msgauth.CanonicalizationRelaxed, BodyCanonicalization: msgauth.CanonicalizationRelaxed,
		}); err != nil {
			b.Fatal(err)
		}
		raw := out.Bytes()
		now := signedAt(b, out.String()).Add(time.Minute)
		b.Run(sizeName(n), func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				m := message.Parse(raw)
				f := m.Header("DKIM-Signature")[0]
				r := NewVerifier(m, res, now).Verify(context.Background(), f, KindDKIM, 0)
				if r.Verdict != "pass" {
					b.Fatalf("%s: %s", r.Verdict, r.Reason)
				}
			}
		})
	}
}

// BenchmarkDiagnoseHostile verifies a signature that fails (the Subject
// changed) over a header built to make the failure diagnosis expensive:
// 20,000 fields with distinct names, all of them listed in h=. The
// diagnosis must stay at a bounded number of hashes.
func BenchmarkDiagnoseHostile(b *testing.B) {
	t := &testing.T{}
	rk, _ := testKeys(t)
	res := mapResolver{"rsa._domainkey.example.com": {rsaRecord(rk, "")}}
	var hdr strings.Builder
	keys := []string{"From", "Subject"}
	for i := 0; i < 20000; i++ {
		name := fmt.Sprintf("X-F%d", i)
		fmt.Fprintf(&hdr, "%s: %d\r\n", name, i)
		keys = append(keys, name)
	}
	msg := hdr.String() + testMessage
	var out bytes.Buffer
	if err := msgauth.Sign(&out, strings.NewReader(msg), &msgauth.SignOptions{
		Domain: "example.com", Selector: "rsa", Signer: rk, HeaderKeys: keys,
		HeaderCanonicalization: msgauth.CanonicalizationSimple,
	}); err != nil {
		b.Fatal(err)
	}
	raw := []byte(strings.Replace(out.String(), "Quarterly report", "Quarterly rep0rt", 1))
	now := signedAt(b, out.String()).Add(time.Minute)
	for b.Loop() {
		m := message.Parse(raw)
		r := NewVerifier(m, res, now).Verify(context.Background(), m.Header("DKIM-Signature")[0], KindDKIM, 0)
		if r.Verdict != "fail" || r.Diagnosis == nil {
			b.Fatalf("%s: %s", r.Verdict, r.Reason)
		}
		b.ReportMetric(float64(r.Diagnosis.Bytes), "diag-bytes/op")
	}
}

// BenchmarkDiagnoseHostileMany verifies 32 failing signatures (the Subject
// changed) over a header of 50,000 fields whose names every signature
// lists, and a body each signature's bh= does not match: the diagnosis
// must stay within the per-message bounds, not grow with signatures x
// guesses x fields.
func BenchmarkDiagnoseHostileMany(b *testing.B) {
	t := &testing.T{}
	rk, _ := testKeys(t)
	res := mapResolver{"rsa._domainkey.example.com": {rsaRecord(rk, "")}}
	var hdr strings.Builder
	keys := []string{"From", "Subject"}
	for i := 0; i < 50000; i++ {
		name := fmt.Sprintf("X-F%d", i%5000)
		fmt.Fprintf(&hdr, "%s: %d\r\n", name, i)
		if i < 5000 {
			keys = append(keys, name)
		}
	}
	msg := hdr.String() + testMessage
	signed := msg
	for i := 0; i < 32; i++ {
		var out bytes.Buffer
		if err := msgauth.Sign(&out, strings.NewReader(signed), &msgauth.SignOptions{
			Domain: "example.com", Selector: "rsa", Signer: rk, HeaderKeys: keys,
			HeaderCanonicalization: msgauth.CanonicalizationSimple,
		}); err != nil {
			b.Fatal(err)
		}
		signed = out.String()
	}
	raw := []byte(strings.Replace(strings.Replace(signed, "Quarterly report", "[ext] Quarterly rep0rt", 1), "Hello Bob", "Hello Bub", 1))
	now := signedAt(b, signed).Add(time.Minute)
	for b.Loop() {
		m := message.Parse(raw)
		v := NewVerifier(m, res, now)
		sigs := m.Header("DKIM-Signature")
		v.ShareDiagnosis(len(sigs)) // as analyze.Analyze does
		firstCut := -1
		for i, f := range sigs {
			r := v.Verify(context.Background(), f, KindDKIM, i)
			if r.Verdict != "fail" || r.Diagnosis == nil {
				b.Fatalf("%s: %s", r.Verdict, r.Reason)
			}
			if r.Diagnosis.CutShort != "" && firstCut < 0 {
				firstCut = i
			}
		}
		// The allowance is per message, in equal shares: a search that
		// spends its share says so instead of going on.
		b.ReportMetric(float64(firstCut), "first-cut-signature")
	}
}
