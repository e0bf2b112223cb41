package actions

import "charm.land/bubbles/v2/key"

// KeyMap are the action bindings screens offer (capital letters: they change data).
// Screens copy the ones that apply to them into their own help.
type KeyMap struct {
	Cancel  key.Binding
	Restart key.Binding
	// RestartFrom restarts a flow run from one task (the task-run page).
	RestartFrom key.Binding
	MarkAs      key.Binding
	RunNow      key.Binding
	Schedule    key.Binding
}

// DefaultKeyMap returns the action bindings, all disabled (so neither matching nor
// shown in help) when readOnly.
func DefaultKeyMap(readOnly bool) KeyMap {
	k := KeyMap{
		Cancel:      key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "cancel run")),
		Restart:     key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "restart run")),
		RestartFrom: key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "restart from this task")),
		MarkAs:      key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "mark as…")),
		RunNow:      key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "run now…")),
		Schedule:    key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "schedule on/off")),
	}
	k.SetReadOnly(readOnly)
	return k
}

// SetReadOnly disables every binding when ro (and enables them otherwise).
func (k *KeyMap) SetReadOnly(ro bool) {
	for _, b := range k.All() {
		b.SetEnabled(!ro)
	}
}

// All returns pointers to every binding.
func (k *KeyMap) All() []*key.Binding {
	return []*key.Binding{&k.Cancel, &k.Restart, &k.RestartFrom, &k.MarkAs, &k.RunNow, &k.Schedule}
}
