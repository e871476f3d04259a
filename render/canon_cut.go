package render

import (
	"fmt"

	"github.com/headerscope/headerscope/analyze/dkim"
)

// lengthCut finds, line by line, where the l= cut falls in the canonical
// body (RFC 6376 section 3.5): the bytes after it are not signed.
type lengthCut struct {
	at   int64 // l=, or -1 when there is none
	done int64 // canonical bytes of the lines seen so far
	hit  bool
}

func newLengthCut(r *dkim.Result) *lengthCut {
	c := &lengthCut{at: -1}
	if r.Length != nil && *r.Length < int64(r.Body.CanonicalLength) {
		c.at = *r.Length
	}
	return c
}

// mark is the note for the line whose canonical form is canon: on the
// line where the signed part of the body ends, and nowhere else.
func (c *lengthCut) mark(st Styles, canon string) string {
	if c.at < 0 || c.hit {
		return ""
	}
	start := c.done
	c.done += int64(len(canon))
	if c.done <= c.at {
		return ""
	}
	c.hit = true
	arrow := "◀ "
	if st.ASCII {
		arrow = "<- "
	}
	if start == c.at {
		return " " + st.Warn.Render(arrow+fmt.Sprintf("l=%d: the signed part of the body ends before this line", c.at))
	}
	return " " + st.Warn.Render(arrow+fmt.Sprintf("l=%d: the signed part of the body ends after byte %d of this line (canonical)", c.at, c.at-start))
}
