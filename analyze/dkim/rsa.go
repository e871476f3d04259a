package dkim

import (
	"bytes"
	"crypto/rsa"
	"encoding/asn1"
	"errors"
	"math/big"
)

// DigestInfo prefixes of EMSA-PKCS1-v1_5 (RFC 8017 section 9.2, note 1).
var digestInfo = map[string][]byte{
	"sha1":   {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14},
	"sha256": {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20},
}

// recoverRSAHash applies the public key to an RSA signature and returns the
// hash the signer signed, read from the PKCS#1 v1.5 encoding (RFC 8017
// section 8.2.2 and 9.2). This is what lets a user see the signed hash
// beside the computed one. The boolean is false when the signature does
// not decode with this key (another key signed it, or it is corrupt); the
// string then says what was found.
func recoverRSAHash(pub *rsa.PublicKey, sig []byte, hashName string) ([]byte, string, bool) {
	k := (pub.N.BitLen() + 7) / 8
	if len(sig) != k {
		return nil, "the signature is " + itoa(len(sig)*8) + " bits long but the key is " + itoa(pub.N.BitLen()) + " bits: it was made with a different key", false
	}
	s := new(big.Int).SetBytes(sig)
	if s.Cmp(pub.N) >= 0 {
		return nil, "the signature is larger than the key's modulus: it was made with a different key", false
	}
	m := new(big.Int).Exp(s, big.NewInt(int64(pub.E)), pub.N)
	em := m.FillBytes(make([]byte, k))
	// EM = 0x00 || 0x01 || PS (0xff...) || 0x00 || T
	if len(em) < 11 || em[0] != 0 || em[1] != 1 {
		return nil, "the signature does not decode with this key: it was made with a different key (the key was probably rotated) or is corrupt", false
	}
	i := 2
	for i < len(em) && em[i] == 0xff {
		i++
	}
	if i < 10 || i >= len(em) || em[i] != 0 {
		return nil, "the signature decodes to a malformed PKCS#1 v1.5 block", false
	}
	t := em[i+1:]
	for name, prefix := range digestInfo {
		if bytes.HasPrefix(t, prefix) && len(t) == len(prefix)+hashLen(name) {
			h := t[len(prefix):]
			if name != hashName {
				return h, "the signer signed a " + name + " hash, but a= says " + hashName, false
			}
			return h, "", true
		}
	}
	return nil, "the signature decodes, but not to a known DigestInfo", false
}

func hashLen(name string) int {
	if name == "sha1" {
		return 20
	}
	return 32
}

// parseSmallRSAKey parses an RSA SubjectPublicKeyInfo without the size
// limits crypto/x509 applies, so that a key under 1024 bits can be shown
// and explained (and refused, per RFC 8301 section 3.2) rather than
// reported as unparseable.
func parseSmallRSAKey(der []byte) (*rsa.PublicKey, error) {
	var spki struct {
		Algo      asn1.RawValue
		PublicKey asn1.BitString
	}
	if rest, err := asn1.Unmarshal(der, &spki); err != nil || len(rest) > 0 {
		return nil, errors.New("not a SubjectPublicKeyInfo")
	}
	var pk struct {
		N *big.Int
		E int
	}
	if rest, err := asn1.Unmarshal(spki.PublicKey.Bytes, &pk); err != nil || len(rest) > 0 {
		return nil, errors.New("not an RSA public key")
	}
	if pk.N == nil || pk.N.Sign() <= 0 || pk.E < 3 || pk.E&1 == 0 {
		return nil, errors.New("invalid RSA public key")
	}
	return &rsa.PublicKey{N: pk.N, E: pk.E}, nil
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }
