// Command gosign signs one message with go-msgauth's dkim.Sign, an independent
// DKIM signer used to make headerscope's test fixtures.
//
// It reads the message from stdin and writes it, with the new DKIM-Signature
// field on top, to stdout. testdata/gen/make-fixtures.sh runs it as
//
//	go run ./testdata/gen/gosign -key testdata/keys/go-rsa.example.org.key \
//		-d example.org -s go-rsa < in.eml > out.eml
//
// go-msgauth stamps t= with the real clock (its clock cannot be set from
// outside the package), so its outputs change on every run.
package main

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/emersion/go-msgauth/dkim"
)

func main() {
	keyFile := flag.String("key", "", "PEM private key (PKCS#1 RSA or PKCS#8 RSA/Ed25519)")
	domain := flag.String("d", "", "signing domain (d=)")
	selector := flag.String("s", "", "selector (s=)")
	canon := flag.String("c", "relaxed/relaxed", "canonicalization header/body (c=)")
	headers := flag.String("h", "from:to:subject:date:message-id:mime-version:content-type", "header fields to sign, colon separated (h=)")
	expire := flag.Int64("x", 0, "expiration as Unix seconds (x=); 0 for none")
	flag.Parse()
	if err := run(*keyFile, *domain, *selector, *canon, *headers, *expire); err != nil {
		fmt.Fprintln(os.Stderr, "gosign:", err)
		os.Exit(1)
	}
}

func run(keyFile, domain, selector, canon, headers string, expire int64) error {
	signer, err := loadKey(keyFile)
	if err != nil {
		return err
	}
	hc, bc, ok := strings.Cut(canon, "/")
	if !ok {
		bc = "simple"
	}
	opts := &dkim.SignOptions{
		Domain:                 domain,
		Selector:               selector,
		Signer:                 signer,
		HeaderCanonicalization: dkim.Canonicalization(hc),
		BodyCanonicalization:   dkim.Canonicalization(bc),
		HeaderKeys:             strings.Split(headers, ":"),
	}
	if expire != 0 {
		opts.Expiration = time.Unix(expire, 0)
	}
	msg, err := io.ReadAll(os.Stdin)
	if err != nil {
		return fmt.Errorf("read message: %v", err)
	}
	var out bytes.Buffer
	if err := dkim.Sign(&out, bytes.NewReader(msg), opts); err != nil {
		return err
	}
	_, err = os.Stdout.Write(out.Bytes())
	return err
}

func loadKey(path string) (crypto.Signer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%s: no PEM block", path)
	}
	if block.Type == "RSA PRIVATE KEY" {
		return x509.ParsePKCS1PrivateKey(block.Bytes)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%s: key of type %T cannot sign", path, k)
	}
	return s, nil
}
