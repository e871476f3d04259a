package render

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.txt and *.json")

// goldenNow is the clock every fixture is judged against.
var goldenNow = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// TestGolden analyses every testdata/mail/*.eml against its zone file
// (testdata/dns/<case>.zone, or fixtures.zone) and compares the plain text
// report at width 80 and the JSON report with testdata/golden/<case>.txt
// and .json. go test ./render -update rewrites them.
func TestGolden(t *testing.T) {
	root := filepath.Join("..", "testdata")
	mails, err := filepath.Glob(filepath.Join(root, "mail", "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(mails) < 40 {
		t.Fatalf("%d messages in testdata/mail, want the 40 or more committed: run the test from the render folder", len(mails))
	}
	for _, path := range mails {
		name := strings.TrimSuffix(filepath.Base(path), ".eml")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			zone := filepath.Join(root, "dns", name+".zone")
			if _, err := os.Stat(zone); err != nil {
				zone = filepath.Join(root, "dns", "fixtures.zone")
			}
			z, err := dns.LoadZone(zone)
			if err != nil {
				t.Fatal(err)
			}
			rep := analyze.Analyze(context.Background(), raw, analyze.Options{
				Resolver: z,
				Now:      func() time.Time { return goldenNow },
			})
			stabilize(rep)
			var txt, js bytes.Buffer
			if err := Text(&txt, rep, name+".eml", NewStyles(false), 80); err != nil {
				t.Fatal(err)
			}
			if err := JSON(&js, rep, name+".eml"); err != nil {
				t.Fatal(err)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, js.Bytes(), "", "  "); err != nil {
				t.Fatalf("JSON output is not valid JSON: %v", err)
			}
			compareGolden(t, filepath.Join(root, "golden", name+".txt"), txt.Bytes())
			compareGolden(t, filepath.Join(root, "golden", name+".json"), pretty.Bytes())
		})
	}
}

// stabilize removes what changes from run to run: lookup times, and which
// of two identical concurrent lookups happened to be the cached one.
func stabilize(rep *analyze.Report) {
	traces := []*dns.Trace{}
	for _, r := range rep.DKIM {
		if r != nil {
			traces = append(traces, r.DNS)
		}
	}
	if rep.ARC != nil {
		for _, s := range rep.ARC.Sets {
			if s == nil {
				continue
			}
			if s.Seal != nil {
				traces = append(traces, s.Seal.DNS)
			}
			if s.MessageSignature != nil {
				traces = append(traces, s.MessageSignature.DNS)
			}
		}
	}
	if rep.DMARC != nil {
		traces = append(traces, rep.DMARC.DNS...)
	}
	if rep.SPF != nil {
		traces = append(traces, rep.SPF.DNS...)
	}
	for _, t := range traces {
		if t != nil {
			t.Duration = 0
			t.Cached = false
		}
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test ./render -update and read the diff\n%s", path, firstLineDiff(want, got))
	}
}

// firstLineDiff shows the first line where want and got differ.
func firstLineDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:", i+1) + "\n  want " + a + "\n  got  " + b
		}
	}
	return ""
}
