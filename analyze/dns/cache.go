package dns

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// Cache wraps a Resolver so that identical questions (same name, case
// folded, and type) are asked once; concurrent callers wait for the first
// answer. It is meant to live for one message (NewCache) or one run
// (NewRunCache).
//
// An answer cut short because the asking caller's context ended is not
// kept: the next caller asks again.
type Cache struct {
	r    Resolver
	mark bool // set Trace.Cached on shared answers
	mu   sync.Mutex
	m    map[string]*entry
}

type entry struct {
	done chan struct{}
	t    *Trace // nil when the lookup was abandoned
}

// NewCache returns a Cache in front of r for one message: answers shared
// with an earlier identical question have Trace.Cached set.
func NewCache(r Resolver) *Cache { return &Cache{r: r, mark: true, m: map[string]*entry{}} }

// NewRunCache returns a Cache in front of r for a whole run of many
// messages. It leaves Trace.Cached alone: which message asked first depends
// on how the messages were scheduled (--jobs), and a report must not, so
// Cached only ever speaks of questions within one message.
func NewRunCache(r Resolver) *Cache { return &Cache{r: r, m: map[string]*entry{}} }

// Lookup answers from the cache or asks the wrapped resolver once. Every
// caller gets its own copy of the Trace; with NewCache, copies after the
// first have Cached set.
func (c *Cache) Lookup(ctx context.Context, name, qtype string) *Trace {
	key := strings.ToLower(trimDot(name)) + "\x00" + strings.ToUpper(qtype)
	for {
		c.mu.Lock()
		e, ok := c.m[key]
		if !ok {
			e = &entry{done: make(chan struct{})}
			c.m[key] = e
			c.mu.Unlock()
			return c.fill(ctx, key, e, name, qtype)
		}
		c.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return &Trace{
				Query: trimDot(name), Type: strings.ToUpper(qtype), Server: c.r.Describe(), Outcome: Timeout,
				Detail:  fmt.Sprintf("the lookup of %s was stopped while waiting for the same question asked earlier (%v)", trimDot(name), context.Cause(ctx)),
				Failure: stopped(ctx, trimDot(name), strings.ToUpper(qtype)),
			}
		}
		if e.t != nil {
			t := copyTrace(e.t)
			t.Cached = t.Cached || c.mark
			return t
		}
		// The first caller gave up; ask again.
	}
}

// fill asks the wrapped resolver and publishes the answer, or drops the
// entry when the caller's context ended during the lookup.
func (c *Cache) fill(ctx context.Context, key string, e *entry, name, qtype string) (t *Trace) {
	defer func() {
		if t == nil || ctx.Err() != nil {
			c.mu.Lock()
			delete(c.m, key)
			c.mu.Unlock()
		} else {
			e.t = copyTrace(t)
		}
		close(e.done)
	}()
	return c.r.Lookup(ctx, name, qtype)
}

// copyTrace copies t and its slices, so that no caller can change what
// another sees.
func copyTrace(t *Trace) *Trace {
	c := *t
	c.CNAMEs = append([]Hop(nil), t.CNAMEs...)
	c.Records = make([]Record, len(t.Records))
	for i, r := range t.Records {
		r.Strings = append([]string(nil), r.Strings...)
		c.Records[i] = r
	}
	if t.Records == nil {
		c.Records = nil
	}
	if t.Failure != nil {
		f := *t.Failure
		c.Failure = &f
	}
	return &c
}

// Describe says who answers behind the cache.
func (c *Cache) Describe() string { return c.r.Describe() }
