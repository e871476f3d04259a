package dns

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// countingResolver answers every question with one TXT record and counts
// the calls; when gate is not nil each call waits for it to close.
type countingResolver struct {
	calls atomic.Int32
	gate  chan struct{}
}

func (c *countingResolver) Lookup(ctx context.Context, name, qtype string) *Trace {
	c.calls.Add(1)
	if c.gate != nil {
		select {
		case <-c.gate:
		case <-ctx.Done():
			return &Trace{Query: name, Type: qtype, Outcome: Timeout, Detail: "stopped"}
		}
	}
	return &Trace{Query: trimDot(name), Type: qtype, Outcome: OK, Records: []Record{txt(60, "v=DKIM1; p=x")}}
}

func (c *countingResolver) Describe() string { return "counting" }

func TestCacheConcurrent(t *testing.T) {
	r := &countingResolver{gate: make(chan struct{})}
	c := NewCache(r)
	names := []string{"s1._domainkey.example.com", "S1._DOMAINKEY.example.com.", "s1._domainkey.Example.Com"}
	const n = 12
	out := make([]*Trace, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = c.Lookup(context.Background(), names[i%len(names)], "TXT")
		}()
	}
	close(r.gate)
	wg.Wait()
	if got := r.calls.Load(); got != 1 {
		t.Errorf("%d concurrent identical lookups made %d calls, want 1", n, got)
	}
	fresh := 0
	for _, tr := range out {
		if tr.Outcome != OK || len(tr.Records) != 1 {
			t.Errorf("Lookup = %+v, want ok with one record", tr)
		}
		if !tr.Cached {
			fresh++
		}
	}
	if fresh != 1 {
		t.Errorf("%d answers not marked Cached, want 1", fresh)
	}
	// Each caller owns its copy.
	out[0].Records[0].Strings[0] = "changed"
	if got := c.Lookup(context.Background(), names[0], "TXT").Records[0].Strings[0]; got != "v=DKIM1; p=x" {
		t.Errorf("a caller's change reached the cache: %q", got)
	}
	// Another type is another question.
	c.Lookup(context.Background(), names[0], "A")
	if got := r.calls.Load(); got != 2 {
		t.Errorf("after a second type: %d calls, want 2", got)
	}
}

func TestCacheDropsCancelled(t *testing.T) {
	r := &countingResolver{gate: make(chan struct{})}
	c := NewCache(r)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := c.Lookup(ctx, "example.com", "TXT"); got.Outcome != Timeout {
		t.Fatalf("cancelled Lookup: Outcome = %q, want %q", got.Outcome, Timeout)
	}
	close(r.gate)
	got := c.Lookup(context.Background(), "example.com", "TXT")
	if got.Outcome != OK || got.Cached {
		t.Errorf("Lookup after a cancelled one = %q (cached %v), want a fresh ok", got.Outcome, got.Cached)
	}
	if n := r.calls.Load(); n != 2 {
		t.Errorf("calls = %d, want 2", n)
	}
}

func TestLimited(t *testing.T) {
	r := &countingResolver{}
	l := NewLimited(r, 3)
	var outcomes []string
	for i := range 5 {
		outcomes = append(outcomes, string(l.Lookup(context.Background(), "h"+string(rune('a'+i))+".example.com", "A").Outcome))
	}
	if got, want := strings.Join(outcomes, " "), "ok ok ok too-many too-many"; got != want {
		t.Errorf("outcomes = %q, want %q", got, want)
	}
	if n := r.calls.Load(); n != 3 {
		t.Errorf("calls = %d, want 3", n)
	}
	tr := l.Lookup(context.Background(), "x.example.com.", "a")
	if tr.Query != "x.example.com" || tr.Type != "A" || !tr.Outcome.Temporary() || !strings.Contains(tr.Detail, "already used its 3 DNS lookups") {
		t.Errorf("Lookup past the limit = %+v", tr)
	}
	if l.Describe() != "counting" {
		t.Errorf("Describe() = %q, want %q", l.Describe(), "counting")
	}

	// Behind a cache, a repeated question counts once.
	r = &countingResolver{}
	c := NewCache(NewLimited(r, 1))
	for range 3 {
		if got := c.Lookup(context.Background(), "s1._domainkey.example.com", "TXT"); got.Outcome != OK {
			t.Errorf("cached Lookup under a limit of 1 = %q, want ok", got.Outcome)
		}
	}
	if got := c.Lookup(context.Background(), "s2._domainkey.example.com", "TXT"); got.Outcome != TooMany {
		t.Errorf("second distinct Lookup under a limit of 1 = %q, want %q", got.Outcome, TooMany)
	}
}

// TestLimitedReserve checks that reserved questions are allowed or refused
// by their place in the reserved order, whatever order they arrive in, so
// that a message over the limit is reported the same way on every run.
func TestLimitedReserve(t *testing.T) {
	names := []string{"a.example.com", "b.example.com", "c.example.com", "d.example.com"}
	for _, order := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}} {
		r := &countingResolver{}
		l := NewLimited(r, 2)
		l.Reserve("TXT", names...)
		got := make([]Outcome, len(names))
		for _, i := range order {
			got[i] = l.Lookup(context.Background(), strings.ToUpper(names[i])+".", "txt").Outcome
		}
		want := []Outcome{OK, OK, TooMany, TooMany}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("order %v: %s = %s, want %s", order, names[i], got[i], want[i])
			}
		}
		// What the reserved questions used counts against the others.
		if o := l.Lookup(context.Background(), "e.example.com", "TXT").Outcome; o != TooMany {
			t.Errorf("order %v: unreserved lookup after the limit = %s, want %s", order, o, TooMany)
		}
	}
	// A reserved question that is never asked uses nothing.
	l := NewLimited(&countingResolver{}, 2)
	l.Reserve("TXT", "a.example.com", "b.example.com")
	for _, n := range []string{"a.example.com", "x.example.com"} {
		if o := l.Lookup(context.Background(), n, "TXT").Outcome; o != OK {
			t.Errorf("%s = %s, want ok", n, o)
		}
	}
}

// TestRunCacheLeavesCachedAlone checks that a run-wide cache does not mark
// answers as cached: which message asked first depends on scheduling.
func TestRunCacheLeavesCachedAlone(t *testing.T) {
	r := &countingResolver{}
	c := NewRunCache(r)
	for range 3 {
		if tr := c.Lookup(context.Background(), "s1._domainkey.example.com", "TXT"); tr.Cached || tr.Outcome != OK {
			t.Errorf("run cache Lookup = %+v, want ok and not marked cached", tr)
		}
	}
	if n := r.calls.Load(); n != 1 {
		t.Errorf("calls = %d, want 1", n)
	}
}
