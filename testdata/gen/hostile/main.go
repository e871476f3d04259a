// Command hostile writes to stdout a message of one of the shapes built to
// make a verifier use memory or time out of proportion to its size (issue
// 12), so that the figures in README.md ("Limits and hostile input") can
// be measured again:
//
//	go run ./testdata/gen/hostile -shape subject -n 32 -size 2000000 > /tmp/s.eml
//	/usr/bin/time -v headerscope report --offline --json /tmp/s.eml > /dev/null
//
// Shapes:
//
//	subject  n DKIM-Signatures (h=from:subject) over one Subject of size bytes
//	claims   one Authentication-Results field with n dkim=pass claims
//	arfields n Authentication-Results fields of one claim each
//	hfields  n fields, all listed in h= of 32 DKIM-Signatures
//	tags     one DKIM-Signature with n extra " z=1;" tags
//	sigtags  n DKIM-Signatures, each with size bytes of extra tags
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	shape := flag.String("shape", "subject", "subject, claims, arfields, hfields, tags or sigtags")
	n := flag.Int("n", 32, "how many signatures, claims or tags")
	size := flag.Int("size", 2000000, "bytes of the large field (subject, sigtags)")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	const sig = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=rsa2048; h=from:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA=="
	switch *shape {
	case "subject":
		for range *n {
			fmt.Fprint(w, sig+"\r\n")
		}
		fmt.Fprint(w, "From: a@example.com\r\nSubject: ")
		writeWords(w, *size)
		fmt.Fprint(w, "\r\n\r\nbody\r\n")
	case "claims":
		fmt.Fprint(w, "Authentication-Results: mx.example.com")
		for range *n {
			fmt.Fprint(w, ";\r\n dkim=pass header.d=example.com")
		}
		fmt.Fprint(w, "\r\nFrom: a@example.com\r\nSubject: claims\r\n\r\nbody\r\n")
	case "hfields":
		var h, fields strings.Builder
		h.WriteString("from")
		for i := range *n {
			fmt.Fprintf(&h, ":x%d", i)
			fmt.Fprintf(&fields, "x%d: v\r\n", i)
		}
		for range 32 {
			fmt.Fprint(w, strings.Replace(sig, "h=from:subject", "h="+h.String(), 1)+"\r\n")
		}
		fmt.Fprint(w, "From: a@example.com\r\n"+fields.String()+"\r\nbody\r\n")
	case "arfields":
		for range *n {
			fmt.Fprint(w, "Authentication-Results: mx.example.com; spf=pass smtp.mailfrom=example.com\r\n")
		}
		fmt.Fprint(w, "From: a@example.com\r\nSubject: arfields\r\n\r\nbody\r\n")
	case "tags":
		fmt.Fprint(w, sig+";")
		for range *n {
			fmt.Fprint(w, " z=1;")
		}
		fmt.Fprint(w, "\r\nFrom: a@example.com\r\nSubject: tags\r\n\r\nbody\r\n")
	case "sigtags":
		for range *n {
			fmt.Fprint(w, sig+"; z=")
			writeWords(w, *size)
			fmt.Fprint(w, "\r\n")
		}
		fmt.Fprint(w, "From: a@example.com\r\nSubject: sigtags\r\n\r\nbody\r\n")
	default:
		fmt.Fprintf(os.Stderr, "hostile: unknown shape %q\n", *shape)
		os.Exit(2)
	}
}

// writeWords writes size bytes of words on one line, so that relaxed
// canonicalization has work to do (double spaces) and the line is not a
// single token.
func writeWords(w *bufio.Writer, size int) {
	word := "lorem  ipsum "
	for size >= len(word) {
		w.WriteString(word)
		size -= len(word)
	}
	w.WriteString(strings.Repeat("x", size))
}
