package tui

import "encoding/base64"

// osc52 returns the OSC 52 sequence that asks the terminal to put s on the
// system clipboard ("c"). Inside tmux it reaches the outer terminal when
// tmux's set-clipboard option is on.
func osc52(s string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(s)) + "\x07"
}
