package main

import (
	"os"
	"runtime/debug"
)

// batchGCPercent is the collector's GOGC for a batch run (report over
// several inputs, bench). Input bytes live in the run's ring and are not
// garbage; what remains is each message's analysis, a few hundred
// kilobytes that die together, so collecting at twice the live heap
// rather than at the default once is cheap in memory and halves the
// collections. GOGC and GOMEMLIMIT in the environment take precedence.
const batchGCPercent = 200

// tuneGCForBatch applies batchGCPercent unless GOGC is set, and returns
// the function that puts the previous setting back.
func tuneGCForBatch() (restore func()) {
	if _, set := os.LookupEnv("GOGC"); set {
		return func() {}
	}
	old := debug.SetGCPercent(batchGCPercent)
	return func() { debug.SetGCPercent(old) }
}
