package dkim

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"strings"
)

// parseKey interprets a DKIM key record (RFC 6376 section 3.6.1). It
// returns the parsed record and the public key, or a problem that makes the
// key unusable (recorded in Key.Problem).
func parseKey(record string) (*Key, crypto.PublicKey) {
	k := &Key{Record: record, Type: "rsa"}
	tags, problems := parseTagList(record)
	explainTags(tags, keyTags, nil, "Unknown tag; ignored (RFC 6376 section 3.6.1).")
	k.Tags = tags
	for _, p := range problems {
		if strings.HasPrefix(p, "empty tag") {
			continue
		}
		k.Problem = "key record: " + p
		return k, nil
	}
	get := func(name string) (string, bool) {
		if i := tagIndex(tags, name); i >= 0 {
			return tags[i].Value, true
		}
		return "", false
	}
	if v, ok := get("v"); ok {
		// RFC 6376 section 3.6.1: v= must be first and be DKIM1; records
		// with another value must be discarded.
		if v != "DKIM1" {
			k.Problem = fmt.Sprintf("key record has v=%q: only DKIM1 is defined", clipQ(v))
			return k, nil
		}
		if tagIndex(tags, "v") != 0 {
			k.Problem = "key record has v= but not as its first tag (RFC 6376 section 3.6.1)"
			return k, nil
		}
	}
	if v, ok := get("k"); ok {
		k.Type = strings.ToLower(v)
	}
	if v, ok := get("h"); ok {
		k.Hashes = splitList(v)
	}
	if v, ok := get("s"); ok {
		k.Services = splitList(v)
	}
	if v, ok := get("t"); ok {
		k.Flags = splitList(v)
		for _, f := range k.Flags {
			k.Testing = k.Testing || f == "y"
			k.Strict = k.Strict || f == "s"
		}
	}
	k.Notes, _ = get("n")
	p, ok := get("p")
	if !ok {
		k.Problem = "key record has no p= tag (RFC 6376 section 3.6.1 requires it)"
		return k, nil
	}
	if p == "" {
		k.Revoked = true
		k.Problem = "key revoked: the record has an empty p= (RFC 6376 section 3.6.1)"
		return k, nil
	}
	if len(k.Services) > 0 && !contains(k.Services, "*") && !contains(k.Services, "email") {
		k.Problem = fmt.Sprintf("key is not for email: s=%s (RFC 6376 section 3.6.1)", clipQ(strings.Join(k.Services, ":")))
		return k, nil
	}
	der, err := base64.StdEncoding.DecodeString(p)
	if err != nil {
		k.Problem = fmt.Sprintf("key record p= is not valid base64: %v", err)
		return k, nil
	}
	switch k.Type {
	case "rsa":
		pub, err := parseRSAKey(der)
		if err != nil {
			k.Problem = "key record p= is not an RSA public key: " + err.Error()
			return k, nil
		}
		k.Bits = pub.N.BitLen()
		return k, pub
	case "ed25519":
		// RFC 8463 section 4.2: p= is the raw 32-byte key.
		if len(der) != ed25519.PublicKeySize {
			k.Problem = fmt.Sprintf("key record p= holds %d bytes; an Ed25519 key is %d (RFC 8463 section 4.2)", len(der), ed25519.PublicKeySize)
			return k, nil
		}
		k.Bits = 256
		return k, ed25519.PublicKey(der)
	default:
		k.Problem = fmt.Sprintf("unknown key type k=%q: rsa and ed25519 are defined", clipQ(k.Type))
		return k, nil
	}
}

// parseRSAKey reads an RSA public key as RFC 6376 section 3.6.1 says
// (SubjectPublicKeyInfo), tolerating a bare PKCS#1 RSAPublicKey.
func parseRSAKey(der []byte) (*rsa.PublicKey, error) {
	pub, err := x509.ParsePKIXPublicKey(der)
	if err == nil {
		if rk, ok := pub.(*rsa.PublicKey); ok {
			return rk, nil
		}
		return nil, fmt.Errorf("it is a %T", pub)
	}
	// QUIRK: some publishers put the PKCS#1 form in p=.
	if rk, err2 := x509.ParsePKCS1PublicKey(der); err2 == nil {
		return rk, nil
	}
	if rk, err2 := parseSmallRSAKey(der); err2 == nil {
		return rk, nil
	}
	return nil, err
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ":") {
		if s != "" {
			out = append(out, strings.ToLower(s))
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
