package dkim

import (
	"crypto"
	"sync"
)

// maxCachedKeys bounds a KeyCache: past it, records are parsed each time
// instead of kept, so a run over mail from millions of selectors does not
// grow without end.
const maxCachedKeys = 4096

// maxCachedRecord is the longest record kept (an RSA-8192 record is about
// 1,500 bytes), so the cache stays under a few megabytes whatever the
// zone publishes.
const maxCachedRecord = 4096

// KeyCache keeps parsed key records (RFC 6376 section 3.6.1) for a run:
// messages of one sender share a selector, and parsing an RSA key is a
// good part of the cost of verifying a small message. Entries are keyed by
// the record text, so a cached key is exactly what parsing would give. The
// zero value is ready to use and safe for concurrent use.
type KeyCache struct {
	mu sync.Mutex
	m  map[string]cachedKey
}

type cachedKey struct {
	k   *Key
	pub crypto.PublicKey
}

// parse returns parseKey(record), from the cache when it holds it. The
// returned Key is shared: callers must not modify it.
func (c *KeyCache) parse(record string) (*Key, crypto.PublicKey) {
	if c == nil || len(record) > maxCachedRecord {
		return parseKey(record)
	}
	c.mu.Lock()
	e, ok := c.m[record]
	c.mu.Unlock()
	if ok {
		return e.k, e.pub
	}
	k, pub := parseKey(record)
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]cachedKey{}
	}
	if len(c.m) < maxCachedKeys {
		c.m[record] = cachedKey{k, pub}
	}
	c.mu.Unlock()
	return k, pub
}
