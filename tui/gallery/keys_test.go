package gallery

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
)

// TestTeachingKeys checks every embedded key against its source in
// testdata/keys and against the public key gallery.zone publishes.
func TestTeachingKeys(t *testing.T) {
	names, _ := fs.Glob(files, "keys/*.key")
	if len(names) < 6 {
		t.Fatalf("%d teaching keys embedded, want the gallery's signers", len(names))
	}
	z, err := Resolver()
	if err != nil {
		t.Fatal(err)
	}
	published := 0
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".key")
		emb, _ := files.ReadFile(n)
		src, err := os.ReadFile("../../testdata/keys/" + base + ".key")
		if err != nil {
			t.Errorf("%s: no source in testdata/keys: %v", base, err)
		} else if !bytes.Equal(emb, src) {
			t.Errorf("%s: differs from testdata/keys/%s.key: run sh testdata/gen/teaching-keys.sh", base, base)
		}
		selector, domain, _ := strings.Cut(base, ".")
		k, ok := TeachingKey(selector, domain)
		if !ok {
			t.Errorf("TeachingKey(%q, %q) found nothing", selector, domain)
			continue
		}
		var p string
		switch pub := k.Public().(type) {
		case *rsa.PublicKey:
			der, _ := x509.MarshalPKIXPublicKey(pub)
			p = base64.StdEncoding.EncodeToString(der)
		case ed25519.PublicKey:
			p = base64.StdEncoding.EncodeToString(pub)
		}
		tr := z.Lookup(context.Background(), selector+"._domainkey."+domain, "TXT")
		for _, r := range tr.Records {
			rec := strings.Join(r.Strings, "")
			if strings.Contains(rec, "p=") && !strings.HasSuffix(strings.TrimSpace(rec), "p=") {
				published++
				if !strings.Contains(strings.ReplaceAll(rec, " ", ""), "p="+p) {
					t.Errorf("%s: gallery.zone publishes another key: %q", base, rec)
				}
			}
		}
	}
	if published < 5 {
		t.Errorf("%d teaching keys found published in gallery.zone, want the signers of the passing messages", published)
	}
}

func TestTeachingKeyLookup(t *testing.T) {
	tests := []struct {
		selector, domain string
		want             bool
	}{
		{"mail2026", "bank.example", true},
		{"MAIL2026", "Bank.Example.", true},
		{"ed2026", "bank.example", true},
		{"nope", "bank.example", false},
		{"mail2026", "example.com", false},
		{"..", "keys/../gallery.zone", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if _, got := TeachingKey(tt.selector, tt.domain); got != tt.want {
			t.Errorf("TeachingKey(%q, %q) found = %v, want %v", tt.selector, tt.domain, got, tt.want)
		}
	}
}
