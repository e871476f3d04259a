package arc

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// root is the module's testdata folder, shared by every package.
var root = filepath.Join("..", "..", "testdata")

// TestFixtures checks the project's ARC fixtures, signed by dkimpy's
// arc_sign (testdata/gen/make_arc.py), against the chain verdicts in
// testdata/expect.tsv (rows of kind arc), with the fixtures' zone and the
// pinned clock. The reason must mention the row's keyword.
func TestFixtures(t *testing.T) {
	f, err := os.Open(filepath.Join(root, "expect.tsv"))
	if err != nil {
		t.Fatalf("the committed fixture table: %v", err)
	}
	defer f.Close()
	rows := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		col := strings.Split(sc.Text(), "\t")
		if len(col) < 5 || col[1] != "arc" {
			continue
		}
		name, want, keyword := col[0], verdict.Result(col[3]), col[4]
		rows++
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(root, "mail", name+".eml"))
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
			r := Validate(context.Background(), dkim.NewVerifier(message.Parse(raw), z, testClock))
			if r.Verdict != want {
				t.Errorf("%s: Validate = %s (%s), want %s", name, r.Verdict, r.Reason, want)
			}
			if keyword != "" && !strings.Contains(strings.ToLower(r.Reason), strings.ToLower(keyword)) {
				t.Errorf("%s: reason %q does not mention %q", name, r.Reason, keyword)
			}
			t.Logf("%s: %s, oldest-pass %d: %s", name, r.Verdict, r.OldestPass, r.Reason)
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rows < 8 {
		t.Fatalf("%d arc rows in expect.tsv, want the 8 or more committed", rows)
	}
}
