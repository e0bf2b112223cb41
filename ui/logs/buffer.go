package logs

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
)

// Line is one log line as loaded (api.LogLine with its message split for display).
type Line = api.LogLine

// row is one display row: a part (one text line) of a log's message. Multi-line
// messages (tracebacks) take several rows; the first carries time and level.
type row struct {
	log  int // index into buffer.lines
	part int // index into buffer.parts[log]
}

// buffer holds the loaded logs, oldest first, and the display rows derived from them.
// Appending is O(new lines); prepending rebuilds the row index (O(rows)), which is rare
// (load older) and cheap next to the request.
type buffer struct {
	lines []Line
	parts [][]string
	rows  []row
	// wrap is the width messages are wrapped to (0: not wrapped, one part a line).
	wrap int
}

// cursorKey is the keyset position of a log: the log table has no primary key on
// Prefect Server (there is no log_by_pk), so (timestamp, id) orders and pages it.
type cursorKey struct {
	ts time.Time
	id string
}

func (b *buffer) len() int { return len(b.lines) }

func (b *buffer) first() (cursorKey, bool) {
	if len(b.lines) == 0 {
		return cursorKey{}, false
	}
	return cursorKey{b.lines[0].Timestamp, b.lines[0].Id}, true
}

func (b *buffer) last() (cursorKey, bool) {
	if len(b.lines) == 0 {
		return cursorKey{}, false
	}
	l := b.lines[len(b.lines)-1]
	return cursorKey{l.Timestamp, l.Id}, true
}

// appendLines adds lines that come after the current last one (ascending order). Lines
// at or before the last key are dropped, so overlapping pages never duplicate.
func (b *buffer) appendLines(in []Line) int {
	last, ok := b.last()
	n := 0
	for _, l := range in {
		if ok && !after(cursorKey{l.Timestamp, l.Id}, last) {
			continue
		}
		l.Message = sanitize(l.Message)
		parts := b.split(l.Message)
		b.lines = append(b.lines, l)
		b.parts = append(b.parts, parts)
		for p := range parts {
			b.rows = append(b.rows, row{log: len(b.lines) - 1, part: p})
		}
		last, ok = cursorKey{l.Timestamp, l.Id}, true
		n++
	}
	return n
}

// prependLines adds lines that come before the current first one; in is in ascending
// order. It returns how many rows were added (to keep the cursor on the same line).
func (b *buffer) prependLines(in []Line) (lines, rows int) {
	first, ok := b.first()
	keep := make([]Line, 0, len(in))
	for _, l := range in {
		if ok && !after(first, cursorKey{l.Timestamp, l.Id}) {
			continue
		}
		keep = append(keep, l)
	}
	if len(keep) == 0 {
		return 0, 0
	}
	old := *b
	*b = buffer{wrap: old.wrap}
	b.appendLines(keep)
	rows = len(b.rows)
	for i, l := range old.lines {
		b.lines = append(b.lines, l)
		b.parts = append(b.parts, old.parts[i])
		for p := range old.parts[i] {
			b.rows = append(b.rows, row{log: len(b.lines) - 1, part: p})
		}
	}
	return len(keep), rows
}

// dropOldest keeps at most max lines, dropping the oldest; it returns the rows dropped.
func (b *buffer) dropOldest(max int) int {
	if len(b.lines) <= max {
		return 0
	}
	n := len(b.lines) - max
	dropped := 0
	for _, p := range b.parts[:n] {
		dropped += len(p)
	}
	b.lines = append([]Line(nil), b.lines[n:]...)
	b.parts = append([][]string(nil), b.parts[n:]...)
	rows := make([]row, 0, len(b.rows)-dropped)
	for _, r := range b.rows[dropped:] {
		rows = append(rows, row{log: r.log - n, part: r.part})
	}
	b.rows = rows
	return dropped
}

// split cuts a (sanitized) message into display parts: its lines, each wrapped to the
// wrap width when wrapping is on.
func (b *buffer) split(msg string) []string {
	parts := strings.Split(msg, "\n")
	if b.wrap <= 0 {
		return parts
	}
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if len(p) <= b.wrap || ansi.StringWidth(p) <= b.wrap {
			out = append(out, p)
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(p, b.wrap, ""), "\n")...)
	}
	return out
}

// rewrap splits every loaded message again for a wrap width (0: off) and rebuilds the
// rows; it returns the first row of each line, for keeping the cursor on its line.
func (b *buffer) rewrap(width int) []int {
	b.wrap = width
	b.rows = b.rows[:0]
	first := make([]int, len(b.lines))
	for i, l := range b.lines {
		b.parts[i] = b.split(l.Message)
		first[i] = len(b.rows)
		for p := range b.parts[i] {
			b.rows = append(b.rows, row{log: i, part: p})
		}
	}
	return first
}

// text returns the text of a display row.
func (b *buffer) text(r row) string { return b.parts[r.log][r.part] }

// after reports whether a sorts after b in (timestamp, id) order.
func after(a, b cursorKey) bool {
	if !a.ts.Equal(b.ts) {
		return a.ts.After(b.ts)
	}
	return a.id > b.id
}

// sanitize makes a message safe to draw: log text comes from user code and may hold
// terminal escape sequences or carriage returns, which must never reach the terminal.
func sanitize(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n') || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return strings.TrimRight(s, "\n")
	}
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == '\t':
			sb.WriteString("    ")
		case r == '\n':
			sb.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			// drop other control characters (ESC, CR, BEL, C1)
		default:
			sb.WriteRune(r)
		}
	}
	return strings.TrimRight(sb.String(), "\n")
}

// findMatches returns the rows whose text contains term (case-insensitive).
func (b *buffer) findMatches(term string) []int {
	if term == "" {
		return nil
	}
	lt := strings.ToLower(term)
	var out []int
	for i, r := range b.rows {
		if strings.Contains(strings.ToLower(b.text(r)), lt) {
			out = append(out, i)
		}
	}
	return out
}
