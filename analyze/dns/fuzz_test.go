package dns

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// FuzzParseZone feeds arbitrary zone files to ParseZone and, when one
// loads, looks up its names: neither may panic or hang, errors keep the
// house prefix, and every lookup ends in a known outcome.
func FuzzParseZone(f *testing.F) {
	for _, s := range []string{
		"$ORIGIN example.com.\ns1._domainkey IN TXT \"v=DKIM1; \" \"p=MIIB\"\n",
		"$ORIGIN loop.example.\na CNAME b\nb CNAME a\n",
		"$ORIGIN w.example.\n* TXT \"w\"\n*.cn CNAME x\nx TXT \"headerscope:servfail\"\n",
		"$GENERATE 1-10 h$.example.com. A 192.0.2.$\n",
		"$INCLUDE /etc/passwd\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		z, err := ParseZone(bytes.NewReader(data), "fuzz.zone")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "dns: fuzz.zone") {
				t.Errorf("ParseZone error %q lacks the prefix %q", err, "dns: fuzz.zone")
			}
			return
		}
		for i, owner := range z.order {
			if i == 16 {
				break
			}
			for _, qtype := range []string{"TXT", "A", "CNAME"} {
				for _, name := range []string{owner, "x." + owner} {
					tr := z.Lookup(context.Background(), name, qtype)
					switch tr.Outcome {
					case OK, NoData, NXDomain, ServFail, Refused, Timeout, BadName:
					default:
						t.Errorf("Lookup(%q, %s) Outcome = %q", name, qtype, tr.Outcome)
					}
					if len(tr.CNAMEs) > MaxCNAMEHops+1 {
						t.Errorf("Lookup(%q, %s) followed %d CNAMEs", name, qtype, len(tr.CNAMEs))
					}
				}
			}
		}
	})
}
