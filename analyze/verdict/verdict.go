// Package verdict holds the result words of RFC 8601 section 2.7, shared by
// every mechanism headerscope re-checks (DKIM, ARC, DMARC, SPF).
//
// Data flow: it holds no logic that reads input. dkim, arc, dmarc, spf
// and recheck return a Result word in their results, conclusion weighs
// them, and render turns each into a glyph and a style; the words are
// the same ones a receiver writes in Authentication-Results.
package verdict

// Result is an RFC 8601 result word.
type Result string

// The result words of RFC 8601 sections 2.7.1 to 2.7.4 that headerscope
// computes itself.
const (
	None      Result = "none"      // nothing to evaluate
	Pass      Result = "pass"      // verified
	Fail      Result = "fail"      // evaluated and did not verify
	Neutral   Result = "neutral"   // evaluated, but no conclusion can be drawn
	Policy    Result = "policy"    // verified, but not acceptable (for example RFC 8301)
	TempError Result = "temperror" // a transient error, usually DNS; may succeed later
	PermError Result = "permerror" // a permanent error: syntax, missing key, unusable key
	SoftFail  Result = "softfail"  // SPF only (RFC 7208 section 2.6.5)
)

// Valid reports whether r is one of the known result words.
func (r Result) Valid() bool {
	switch r {
	case None, Pass, Fail, Neutral, Policy, TempError, PermError, SoftFail:
		return true
	}
	return false
}
