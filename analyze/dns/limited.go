package dns

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// Limited is the Resolver returned by NewLimited.
type Limited struct {
	r   Resolver
	max int

	mu       sync.Mutex
	used     int            // lookups passed on to r
	reserved map[string]int // key -> place in the order given to Reserve
}

// NewLimited returns a Resolver that passes the first max lookups to r and
// answers every later one with Outcome TooMany, without a query. It bounds
// the DNS work one message can cause: a hostile message can carry thousands
// of signatures or an SPF record that fans out. Create one per message, and
// put a Cache in front of it (NewCache(NewLimited(r, n))) so that repeated
// identical questions count once. max < 1 allows no lookup at all.
func NewLimited(r Resolver, max int) *Limited {
	return &Limited{r: r, max: max}
}

// Reserve decides in advance which of questions that will be asked at the
// same time get the first places under the limit: the i-th distinct
// (name, qtype) given (from 0) is allowed when i < max, whether or not the
// others are asked, and in whatever order the lookups arrive. Without it,
// when a message needs more lookups than the limit, which ones were refused
// would depend on goroutine scheduling, and two runs of one message could
// differ. Lookups of questions not reserved are allowed while fewer than
// max lookups have been made. Call Reserve before the lookups start.
func (l *Limited) Reserve(qtype string, names ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.reserved == nil {
		l.reserved = map[string]int{}
	}
	for _, n := range names {
		k := limitKey(n, qtype)
		if _, ok := l.reserved[k]; !ok {
			l.reserved[k] = len(l.reserved)
		}
	}
}

func limitKey(name, qtype string) string {
	return strings.ToLower(trimDot(name)) + "\x00" + strings.ToUpper(qtype)
}

// Lookup asks r, or refuses once the limit is reached.
func (l *Limited) Lookup(ctx context.Context, name, qtype string) *Trace {
	if !l.allow(name, qtype) {
		return &Trace{
			Query:     trimDot(name),
			Type:      strings.ToUpper(qtype),
			Server:    l.r.Describe(),
			Transport: "none",
			Outcome:   TooMany,
			Detail: fmt.Sprintf("not looked up: this message already used its %d DNS %s, the most one message may cause, so that a message built to make many lookups cannot make the analysis slow or send a flood of queries",
				l.max, plural(l.max, "lookup", "lookups")),
			Failure: &Failure{Cause: CauseLimit, Name: trimDot(name), Type: strings.ToUpper(qtype), Limit: l.max},
		}
	}
	return l.r.Lookup(ctx, name, qtype)
}

func (l *Limited) allow(name, qtype string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	ok := l.used < l.max
	if i, reserved := l.reserved[limitKey(name, qtype)]; reserved {
		ok = i < l.max
	}
	if ok {
		l.used++
	}
	return ok
}

// Describe says who answers behind the limit.
func (l *Limited) Describe() string { return l.r.Describe() }
