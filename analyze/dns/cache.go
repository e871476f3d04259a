package dns

import (
	"context"
	"strings"
	"sync"
)

// Cache wraps a Resolver so that identical questions (same name, case
// folded, and type) are asked once; concurrent callers wait for the first
// answer. It is meant to live for one message or one run.
type Cache struct {
	r  Resolver
	mu sync.Mutex
	m  map[string]*entry
}

type entry struct {
	done chan struct{}
	t    *Trace
}

// NewCache returns a Cache in front of r.
func NewCache(r Resolver) *Cache { return &Cache{r: r, m: map[string]*entry{}} }

// Lookup answers from the cache or asks the wrapped resolver once.
func (c *Cache) Lookup(ctx context.Context, name, qtype string) *Trace {
	key := strings.ToLower(trimDot(name)) + "\x00" + qtype
	c.mu.Lock()
	if e, ok := c.m[key]; ok {
		c.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return &Trace{Query: trimDot(name), Type: qtype, Server: c.r.Describe(), Outcome: Timeout, Detail: "lookup cancelled: " + ctx.Err().Error()}
		}
		t := *e.t
		t.Cached = true
		return &t
	}
	e := &entry{done: make(chan struct{})}
	c.m[key] = e
	c.mu.Unlock()
	e.t = c.r.Lookup(ctx, name, qtype)
	close(e.done)
	t := *e.t
	return &t
}

// Describe says who answers behind the cache.
func (c *Cache) Describe() string { return c.r.Describe() }
