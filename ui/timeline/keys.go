package timeline

import (
	"charm.land/bubbles/v2/key"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// KeyMap are the timeline's bindings.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	ZoomIn, ZoomOut, Fit, PanLeft, PanRight key.Binding
	NextFailed, PrevFailed, Sort            key.Binding
	Expand, Open, Detail                    key.Binding
}

// DefaultKeyMap returns the timeline's default bindings.
func DefaultKeyMap() KeyMap {
	nav := components.DefaultNavKeyMap()
	return KeyMap{
		Up: nav.Up, Down: nav.Down, PageUp: nav.PageUp, PageDown: nav.PageDown, Top: nav.Top, Bottom: nav.Bottom,
		ZoomIn:     key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "zoom in")),
		ZoomOut:    key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "zoom out")),
		Fit:        key.NewBinding(key.WithKeys("0"), key.WithHelp("0", "fit")),
		PanLeft:    key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "pan left")),
		PanRight:   key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "pan right")),
		NextFailed: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "next failed")),
		PrevFailed: key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "prev failed")),
		Sort:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Expand:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open/expand")),
		Open:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open task run")),
		Detail:     key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "details")),
	}
}

// ShortHelp implements help.KeyMap: pairs of keys share one entry ("+/- zoom"); the
// full help lists each key once.
func (m *Model) ShortHelp() []key.Binding {
	if m.detail.IsOpen() {
		return m.detail.ShortHelp()
	}
	k := m.keys
	return []key.Binding{k.Expand, k.Detail, pair(k.ZoomIn, k.ZoomOut, "+/-", "zoom"),
		pair(k.PanLeft, k.PanRight, "←/→", "pan"), pair(k.NextFailed, k.PrevFailed, "f/F", "next/prev failed"), k.Sort}
}

// pair is one short-help entry for two bindings (enabled when either is).
func pair(a, b key.Binding, keys, desc string) key.Binding {
	p := key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...), key.WithHelp(keys, desc))
	p.SetEnabled(a.Enabled() || b.Enabled())
	return p
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	if m.detail.IsOpen() {
		return m.detail.FullHelp()
	}
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.ZoomIn, k.ZoomOut, k.Fit, k.PanLeft, k.PanRight},
		{k.Expand, k.Open, k.Detail, k.NextFailed, k.PrevFailed, k.Sort},
	}
}
