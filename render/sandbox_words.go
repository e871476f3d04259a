package render

import "fmt"

// The sandbox's sentences: what the TUI's status line and help overlay
// say about an edit, worded here with the comparison (sandbox.go).

// SandboxOpened is the status when the sandbox opens.
const SandboxOpened = "sandbox: edits change a copy, never the file; enter edits a row"

// SandboxLeft is the status when the sandbox is left for the panes.
const SandboxLeft = "left the sandbox: the panes show the copy; e goes back to it"

// SandboxTagChanged says that tag (c or l) of signature n (0 the topmost)
// is now value ("" when it was removed), and why that alone breaks it.
func SandboxTagChanged(n int, tag, value string) string {
	what := fmt.Sprintf("signature %d now says %s=%s", n+1, Safe(tag), Safe(value))
	if value == "" {
		what = fmt.Sprintf("signature %d no longer has %s=", n+1, Safe(tag))
	}
	return what + "; " + Safe(tag) + "= is signed too, so the signature fails until S signs it again"
}

// SandboxResigned says that signature n was signed again, with which key.
func SandboxResigned(n int, selector, domain, teaching string) string {
	return fmt.Sprintf("signed signature %d again with the key of %s._domainkey.%s (%s): new bh=, b= and t=", n+1, Safe(selector), Safe(domain), teaching)
}

// SandboxHelp explains the sandbox in its help overlay.
const SandboxHelp = `The sandbox edits a copy of the message; the file it came from is never written.
After each edit the whole analysis runs again on the copy's bytes: the comparison
shows the signature's verdict, the verdict card and DMARC before and after, the
canonical bytes of what changed (white space visible: · space, → tab, ␍␊ line end)
and the body hash claimed (bh=) and computed. In the editor \n is a line break
(a fold in a field), \t a tab, \\ a backslash, \xHH a byte. c=, l= and bh= are
signed: changing them breaks the signature until S signs it again with the
gallery's teaching key (teaching key — valid nowhere else). W saves the copy as
<name>-sandbox.eml; esc shows the copy in the panes, every finding up to date.`
