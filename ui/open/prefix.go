package open

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/api"
)

// ID is what `:open` was given: a whole uuid, or the start of one (the 8 characters
// the explorer prints).
type ID struct {
	// Full is the canonical uuid when the whole id was given.
	Full string
	// Prefix is the hex digits given (no dashes, lower case) when only the start was.
	Prefix string
}

// ParseID reads a uuid or the start of one: hex digits, dashes where a uuid has them
// or left out, any case.
func ParseID(s string) (ID, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if u, err := uuid.Parse(s); err == nil {
		return ID{Full: u.String()}, nil
	}
	hex := strings.ReplaceAll(s, "-", "")
	if hex == "" || len(hex) >= 32 || strings.Trim(hex, "0123456789abcdef") != "" {
		return ID{}, fmt.Errorf("not a uuid or the start of one: %q", s)
	}
	return ID{Prefix: hex}, nil
}

// String is the id as given, normalised.
func (id ID) String() string {
	if id.Full != "" {
		return id.Full
	}
	return id.Prefix
}

// Range is the uuids that start with the prefix, as the bounds of a `_gte`/`_lte`
// filter: uuid has no `_like` in Hasura, but Postgres orders uuids by their bytes, as
// the embedded server orders their canonical hex text, so the prefix padded with 0s,
// then with fs, bounds exactly the ids that start with it.
func (id ID) Range() (from, to string) {
	return dashed(id.Prefix + strings.Repeat("0", 32-len(id.Prefix))),
		dashed(id.Prefix + strings.Repeat("f", 32-len(id.Prefix)))
}

func dashed(h string) string {
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// AmbiguousError is returned when several entities have ids that start with the
// prefix; Matches lists some of them (at most two of each kind).
type AmbiguousError struct {
	Prefix  string
	Matches []Found
}

func (e *AmbiguousError) Error() string {
	parts := make([]string, 0, len(e.Matches))
	for _, f := range e.Matches {
		parts = append(parts, f.Kind+" "+f.ID+" "+f.Name)
	}
	return fmt.Sprintf("%s is the start of more than one id (%s): give more of it", e.Prefix, strings.Join(parts, ", "))
}

// IsAmbiguous reports whether err says that a prefix matched several ids.
func IsAmbiguous(err error) bool {
	var a *AmbiguousError
	return errors.As(err, &a)
}

// errorView says why nothing opened, wrapped to the width; an ambiguous prefix lists
// the ids it is the start of, one a line, whole.
func (m *Model) errorView() string {
	st := m.deps.Styles
	w := m.width
	if w <= 0 {
		w = 1 << 16 // no size yet: nothing to wrap to
	}
	var a *AmbiguousError
	if !errors.As(m.err, &a) {
		return st.Text.Error.Render(ansi.Wrap("Couldn't open "+m.id+": "+api.Describe(m.err), w, " ")) + "\n" +
			st.Text.Faint.Render("r retry · esc back")
	}
	lines := []string{st.Text.Warning.Render(ansi.Wrap(a.Prefix+" is the start of more than one id; give more of it, one of:", w, " "))}
	for _, f := range a.Matches {
		lines = append(lines, ansi.Wrap("  "+fmt.Sprintf("%-10s %s  %s", f.Kind, f.ID, f.Name), w, " "))
	}
	return strings.Join(lines, "\n") + "\n" + st.Text.Faint.Render("esc back")
}
