package render

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/headerscope/headerscope/analyze/dkim"
)

// tagsView lists every tag of the signature as written, with its meaning,
// the RFC section that defines it and what is wrong with it, if anything.
func tagsView(r *dkim.Result, st Styles, width int) string {
	d := newDoc(st, width)
	if len(r.Tags) == 0 {
		d.para("", "", st.Muted.Render("No tags could be read from this field."))
		return d.String()
	}
	d.para("", "", st.Muted.Render(fmt.Sprintf("%d tags, in the order written:", len(r.Tags))))
	tagList(d, r.Tags)
	return d.String()
}

// tagList writes a tag-list (signature or key record): name and value on
// one line, meaning and problem under it.
func tagList(d *doc, tags []dkim.Tag) {
	st := d.st
	nw := 2
	for _, t := range tags {
		if w := ansi.StringWidth(Safe(t.Name)) + 1; w > nw && w <= 12 {
			nw = w
		}
	}
	ind := strings.Repeat(" ", nw+2)
	for _, t := range tags {
		name := st.TagName.Render(pad(Safe(clipped(t.Name))+"=", nw))
		v := Safe(clipped(t.Value))
		if v == "" {
			v = st.Muted.Render("(empty)")
			d.line(" " + name + " " + v)
		} else {
			d.hard(" "+name+" ", ind, v)
		}
		// z= decodes to one copied field per line.
		for i, v := range strings.Split(t.Decoded, "\n") {
			if t.Decoded == "" {
				break
			}
			label := "decoded:"
			if i > 0 {
				label = strings.Repeat(" ", len(label))
			}
			d.hard(ind+st.Muted.Render(label)+" ", ind+"  ", Safe(v))
		}
		if t.Meaning != "" || t.Section != "" {
			m := Safe(t.Meaning)
			if t.Section != "" {
				m = strings.TrimSpace(m + " (" + Safe(t.Section) + ")")
			}
			d.para(ind, ind, st.Muted.Render(m))
		}
		if t.Problem != "" {
			d.para(ind+st.Error.Render(st.Glyph("permerror")+" problem:")+" ", ind+"  ", Safe(clipped(t.Problem)))
		}
	}
}
