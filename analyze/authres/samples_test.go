package authres

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSamples parses every testdata/samples/*.txt, a header field as a
// receiver writes it followed by "--- want" and the expected structure,
// with LF and with CRLF line ends.
func TestSamples(t *testing.T) {
	files, err := filepath.Glob("testdata/samples/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			field, want, ok := strings.Cut(string(b), "\n--- want\n")
			if !ok {
				t.Fatalf("%s: no \"--- want\" line", file)
			}
			name, value, ok := strings.Cut(field, ":")
			if !ok {
				t.Fatalf("%s: no field name", file)
			}
			for _, le := range []string{"\n", "\r\n"} {
				v := strings.ReplaceAll(value, "\n", le)
				got := parseSample(t, name, v)
				if got != want {
					t.Errorf("%s (line ends %q): got\n%s\nwant\n%s", file, le, got, want)
				}
			}
		})
	}
}

func parseSample(t *testing.T, name, v string) string {
	switch strings.ToLower(name) {
	case "authentication-results", "x-ms-exchange-authentication-results":
		h := Parse(v)
		checkHeader(t, v, h)
		return summarize(0, false, h)
	case "arc-authentication-results":
		i, h := ParseARC(v)
		checkHeader(t, v, h)
		return summarize(i, true, h)
	case "received-spf":
		r := ParseReceivedSPF(v)
		checkSPF(t, v, r)
		return summarizeSPF(r)
	}
	t.Fatalf("unknown field %q", name)
	return ""
}
