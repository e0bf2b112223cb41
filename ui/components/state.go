// Package components holds the widgets shared by two or more screens:
//
//   - state rendering (this file): a Prefect run state as glyph + word, styled by its
//     family, from the semantics of the reference states.json. Use State(styles, name)
//     for "✓ Success", Glyph(styles, name) for a bare glyph (run strips), and Info(name)
//     for the predicates (finished, failed, ...).
//   - Confirm (confirm.go): the confirmation dialog every mutating action shows, with
//     the exact mutation, its variables and how many runs it touches.
//   - Table (table.go): column layout for list screens (fit to width, cursor, scroll).
//   - History (history.go): the run-history chart of the overview and the flow page,
//     runs per time bucket stacked by state glyph.
//
// Colour is never the only carrier of meaning: every state has its own glyph and word.
package components

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// Family groups Prefect states for styling (legacy-ui STATE_TYPES, refined).
type Family int

// State families.
const (
	FamilyUnknown Family = iota
	FamilyPending
	FamilyScheduled
	FamilyPaused
	FamilyRunning
	FamilySuccess
	FamilyFailed
	FamilyCancelled
	FamilyFinished
)

// String implements fmt.Stringer.
func (f Family) String() string {
	return [...]string{"unknown", "pending", "scheduled", "paused", "running", "success", "failed", "cancelled", "finished"}[f]
}

// StateInfo is what the explorer knows about one state class (core-1.x engine/state.py,
// reference states.json).
type StateInfo struct {
	Name   string
	Glyph  string
	Family Family
	// Predicates as State.is_*(): finished = Finished subclass; failed = Failed subclass;
	// running includes Cancelling; scheduled = Scheduled subclasses and Queued.
	Finished, Successful, Failed, Running, Scheduled, Pending, Meta bool
}

// The glyphs are single-cell on every common terminal font (no emoji, no East Asian
// ambiguous width), and different per state within a family.
var states = map[string]StateInfo{
	"Pending":          {Glyph: "○", Family: FamilyPending, Pending: true},
	"Scheduled":        {Glyph: "◌", Family: FamilyScheduled, Pending: true, Scheduled: true},
	"Paused":           {Glyph: "‖", Family: FamilyPaused, Pending: true, Scheduled: true},
	"Resume":           {Glyph: "▷", Family: FamilyScheduled, Pending: true, Scheduled: true},
	"Retrying":         {Glyph: "↻", Family: FamilyScheduled, Pending: true, Scheduled: true},
	"Submitted":        {Glyph: "◔", Family: FamilyScheduled, Meta: true},
	"Queued":           {Glyph: "≡", Family: FamilyScheduled, Meta: true, Scheduled: true},
	"ClientFailed":     {Glyph: "!", Family: FamilyFailed, Meta: true},
	"Running":          {Glyph: "▶", Family: FamilyRunning, Running: true},
	"Cancelling":       {Glyph: "◍", Family: FamilyCancelled, Running: true},
	"Finished":         {Glyph: "■", Family: FamilyFinished, Finished: true},
	"Looped":           {Glyph: "↺", Family: FamilyFinished, Finished: true},
	"Success":          {Glyph: "✓", Family: FamilySuccess, Finished: true, Successful: true},
	"Cached":           {Glyph: "≈", Family: FamilySuccess, Finished: true, Successful: true},
	"Mapped":           {Glyph: "⊞", Family: FamilySuccess, Finished: true, Successful: true},
	"Skipped":          {Glyph: "»", Family: FamilyCancelled, Finished: true, Successful: true},
	"Cancelled":        {Glyph: "⊘", Family: FamilyCancelled, Finished: true},
	"Failed":           {Glyph: "✗", Family: FamilyFailed, Finished: true, Failed: true},
	"TimedOut":         {Glyph: "⊗", Family: FamilyFailed, Finished: true, Failed: true},
	"TriggerFailed":    {Glyph: "↯", Family: FamilyFailed, Finished: true, Failed: true},
	"ValidationFailed": {Glyph: "⊠", Family: FamilyFailed, Finished: true, Failed: true},
}

func init() {
	for name, s := range states {
		s.Name = name
		states[name] = s
	}
}

// UnknownGlyph is drawn for a state the explorer does not know (a newer Prefect) and for
// runs with no state yet.
const UnknownGlyph = "?"

// Info returns what is known about a state; unknown names get FamilyUnknown and "?".
func Info(name string) StateInfo {
	if s, ok := states[name]; ok {
		return s
	}
	return StateInfo{Name: name, Glyph: UnknownGlyph, Family: FamilyUnknown}
}

// StateNames lists every known state, in the order of the legacy UI's filter
// (STATE_NAMES): useful for state pickers.
func StateNames() []string {
	return []string{
		"Scheduled", "Queued", "Submitted", "Pending", "Paused", "Resume", "Retrying",
		"Running", "Cancelling", "Success", "Cached", "Mapped", "Skipped", "Looped",
		"Finished", "Failed", "TimedOut", "TriggerFailed", "ValidationFailed",
		"ClientFailed", "Cancelled",
	}
}

// StyleFor returns the style of a state's family.
func StyleFor(s *theme.Styles, name string) lipgloss.Style { return styleOf(s, Info(name).Family) }

func styleOf(s *theme.Styles, f Family) lipgloss.Style {
	switch f {
	case FamilySuccess:
		return s.State.Success
	case FamilyFailed:
		return s.State.Failed
	case FamilyRunning:
		return s.State.Running
	case FamilyPending:
		return s.State.Pending
	case FamilyScheduled:
		return s.State.Scheduled
	case FamilyPaused:
		return s.State.Paused
	case FamilyCancelled:
		return s.State.Cancelled
	default:
		return s.State.Neutral
	}
}

// Glyph renders the bare glyph of a state, styled.
func Glyph(s *theme.Styles, name string) string {
	return StyleFor(s, name).Render(Info(name).Glyph)
}

// State renders a state as "glyph word" ("✓ Success"), styled; "" renders "? —".
func State(s *theme.Styles, name string) string {
	word := name
	if word == "" {
		word = "—"
	}
	return StyleFor(s, name).Render(Info(name).Glyph + " " + word)
}

// Strip renders a run strip: one glyph per state, newest first, padded with faint dots
// to n cells so columns line up ("✓✓✗▶········"). Runs of the same family share one
// styled span (fewer escape sequences to write).
func Strip(s *theme.Styles, names []string, n int) string {
	var b strings.Builder
	var span strings.Builder
	fam := FamilyUnknown
	flush := func() {
		if span.Len() > 0 {
			b.WriteString(styleOf(s, fam).Render(span.String()))
			span.Reset()
		}
	}
	for i, name := range names {
		if i >= n {
			break
		}
		info := Info(name)
		if info.Family != fam {
			flush()
			fam = info.Family
		}
		span.WriteString(info.Glyph)
	}
	flush()
	if len(names) < n {
		b.WriteString(s.Text.Faint.Render(strings.Repeat("·", n-len(names))))
	}
	return b.String()
}
