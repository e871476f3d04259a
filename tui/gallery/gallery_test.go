package gallery

import (
	"strings"
	"testing"
)

func TestGalleryLoads(t *testing.T) {
	ms := Messages()
	if len(ms) < 10 {
		t.Fatalf("%d teaching messages embedded, want the whole gallery", len(ms))
	}
	for i, m := range ms {
		if !strings.HasSuffix(m.Name, ".eml") || len(m.Raw) == 0 {
			t.Errorf("message %d = %q (%d bytes), want a non-empty .eml", i, m.Name, len(m.Raw))
		}
		if i > 0 && ms[i-1].Name >= m.Name {
			t.Errorf("messages not in file-name order: %q before %q", ms[i-1].Name, m.Name)
		}
	}
	z, err := Resolver()
	if err != nil {
		t.Fatalf("Resolver() = %v", err)
	}
	if got := z.Describe(); !strings.Contains(got, ZoneName) {
		t.Errorf("Describe() = %q, want it to name %q", got, ZoneName)
	}
}
