package dns

import (
	"context"
	"sync"
)

// Recorder is a Resolver that passes every lookup to another Resolver and
// keeps a copy of each answer, so that WriteZone can write them as an RFC
// 1035 zone file that Zone replays (--record-dns). Put it directly in front
// of the resolver whose answers are wanted (NewRunCache(NewRecorder(live))
// records each question the network was asked once); in front of a Cache it
// sees every lookup, shared answers included, which WriteZone merges.
// It is safe for concurrent use.
type Recorder struct {
	r      Resolver
	mu     sync.Mutex
	traces []*Trace
}

// NewRecorder returns a Recorder in front of r.
func NewRecorder(r Resolver) *Recorder { return &Recorder{r: r} }

// Lookup asks the wrapped resolver and keeps a copy of its answer: the
// caller may change the Trace it gets (analyze marks shared answers).
func (rec *Recorder) Lookup(ctx context.Context, name, qtype string) *Trace {
	t := rec.r.Lookup(ctx, name, qtype)
	if t != nil {
		c := copyTrace(t)
		rec.mu.Lock()
		rec.traces = append(rec.traces, c)
		rec.mu.Unlock()
	}
	return t
}

// Describe says who answers behind the recorder.
func (rec *Recorder) Describe() string { return rec.r.Describe() }

// Traces returns copies of the answers recorded so far, in the order they
// arrived (which, with concurrent lookups, varies from run to run;
// WriteZone does not depend on it).
func (rec *Recorder) Traces() []*Trace {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := make([]*Trace, len(rec.traces))
	for i, t := range rec.traces {
		out[i] = copyTrace(t)
	}
	return out
}
