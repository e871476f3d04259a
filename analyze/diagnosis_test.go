package analyze

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/dkim"
)

// TestDiagnosisARCHop checks that a change made by a list that then sealed
// the message is pinned on that hop: the author's DKIM signature fails, its
// diagnosis names the Subject tag and the footer, and the list's AMS (i=1)
// still verifies, so hop i=1 made them.
func TestDiagnosisARCHop(t *testing.T) {
	raw, err := os.ReadFile("../testdata/diagnosis/arc-list-changed-at-i1.eml")
	if err != nil {
		t.Fatal(err)
	}
	z := fixtureZone(t, "arc-list-changed-at-i1")
	rep := Analyze(context.Background(), raw, Options{Resolver: z, Now: func() time.Time { return fixtureNow }})
	if len(rep.DKIM) != 1 || rep.DKIM[0].Diagnosis == nil {
		t.Fatalf("want one diagnosed DKIM signature, got %d", len(rep.DKIM))
	}
	d := rep.DKIM[0].Diagnosis
	kinds := map[dkim.Family]dkim.FindingStatus{}
	for _, f := range d.Findings {
		kinds[f.Kind] = f.Status
	}
	if kinds[dkim.KindSubjectTag] != dkim.Verified || kinds[dkim.KindAppended] != dkim.Verified {
		t.Errorf("findings %+v, want a verified Subject tag and appended footer", d.Findings)
	}
	if rep.ARC.Verdict != "pass" {
		t.Fatalf("ARC %s: %s", rep.ARC.Verdict, rep.ARC.Reason)
	}
	if got := arc.ChangedBy(rep.ARC, rep.DKIM[0]); got != 1 {
		t.Errorf("ChangedBy = %d, want hop 1", got)
	}
	if got := arc.ChangedBy(rep.ARC, rep.ARC.Sets[0].MessageSignature); got != 0 {
		t.Errorf("ChangedBy(AMS i=1) = %d, want 0: it verifies", got)
	}
}
