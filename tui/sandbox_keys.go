package tui

import "charm.land/bubbles/v2/key"

// sandboxKeys are the keys of the sandbox screen (e), each with its help
// text, shown in its help bar and its ? overlay; the README's Sandbox
// section lists the same.
type sandboxKeys struct {
	Up, Down       key.Binding
	PageUp, PgDown key.Binding
	Top, Bottom    key.Binding
	Edit           key.Binding
	Add            key.Binding
	Remove         key.Binding
	Signature      key.Binding
	HeaderCanon    key.Binding
	BodyCanon      key.Binding
	Length         key.Binding
	Undo           key.Binding
	Resign         key.Binding
	Save           key.Binding
	Back           key.Binding
	Help           key.Binding
	Quit           key.Binding
}

func newSandboxKeys() sandboxKeys {
	return sandboxKeys{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "scroll comparison up")),
		PgDown:      key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("pgdn", "scroll comparison down")),
		Top:         key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first row")),
		Bottom:      key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last row")),
		Edit:        key.NewBinding(key.WithKeys("enter", "e"), key.WithHelp("enter", "edit row")),
		Add:         key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add field")),
		Remove:      key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", "remove row")),
		Signature:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next signature")),
		HeaderCanon: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "header c=")),
		BodyCanon:   key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "body c=")),
		Length:      key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "set l=")),
		Undo:        key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Resign:      key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "re-sign")),
		Save:        key.NewBinding(key.WithKeys("W"), key.WithHelp("W", "save .eml")),
		Back:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave sandbox")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:        key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ShortHelp is the sandbox's help bar.
func (k sandboxKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Edit, k.Resign, k.HeaderCanon, k.BodyCanon, k.Length, k.Add, k.Remove, k.Signature, k.Undo, k.Save, k.Back, k.Help}
}

// FullHelp is the sandbox's help overlay.
func (k sandboxKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PgDown},
		{k.Edit, k.Add, k.Remove, k.Undo, k.Signature},
		{k.HeaderCanon, k.BodyCanon, k.Length, k.Resign, k.Save, k.Back, k.Help, k.Quit},
	}
}
