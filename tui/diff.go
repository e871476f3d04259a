package tui

import (
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/render"
)

// The diff mode (key d) shows, in place of the Hashes or Canonicalization
// view of a signature, what its diagnosis changed back: the received lines
// against the repaired copy that verified (render.Diff). The lines come
// from the analysis; the TUI only picks the signature and the width.

// diagnosed returns the signature whose diagnosis finding f shows: a
// DKIM-Signature, or an ARC set's ARC-Message-Signature; nil otherwise.
func diagnosed(f finding) *dkim.Result {
	switch f := f.(type) {
	case dkimFinding:
		return f.r
	case arcSetFinding:
		return f.set.MessageSignature
	}
	return nil
}

// diffView reports whether view v can give way to the diff.
func diffView(v render.View) bool {
	return v == render.ViewHashes || v == render.ViewCanonicalization
}

// toggleDiff turns the diff on or off for the selected signature; from
// another view it opens the Hashes view first, where the diagnosis is.
func (m *model) toggleDiff() {
	r := diagnosed(m.selected())
	if r == nil {
		m.setStatus("d shows what a signature's diagnosis changed back: select a DKIM signature or an ARC set first")
		return
	}
	if m.diff {
		m.diff = false
		m.showFinding(false)
		m.setStatus("")
		return
	}
	if !diffView(m.det.view) {
		m.det.view = render.ViewHashes
	}
	m.diff = true
	m.focus = focusDetail
	m.setDelegates()
	m.showFinding(false)
	if render.HasDiff(r) {
		m.setStatus("received (-) vs repaired (+): the copy that verified; d or esc returns to the " + viewNames[m.det.view] + " view")
	} else {
		m.setStatus("no verified change to show for this signature; d or esc returns to the " + viewNames[m.det.view] + " view")
	}
}

// diffText is the detail text while the diff is on; false when it is off
// or does not apply to f in the current view.
func (m *model) diffText(f finding) (string, bool) {
	if !m.diff || !diffView(m.det.view) {
		return "", false
	}
	r := diagnosed(f)
	if r == nil {
		return "", false
	}
	return render.Diff(r, m.st, m.det.vp.Width()), true
}

// closeDiff turns the diff off (esc); false when it was not on.
func (m *model) closeDiff() bool {
	if !m.diff || m.det.query != "" {
		return false
	}
	m.diff = false
	m.showFinding(false)
	return true
}
