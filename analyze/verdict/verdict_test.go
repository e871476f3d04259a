package verdict

import "testing"

func TestValid(t *testing.T) {
	for _, r := range []Result{None, Pass, Fail, Neutral, Policy, TempError, PermError, SoftFail} {
		if !r.Valid() {
			t.Errorf("Result(%q).Valid() = false, want true", r)
		}
	}
	for _, r := range []Result{"", "PASS", "hardfail", "temperr"} {
		if r.Valid() {
			t.Errorf("Result(%q).Valid() = true, want false", r)
		}
	}
}
