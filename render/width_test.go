package render

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWidth(t *testing.T) {
	rep := sampleReport()
	long := strings.Repeat("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A", 12)
	rep.DKIM[0].Tags[1].Value = long
	rep.DKIM[0].DNS.Records[0].Strings[1] = long
	rep.DKIM[0].Header.Fields[0].Raw = "From: " + long + "\r\n"
	rep.Summary.Subject = strings.Repeat("word ", 40)
	for _, w := range []int{40, 80, 120} {
		for _, color := range []bool{false, true} {
			out := renderAll(t, rep, NewStyles(color), w)
			for i, l := range strings.Split(out, "\n") {
				if n := ansi.StringWidth(l); n > w {
					t.Errorf("width %d, color %v: line %d is %d columns: %q", w, color, i+1, n, ansi.Strip(l))
				}
			}
			// Long values are wrapped, not cut.
			if flat := strings.Join(strings.Fields(ansi.Strip(out)), ""); !strings.Contains(flat, long) {
				t.Errorf("width %d, color %v: a long value was cut", w, color)
			}
		}
	}
}
