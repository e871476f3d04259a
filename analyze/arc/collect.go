package arc

import (
	"fmt"
	"sort"
	"strings"

	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/message"
)

// member is one ARC header field and its position among the fields of its
// name (the index dkim.Verifier.Verify wants).
type member struct {
	field message.Field
	index int
}

// group is the fields that claim one instance.
type group struct {
	instance     int
	aar, ams, as []member
}

// complete reports whether the group has exactly one of each member, as
// RFC 8617 section 5.2 step 3.1 requires.
func (g *group) complete() bool {
	return g != nil && len(g.aar) == 1 && len(g.ams) == 1 && len(g.as) == 1
}

// collection is every ARC field of a message, grouped by instance.
type collection struct {
	groups   map[int]*group
	max      int       // highest readable instance, N of RFC 8617 section 5.2
	fields   int       // ARC fields found, readable or not
	problems []Problem // fields whose instance could not be read
}

// collect gathers the ARC fields of m by instance (RFC 8617 section 5.2
// step 1). A field whose instance cannot be read is a problem and belongs
// to no set.
func collect(m *message.Message) *collection {
	c := &collection{groups: map[int]*group{}}
	counts := map[string]int{}
	for _, f := range m.Fields {
		var name string
		switch {
		case strings.EqualFold(f.Name, SealField):
			name = SealField
		case strings.EqualFold(f.Name, AMSField):
			name = AMSField
		case strings.EqualFold(f.Name, AARField):
			name = AARField
		default:
			continue
		}
		c.fields++
		mb := member{field: f, index: counts[name]}
		counts[name]++
		var inst int
		var why string
		if name == AARField {
			inst, why = authres.ARCInstance(f.ValueText())
		} else {
			inst, why = tagInstance(f.ValueText())
		}
		if why != "" {
			c.problems = append(c.problems, Problem{Field: name, Line: f.Line, Text: fmt.Sprintf("%s at line %d: %s", name, f.Line, why)})
			continue
		}
		g := c.groups[inst]
		if g == nil {
			g = &group{instance: inst}
			c.groups[inst] = g
		}
		switch name {
		case SealField:
			g.as = append(g.as, mb)
		case AMSField:
			g.ams = append(g.ams, mb)
		default:
			g.aar = append(g.aar, mb)
		}
		c.max = max(c.max, inst)
	}
	return c
}

// tagInstance reads the i= tag of an ARC-Seal or ARC-Message-Signature
// value.
func tagInstance(value string) (int, string) {
	tags, _ := dkim.ParseTagList(value)
	for _, t := range tags {
		if t.Name == "i" {
			return authres.ParseInstance(t.Value)
		}
	}
	return 0, `missing required tag "i" (the instance, RFC 8617 section 4.2.1)`
}

// structure applies RFC 8617 section 5.2 steps 1 to 3 and returns the
// faults found, the decisive one first, and the instance it concerns.
func (c *collection) structure(seals map[int]*Seal) []Problem {
	var out []Problem
	// Step 1: unreadable instances and the 50-set limit.
	out = append(out, c.problems...)
	// Step 2: the newest seal says the chain had already failed.
	if g := c.groups[c.max]; g != nil && len(g.as) > 0 {
		if s := seals[c.max]; s != nil && s.CV == CVFail {
			out = append(out, Problem{Instance: c.max, Field: SealField, Line: s.Line, Text: fmt.Sprintf("ARC-Seal i=%d has cv=fail: a hop recorded that the chain had already failed when it arrived, and a failed chain stays failed (RFC 8617 section 5.2 step 2)", c.max)})
		}
	}
	// Step 3: one of each member, no gaps, the right cv at each instance.
	for i := 1; i <= c.max; i++ {
		g := c.groups[i]
		if g == nil {
			out = append(out, Problem{Instance: i, Text: fmt.Sprintf("ARC set i=%d is missing: instances must run from 1 to %d without gaps (RFC 8617 section 5.2 step 3.2)", i, c.max)})
			continue
		}
		for _, k := range []struct {
			name string
			ms   []member
		}{{AARField, g.aar}, {AMSField, g.ams}, {SealField, g.as}} {
			switch len(k.ms) {
			case 0:
				out = append(out, Problem{Instance: i, Field: k.name, Text: fmt.Sprintf("ARC set i=%d has no %s: each set must have exactly one of each member (RFC 8617 section 5.2 step 3.1)", i, k.name)})
			case 1:
			default:
				out = append(out, Problem{Instance: i, Field: k.name, Line: k.ms[1].field.Line, Text: fmt.Sprintf("ARC set i=%d has %d %s fields (lines %s): each set must have exactly one of each member (RFC 8617 section 5.2 step 3.1)", i, len(k.ms), k.name, lines(k.ms))})
			}
		}
		s := seals[i]
		if s == nil || len(g.as) != 1 {
			continue
		}
		switch {
		case s.CV == "":
			// parseSeal already reports the missing or bad cv= as fatal.
		case s.CV == CVFail && i != c.max:
			out = append(out, Problem{Instance: i, Field: SealField, Line: s.Line, Text: fmt.Sprintf("ARC-Seal i=%d has cv=fail: a hop recorded that the chain had already failed (RFC 8617 section 5.2 step 3.3)", i)})
		case i == 1 && s.CV != CVNone:
			out = append(out, Problem{Instance: i, Field: SealField, Line: s.Line, Text: fmt.Sprintf("ARC-Seal i=1 has cv=%s: the first set must have cv=none, as there was no chain before it (RFC 8617 section 5.2 step 3.3)", s.CV)})
		case i > 1 && s.CV == CVNone:
			out = append(out, Problem{Instance: i, Field: SealField, Line: s.Line, Text: fmt.Sprintf("ARC-Seal i=%d has cv=none: only the first set may say so; every later set must have cv=pass (RFC 8617 section 5.2 step 3.3)", i)})
		}
	}
	return out
}

func lines(ms []member) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = fmt.Sprint(m.field.Line)
	}
	return strings.Join(s, ", ")
}

// instances returns the readable instances in increasing order.
func (c *collection) instances() []int {
	out := make([]int, 0, len(c.groups))
	for i := range c.groups {
		out = append(out, i)
	}
	sort.Ints(out)
	return out
}
