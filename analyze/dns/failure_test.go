package dns

import (
	"context"
	"testing"
	"time"
)

// TestFailureCauses checks the Failure of the lookups that no Live or Zone
// table covers: offline, over the lookup limit, and stopped because the
// message's time was up (through the Cache and Live).
func TestFailureCauses(t *testing.T) {
	s := startServer(t, nil)
	up, cancel := context.WithTimeoutCause(context.Background(), 100*time.Millisecond, &TimeUp{Allowed: 100 * time.Millisecond})
	defer cancel()
	limited := NewLimited(Offline{}, 1)
	limited.Lookup(context.Background(), "a.example.com", "TXT")
	tests := []struct {
		name string
		got  *Trace
		want Failure
	}{
		{"offline", Offline{}.Lookup(context.Background(), "sel._domainkey.example.com.", "TXT"),
			Failure{Cause: CauseOffline, Name: "sel._domainkey.example.com", Type: "TXT"}},
		{"over the limit", limited.Lookup(context.Background(), "b.example.com", "txt"),
			Failure{Cause: CauseLimit, Name: "b.example.com", Type: "TXT", Limit: 1}},
		{"time up", NewCache(newTestLive(t, LiveOptions{Timeout: time.Minute, Attempts: 1}, s.addr)).Lookup(up, "silent.example.com", "TXT"),
			Failure{Cause: CauseTimeUp, Name: "silent.example.com", Type: "TXT", Wait: 100 * time.Millisecond}},
	}
	for _, tt := range tests {
		if tt.got.Failure == nil {
			t.Errorf("%s: Failure = nil, want %+v (Detail %q)", tt.name, tt.want, tt.got.Detail)
			continue
		}
		if *tt.got.Failure != tt.want {
			t.Errorf("%s: Failure = %+v, want %+v", tt.name, *tt.got.Failure, tt.want)
		}
	}
	if got, want := (&TimeUp{Allowed: 30 * time.Second}).Error(), "the time allowed for this message's DNS lookups (30s) ran out"; got != want {
		t.Errorf("TimeUp.Error() = %q, want %q", got, want)
	}
}
