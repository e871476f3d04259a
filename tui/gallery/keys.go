package gallery

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
)

// TeachingNote is how every screen names a key of the gallery: its
// private half ships with headerscope, so a signature made with it proves
// nothing outside the gallery.
const TeachingNote = "teaching key — valid nowhere else"

// TeachingKey returns the private key of the teaching domain domain with
// selector selector (keys/<selector>.<domain>.key), and false when the
// gallery has none for them. Domain and selector are compared without
// regard to case, as DNS names are.
func TeachingKey(selector, domain string) (crypto.Signer, bool) {
	name := strings.ToLower(strings.TrimSuffix(selector+"."+domain, "."))
	if strings.ContainsAny(name, "/\\") {
		return nil, false
	}
	b, err := files.ReadFile("keys/" + name + ".key")
	if err != nil {
		return nil, false
	}
	k, err := parseKey(b)
	if err != nil {
		return nil, false
	}
	return k, true
}

// parseKey reads a PEM private key: PKCS#1 RSA or PKCS#8 (RSA, Ed25519).
func parseKey(b []byte) (crypto.Signer, error) {
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, fmt.Errorf("gallery: no PEM block")
	}
	if blk.Type == "RSA PRIVATE KEY" {
		return x509.ParsePKCS1PrivateKey(blk.Bytes)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("gallery: %w", err)
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("gallery: %T cannot sign", k)
	}
	return s, nil
}
