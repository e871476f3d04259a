package main

import (
	"os"
	"sync"
)

// ring is the memory that a batch run reads its input files into: one
// buffer, allocated once and reused round and round, instead of a fresh
// heap buffer per file (which the runtime zeroes, the kernel then faults
// in page by page, and whose megabytes set off garbage collections). A
// file takes a contiguous stretch; stretches are freed in any order and
// their room is reused once every older stretch is free too. Since the
// run's window is bounded in bytes, this needs only window bytes.
//
// Why not mmap: a mapped file that another process truncates makes the
// next read of the lost pages raise SIGBUS, which Go turns into a crash
// unless every goroutine that may touch the bytes (the analysis starts its
// own, and hashes in assembly) has set debug.SetPanicOnFault. That cannot
// be guaranteed, and evidence must never crash the tool; copying from the
// page cache into memory already mapped costs a few percent of the run.
type ring struct {
	mu      sync.Mutex
	cond    *sync.Cond
	buf     []byte
	head    int      // where the next stretch starts
	live    []*lease // stretches in the order they were taken
	stopped bool
}

// lease is one stretch of the ring, or a heap buffer when nil ring.
type lease struct {
	r          *ring
	start, end int
	free       bool
}

func newRing(size int) *ring {
	r := &ring{buf: make([]byte, size)}
	adviseHuge(r.buf)
	r.cond = sync.NewCond(&r.mu)
	return r
}

// ringSize is the ring a run over names needs: the window, or less when
// the regular files named are smaller altogether (a run over one small
// message should not reserve the whole window).
func ringSize(names []string, window int) int {
	total := 0
	for _, n := range names {
		if n == "-" {
			continue
		}
		if st, err := os.Stat(n); err == nil && st.Mode().IsRegular() {
			total += int(min(st.Size(), int64(window))) + 1
			if total >= window {
				return window
			}
		}
	}
	return total
}

// get returns an empty buffer with room for n bytes and its lease, which
// release frees. It waits for room; a request larger than the ring, or
// one made on a nil ring, gets a heap buffer. It returns nil after stop.
func (r *ring) get(n int) ([]byte, *lease) {
	if r == nil || n > len(r.buf) {
		return make([]byte, 0, n), nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for !r.stopped {
		if start, ok := r.fit(n); ok {
			l := &lease{r: r, start: start, end: start + n}
			r.live = append(r.live, l)
			r.head = l.end
			return r.buf[start:start:l.end], l
		}
		r.cond.Wait()
	}
	return nil, nil
}

// fit finds n contiguous free bytes, marking the unusable end of the
// ring as a free lease when it wraps.
func (r *ring) fit(n int) (int, bool) {
	if len(r.live) == 0 {
		r.head = 0
		return 0, true
	}
	tail := r.live[0].start
	if r.head > tail {
		// Taken: [tail, head). Free: [head, len) then [0, tail).
		if len(r.buf)-r.head >= n {
			return r.head, true
		}
		if n <= tail {
			r.live = append(r.live, &lease{r: r, start: r.head, end: len(r.buf), free: true})
			return 0, true
		}
		return 0, false
	}
	// Wrapped: free is [head, tail).
	if tail-r.head >= n {
		return r.head, true
	}
	return 0, false
}

// release frees l's stretch; nobody may use its bytes afterwards.
func (l *lease) release() {
	if l == nil {
		return
	}
	r := l.r
	r.mu.Lock()
	l.free = true
	for len(r.live) > 0 && r.live[0].free {
		r.live[0] = nil
		r.live = r.live[1:]
	}
	r.mu.Unlock()
	r.cond.Broadcast()
}

// stop makes waiting and later calls to get return nil.
func (r *ring) stop() {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()
	r.cond.Broadcast()
}
