package main

import (
	"os"
	"runtime/debug"
)

// batchGCPercent is the collector's GOGC for a batch run (report over
// several inputs, bench). The run's ring of input bytes is live heap that
// holds no pointers: it costs the collector nothing to mark, but at the
// default GOGC of 100 it doubles the heap goal, and every page of that
// larger heap must be faulted in the first time it is used. On the 2-core
// test machine (a VM, where a page fault is dear) GOGC 50 took the issue-15
// corpus from 0.87 to 0.72 s of CPU and from 113 to 90 MB peak RSS; 25
// was no faster and slowed runs of small messages (more collections).
// GOGC and GOMEMLIMIT in the environment take precedence.
const batchGCPercent = 50

// tuneGCForBatch applies batchGCPercent unless GOGC is set, and returns
// the function that puts the previous setting back.
func tuneGCForBatch() (restore func()) {
	if _, set := os.LookupEnv("GOGC"); set {
		return func() {}
	}
	old := debug.SetGCPercent(batchGCPercent)
	return func() { debug.SetGCPercent(old) }
}
