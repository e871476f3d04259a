package authres

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// addSamples seeds a fuzz target with the field values of the samples, in
// addition to the committed corpus under testdata/fuzz.
func addSamples(f *testing.F) {
	files, _ := filepath.Glob("testdata/samples/*.txt")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		field, _, _ := strings.Cut(string(b), "\n--- want\n")
		if _, v, ok := strings.Cut(field, ":"); ok {
			f.Add(v)
		}
	}
}

func FuzzParse(f *testing.F) {
	addSamples(f)
	f.Fuzz(func(t *testing.T, in string) {
		checkHeader(t, in, Parse(in))
	})
}

func FuzzParseARC(f *testing.F) {
	addSamples(f)
	f.Fuzz(func(t *testing.T, in string) {
		n, h := ParseARC(in)
		if n < 0 || n > 50 {
			t.Errorf("ParseARC(%q) instance %d out of range", in, n)
		}
		checkHeader(t, in, h)
		// The validator's reading of the tag is ParseARC's, stricter only
		// in that a problem anywhere in the tag gives no instance.
		if m, why := ARCInstance(in); (why == "") != (m >= 1 && m <= MaxInstance) || (m != 0 && m != n) {
			t.Errorf("ARCInstance(%q) = %d, %q; ParseARC gives %d", in, m, why, n)
		}
	})
}

func FuzzParseReceivedSPF(f *testing.F) {
	addSamples(f)
	f.Fuzz(func(t *testing.T, in string) {
		checkSPF(t, in, ParseReceivedSPF(in))
	})
}
