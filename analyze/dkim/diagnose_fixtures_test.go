package dkim

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
)

// diagnosisRow is one expected finding of testdata/diagnosis/expect.tsv,
// written by testdata/gen/make_diagnosis.py from where it put the change.
type diagnosisRow struct {
	half, kind, status, field string
	first, last               int
}

func readDiagnosisExpect(t *testing.T) (map[string][]diagnosisRow, []string) {
	t.Helper()
	f, err := os.Open("../../testdata/diagnosis/expect.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]diagnosisRow{}
	var order []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if strings.HasPrefix(cols[0], "#") || len(cols) != 7 {
			continue
		}
		first, _ := strconv.Atoi(cols[5])
		last, _ := strconv.Atoi(cols[6])
		if _, ok := out[cols[0]]; !ok {
			order = append(order, cols[0])
		}
		out[cols[0]] = append(out[cols[0]], diagnosisRow{cols[1], cols[2], cols[3], cols[4], first, last})
	}
	return out, order
}

// TestDiagnosisFixtures checks the diagnosis of the first DKIM-Signature of
// every message signed by dkimpy and then changed as a real system does.
func TestDiagnosisFixtures(t *testing.T) {
	zone, err := dns.LoadZone("../../testdata/dns/fixtures.zone")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	want, order := readDiagnosisExpect(t)
	for _, name := range order {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("../../testdata/diagnosis", name+".eml"))
			if err != nil {
				t.Fatal(err)
			}
			m := message.Parse(raw)
			r := NewVerifier(m, zone, now).Verify(context.Background(), m.Header("DKIM-Signature")[0], KindDKIM, 0)
			rows := want[name]
			if rows[0].status == "none" {
				if r.Verdict != "pass" || r.Diagnosis != nil {
					t.Fatalf("control: got %s %q with diagnosis %+v, want pass and no diagnosis", r.Verdict, r.Reason, r.Diagnosis)
				}
				return
			}
			d := r.Diagnosis
			if d == nil {
				t.Fatalf("no diagnosis: %s %q", r.Verdict, r.Reason)
			}
			for _, w := range rows {
				if w.status == Unexplained.String() {
					got := d.Body
					if w.half == "header" {
						got = d.Header
					}
					if got != Unexplained || len(d.TriedBody)+len(d.TriedHeader) == 0 {
						t.Errorf("%s: got %q (tried %v %v), want unexplained with the families tried", w.half, got, d.TriedHeader, d.TriedBody)
					}
					continue
				}
				if !hasFinding(d.Findings, w) {
					t.Errorf("missing %+v\n got %s", w, dumpFindings(d.Findings))
				}
			}
			// The findings are data; render words them, in the reason too.
			if d.Header == Explained && !hasVerified(d.Findings, HeaderHalf) {
				t.Errorf("header explained without a verified header finding: %s", dumpFindings(d.Findings))
			}
		})
	}
}

func hasFinding(fs []Finding, w diagnosisRow) bool {
	for _, f := range fs {
		if f.Half.String() != w.half || f.Kind.String() != w.kind || f.Status.String() != w.status {
			continue
		}
		if w.field != "-" && !strings.EqualFold(f.Field, w.field) {
			continue
		}
		if w.half == HeaderHalf.String() && w.status == Verified.String() && f.FieldLine == 0 {
			continue
		}
		// A change next to an empty line can be undone two ways (the
		// empty line before it, or after); both are the same repair.
		if w.first > 0 && (abs(f.FirstLine-w.first) > 1 || abs(f.LastLine-w.last) > 1) {
			continue
		}
		if f.Status == Verified && f.RepairedHash == "" {
			continue
		}
		return true
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func dumpFindings(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		f.Added, f.Removed = f.Added[:min(len(f.Added), 40)], f.Removed[:min(len(f.Removed), 40)]
		b.WriteString("\n  " + strconv.Quote(fmtFinding(f)))
	}
	return b.String()
}

func fmtFinding(f Finding) string {
	return f.Half.String() + " " + f.Kind.String() + " " + f.Status.String() + " field=" + f.Field + " lines=" + strconv.Itoa(f.FirstLine) + "-" + strconv.Itoa(f.LastLine) + " added=" + f.Added + " removed=" + f.Removed
}

func hasVerified(fs []Finding, half Half) bool {
	for _, f := range fs {
		if f.Half == half && f.Status == Verified {
			return true
		}
	}
	return false
}
