package quietterm

import "testing"

func TestInteractive(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{nil, true},
		{[]string{"a.eml"}, true},
		{[]string{"--offline", "-"}, true},
		{[]string{"report", "a.eml"}, false},
		{[]string{"bench", "dir"}, false},
		{[]string{"help"}, false},
		{[]string{"--version"}, false},
		{[]string{"-h"}, false},
		{[]string{"--", "--version"}, true},
	}
	for _, tt := range tests {
		if got := interactive(tt.args); got != tt.want {
			t.Errorf("interactive(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}
