package tui

import "charm.land/bubbles/v2/key"

// keyMap is every key the program answers to, each with its help text, so
// the help bar, the full help overlay and the README never disagree.
type keyMap struct {
	Quit     key.Binding
	Next     key.Binding
	Prev     key.Binding
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Enter    key.Binding
	Back     key.Binding
	ViewPrev key.Binding
	ViewNext key.Binding
	Views    key.Binding // help only: 1-6 pick a view
	Search   key.Binding
	Match    key.Binding
	Copy     key.Binding
	Rerun    key.Binding
	Open     key.Binding
	Live     key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Jump     key.Binding
	Sort     key.Binding
	Timeline key.Binding
	Follow   key.Binding // in the verdict card's detail: follow evidence N
	Lesson   key.Binding
	StepNext key.Binding // in lesson mode
	StepPrev key.Binding // in lesson mode
	Pack     key.Binding
	Diff     key.Binding // received vs repaired (tui/diff.go)
	Sandbox  key.Binding // the break-it sandbox (sandbox*.go)
	Help     key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Next:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("pgdn", "page down")),
		Enter:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "drill in")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		ViewPrev: key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "previous view")),
		ViewNext: key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "next view")),
		Views:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6"), key.WithHelp("1-6", "pick a view")),
		Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Match:    key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n/N", "next/prev match")),
		Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy value")),
		Rerun:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "re-check")),
		Open:     key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open file")),
		Live:     key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "live DNS")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first / top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last / bottom")),
		Jump:     key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "go to message")),
		Sort:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "worst first")),
		Timeline: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "timeline")),
		Follow:   key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "follow link")),
		Lesson:   key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "lesson (walk through)")),
		StepNext: key.NewBinding(key.WithKeys("n", "right"), key.WithHelp("n/→", "next step")),
		StepPrev: key.NewBinding(key.WithKeys("p", "left"), key.WithHelp("p/←", "previous step")),
		Pack:     key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "evidence pack")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Diff:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "repair diff")),
		Sandbox:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "sandbox: edit a copy")),
	}
}

// ShortHelp is the one-line help bar.
func (k keyMap) ShortHelp() []key.Binding {
	// Help and quit come before the rest of the less used keys, so that a
	// narrow terminal still shows them.
	return []key.Binding{k.Next, k.Down, k.Enter, k.Back, k.ViewNext, k.Help, k.Quit, k.Timeline, k.Live, k.Search, k.Copy, k.Open, k.Sandbox}
}

// FullHelp is the help overlay, one column per group.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Prev, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Enter, k.Back, k.ViewPrev, k.ViewNext, k.Views, k.Follow, k.Timeline, k.Jump, k.Sort, k.Diff},
		{k.Search, k.Match, k.Copy, k.Rerun, k.Open, k.Live, k.Sandbox, k.Lesson, k.Pack, k.Help, k.Quit},
	}
}
