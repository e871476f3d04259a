package dns

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
)

// limited is the Resolver returned by NewLimited.
type limited struct {
	r    Resolver
	max  int64
	used atomic.Int64
}

// NewLimited returns a Resolver that passes the first max lookups to r and
// answers every later one with Outcome TooMany, without a query. It bounds
// the DNS work one message can cause: a hostile message can carry thousands
// of signatures or an SPF record that fans out. Create one per message, and
// put a Cache in front of it (NewCache(NewLimited(r, n))) so that repeated
// identical questions count once. max < 1 allows no lookup at all.
func NewLimited(r Resolver, max int) Resolver {
	return &limited{r: r, max: int64(max)}
}

// Lookup asks r, or refuses once the limit is reached.
func (l *limited) Lookup(ctx context.Context, name, qtype string) *Trace {
	if n := l.used.Add(1); n > l.max {
		return &Trace{
			Query:     trimDot(name),
			Type:      strings.ToUpper(qtype),
			Server:    l.r.Describe(),
			Transport: "none",
			Outcome:   TooMany,
			Detail: fmt.Sprintf("not looked up: this message already used its %d DNS %s, the most one message may cause, so that a message built to make many lookups cannot make the analysis slow or send a flood of queries",
				l.max, plural(int(l.max), "lookup", "lookups")),
		}
	}
	return l.r.Lookup(ctx, name, qtype)
}

// Describe says who answers behind the limit.
func (l *limited) Describe() string { return l.r.Describe() }
