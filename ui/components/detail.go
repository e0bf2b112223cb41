package components

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// Field is one labelled value of a Detail. The value may hold newlines (a traceback);
// it is wrapped to the pane, never cut. Styled values (a state glyph) keep their style.
type Field struct {
	Label, Value string
}

// DetailKeyMap are the bindings of an open Detail.
type DetailKeyMap struct {
	Nav   NavKeyMap
	Copy  key.Binding
	Close key.Binding
}

// DefaultDetailKeyMap returns the shared navigation keys, y (copy) and esc / v / q
// (close: v opens a detail where one is offered, so it toggles).
func DefaultDetailKeyMap() DetailKeyMap {
	return DetailKeyMap{
		Nav:   DefaultNavKeyMap(),
		Copy:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy message")),
		Close: key.NewBinding(key.WithKeys("esc", "v", "q"), key.WithHelp("esc/v", "close")),
	}
}

// Detail is a scrollable pane showing one row of a table in full (a task run's state
// message, a mapped child's long name): what a table column cuts is read here, never
// only through copy. A tab keeps one Detail, opens it on its "details" key, and while
// it is open gives it every key and reports CapturesInput, so esc closes it rather than
// the page.
type Detail struct {
	Keys   DetailKeyMap
	title  string
	fields []Field
	// copyText is what y copies (the message), copyLabel names it.
	copyText, copyLabel string
	open                bool
	top                 int
	// lines and width cache the wrapped text for the last width drawn.
	lines []string
	width int
}

// NewDetail returns a closed Detail.
func NewDetail() Detail { return Detail{Keys: DefaultDetailKeyMap()} }

// Open shows fields under title; y copies copyText (nothing when "").
func (d *Detail) Open(title string, fields []Field, copyText, copyLabel string) {
	d.title, d.fields, d.copyText, d.copyLabel = title, fields, copyText, copyLabel
	d.open, d.top, d.lines, d.width = true, 0, nil, 0
}

// Refresh replaces the fields of the open detail (the row was reloaded), keeping the
// scroll position.
func (d *Detail) Refresh(title string, fields []Field, copyText string) {
	d.title, d.fields, d.copyText, d.lines = title, fields, copyText, nil
}

// Close hides the detail.
func (d *Detail) Close() { d.open = false }

// IsOpen reports whether the detail shows.
func (d *Detail) IsOpen() bool { return d.open }

// Update handles a key of the open detail.
func (d *Detail) Update(k tea.KeyPressMsg, height int) tea.Cmd {
	body := d.bodyHeight(height)
	n := len(d.lines)
	switch {
	case key.Matches(k, d.Keys.Close):
		d.open = false
	case key.Matches(k, d.Keys.Copy):
		if d.copyText != "" {
			return screen.Copy(d.copyText, d.copyLabel)
		}
	case key.Matches(k, d.Keys.Nav.Up):
		d.top--
	case key.Matches(k, d.Keys.Nav.Down):
		d.top++
	case key.Matches(k, d.Keys.Nav.PageUp):
		d.top -= body
	case key.Matches(k, d.Keys.Nav.PageDown):
		d.top += body
	case key.Matches(k, d.Keys.Nav.Top):
		d.top = 0
	case key.Matches(k, d.Keys.Nav.Bottom):
		d.top = n
	}
	d.top = max(0, min(d.top, n-body))
	return nil
}

// ShortHelp lists the open detail's keys.
func (d *Detail) ShortHelp() []key.Binding {
	out := []key.Binding{d.Keys.Close, d.Keys.Nav.Down}
	if d.copyText != "" {
		out = append(out, d.Keys.Copy)
	}
	return out
}

// FullHelp lists the open detail's keys by column.
func (d *Detail) FullHelp() [][]key.Binding {
	own := []key.Binding{d.Keys.Close}
	if d.copyText != "" {
		own = append(own, d.Keys.Copy)
	}
	return [][]key.Binding{d.Keys.Nav.Bindings(), own}
}

func (d *Detail) bodyHeight(height int) int { return max(height-2, 1) }

// wrap lays the fields out for width: "label  value", continuation lines under the
// value, or under the label when the value column would be too narrow.
func (d *Detail) wrap(st *theme.Styles, width int) []string {
	if d.lines != nil && d.width == width {
		return d.lines
	}
	labelW := 0
	for _, f := range d.fields {
		labelW = max(labelW, ansi.StringWidth(f.Label))
	}
	indent := labelW + 2
	if width-indent < 30 {
		indent = 2
	}
	valueW := max(width-indent, 1)
	var out []string
	for _, f := range d.fields {
		var vals []string
		for _, para := range strings.Split(strings.TrimRight(f.Value, "\n"), "\n") {
			vals = append(vals, strings.Split(ansi.Wrap(para, valueW, ""), "\n")...)
		}
		label := st.Text.Faint.Render(f.Label + strings.Repeat(" ", labelW-ansi.StringWidth(f.Label)))
		first := 0
		if indent > 2 {
			out = append(out, label+"  "+vals[0])
			first = 1
		} else {
			out = append(out, label)
		}
		for _, v := range vals[first:] {
			out = append(out, strings.Repeat(" ", indent)+v)
		}
	}
	d.lines, d.width = out, width
	return out
}

// View renders the open detail in width×height: the title, the fields, and where the
// text is longer than the pane, the position.
func (d *Detail) View(st *theme.Styles, width, height int) string {
	lines := d.wrap(st, width)
	body := d.bodyHeight(height)
	d.top = max(0, min(d.top, len(lines)-body))
	head := st.Pane.Title.Render(d.title)
	hint := " · esc close"
	if d.copyText != "" {
		hint += " · y copy"
	}
	out := make([]string, 0, height)
	out = append(out, ansi.Truncate(head+st.Text.Faint.Render(hint), width, "…"))
	end := min(len(lines), d.top+body)
	for _, l := range lines[d.top:end] {
		out = append(out, ansi.Truncate(l, width, ""))
	}
	for len(out) < height-1 {
		out = append(out, "")
	}
	status := ""
	if len(lines) > body {
		status = "lines " + strconv.Itoa(d.top+1) + "–" + strconv.Itoa(end) + " of " + strconv.Itoa(len(lines)) + " · ↑/↓ pgup/pgdn scroll"
	}
	out = append(out, st.Table.Footer.Render(ansi.Truncate(status, width, "…")))
	return strings.Join(out[:max(height, 1)], "\n")
}
