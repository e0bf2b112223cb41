package queryeditor

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dustin/go-humanize"

	"github.com/prefect-tui/prefect-tui/ui/queryeditor/complete"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// layout is the outer size of each pane.
type layout struct {
	wide                 bool
	leftW, rightW        int
	editorH, varsH, resH int
	footer               int
}

// minWide is the width from which results sit beside the editor.
const minWide = 100

func (m *Model) layout() layout {
	w, h := max(m.width, 20), max(m.height, 12)
	l := layout{footer: 2}
	body := h - l.footer
	if w >= minWide {
		l.wide = true
		l.leftW = w * 11 / 20
		l.rightW = w - l.leftW
		l.varsH = max(5, body/4)
		l.editorH = body - l.varsH
		l.resH = body
		return l
	}
	l.leftW, l.rightW = w, w
	l.varsH = 5
	l.editorH = max(5, (body-l.varsH)/2)
	l.resH = body - l.varsH - l.editorH
	return l
}

// frame is the size a pane's border takes.
func (m *Model) frame() (int, int) {
	if m.deps.Styles == nil {
		return 2, 2
	}
	p := m.deps.Styles.Pane.Active
	return p.GetHorizontalFrameSize(), p.GetVerticalFrameSize()
}

// textHeight is the number of text lines the query pane shows.
func (m *Model) textHeight() int {
	_, fv := m.frame()
	return max(1, m.layout().editorH-fv-1)
}

// resultsInner is the size of the results view inside its pane (title line and error
// lines excluded).
func (m *Model) resultsInner() (int, int) {
	l := m.layout()
	fh, fv := m.frame()
	return max(1, l.rightW-fh), max(1, l.resH-fv-1-len(m.errorLines()))
}

// scrollIntoView keeps the cursors of both text panes visible.
func (m *Model) scrollIntoView() {
	l := m.layout()
	fh, fv := m.frame()
	scroll := func(b interface {
		Lines() int
		Line(int) []rune
	}, row, col int, top, left *int, h, w int) {
		if row < *top {
			*top = row
		}
		if row >= *top+h {
			*top = row - h + 1
		}
		tw := max(1, w-gutterWidth(b.Lines())-1)
		if col < *left {
			// Back by half a pane: the text left of the cursor shows too (and a cursor
			// near the line start shows the line from its first column).
			*left = max(0, col-tw/2)
		}
		if col >= *left+tw {
			*left = col - tw + 1
		}
		// Never further sideways than the longest visible line needs: after the text
		// changed wholesale (prettify, a history entry) short lines must show from
		// their first column. The cursor stays visible: its line is one of them.
		widest := 0
		for i := *top; i < min(b.Lines(), *top+h); i++ {
			widest = max(widest, len(b.Line(i)))
		}
		*left = max(0, min(*left, widest-tw+1))
	}
	qc := m.query.Cursor()
	scroll(m.query, qc.Row, qc.Col, &m.qTop, &m.qLeft, m.textHeight(), l.leftW-fh)
	vc := m.variables.Cursor()
	scroll(m.variables, vc.Row, vc.Col, &m.vTop, &m.vLeft, max(1, l.varsH-fv-1), l.leftW-fh)
}

// View implements screen.Screen.
func (m *Model) View() string {
	st := m.stylesFor()
	if m.deps.Styles == nil {
		return ""
	}
	l := m.layout()
	if m.confirm.Open() {
		return m.confirm.View(max(m.width, 20), max(m.height, 12))
	}
	fh, fv := m.frame()
	m.scrollIntoView()

	// Query pane.
	qv := textView{
		buf: m.query, classes: m.qHL.get(m.query), width: l.leftW - fh, height: l.editorH - fv - 1,
		top: m.qTop, left: m.qLeft, cursor: m.editing && m.focus == focusEditor, selected: m.query.Selected(),
		errs: m.errs, inlineErrs: m.showErrs,
	}
	qLines := m.overlayPopup(m.renderText(qv), qv, qv.height)
	qTitle := st.accent.Render("query")
	if n := len(m.errs); n > 0 {
		qTitle += st.errText.Render(fmt.Sprintf(" · %d error(s)", n))
	}
	if m.query.Selected() {
		qTitle += st.info.Render(" · all selected")
	}
	if m.editing && m.focus == focusEditor {
		qTitle += st.faint.Render(" · editing (esc to stop)")
	}
	editor := m.pane(m.focus == focusEditor, qTitle, qLines, l.leftW, l.editorH)

	// Variables / headers pane.
	var vTitle string
	var vLines []string
	if m.showHeaders {
		vTitle = st.accent.Render("headers") + st.faint.Render(" · sent with every request (H: variables)")
		vLines = m.headerLines()
	} else {
		vTitle = st.accent.Render("variables") + st.faint.Render(" (JSON)")
		if m.variables.Selected() {
			vTitle += st.info.Render(" · all selected")
		}
		if m.varErr != "" {
			vTitle += st.errText.Render(" ✗ " + m.varErr)
		}
		vv := textView{
			buf: m.variables, classes: m.vHL.get(m.variables), width: l.leftW - fh, height: l.varsH - fv - 1,
			top: m.vTop, left: m.vLeft, cursor: m.editing && m.focus == focusVariables, selected: m.variables.Selected(),
		}
		vLines = m.renderText(vv)
	}
	vars := m.pane(m.focus == focusVariables, vTitle, vLines, l.leftW, l.varsH)

	res := m.pane(m.focus == focusResults, m.resultsTitle(), m.resultsBody(), l.rightW, l.resH)

	var body string
	if l.wide {
		body = lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.JoinVertical(lipgloss.Left, editor, vars), res)
	} else {
		body = lipgloss.JoinVertical(lipgloss.Left, editor, vars, res)
	}
	return lipgloss.JoinVertical(lipgloss.Left, body, m.docLine(), m.infoLine())
}

func (m *Model) headerLines() []string {
	st := m.stylesFor()
	if m.headersErr != "" {
		return []string{st.errText.Render(m.headersErr)}
	}
	if m.headers == nil {
		return []string{st.faint.Render("loading…")}
	}
	out := make([]string, 0, len(m.headers))
	for _, h := range m.headers {
		out = append(out, st.accent.Render(h.name+":")+" "+h.value)
	}
	return out
}

func (m *Model) resultsTitle() string {
	st := m.stylesFor()
	switch m.overlay {
	case overlayHistory:
		return st.accent.Render("history") + st.faint.Render(" · enter load · r run · esc close")
	case overlaySaved:
		return st.accent.Render("saved queries") + st.faint.Render(" · enter load · r run · d delete · esc close")
	}
	t := st.accent.Render("result")
	if m.tableMode && m.table != nil {
		t = st.accent.Render("table") + st.faint.Render(" · "+m.table.Summary())
	}
	if r := m.result; r != nil {
		t += st.faint.Render(fmt.Sprintf(" · %s · %s", timefmt.Elapsed(r.Elapsed), humanize.Bytes(uint64(r.Bytes))))
	}
	if m.treeView != nil && m.treeView.Query() != "" && !m.tableMode {
		t += st.faint.Render(" · /" + m.treeView.Query())
	}
	return t
}

// errorLines are the GraphQL errors of the answer, shown above the data.
func (m *Model) errorLines() []string {
	if m.result == nil || len(m.result.Errors) == 0 || m.overlay != overlayNone {
		return nil
	}
	st := m.stylesFor()
	fh, _ := m.frame()
	w := max(10, m.layout().rightW-fh)
	var out []string
	for i, e := range m.result.Errors {
		if i == 3 || len(out) >= 6 {
			out = append(out, st.errText.Render(fmt.Sprintf("  (+%d more errors)", len(m.result.Errors)-i)))
			break
		}
		loc := ""
		if len(e.Locations) > 0 {
			loc = fmt.Sprintf(" (%d:%d)", e.Locations[0].Line, e.Locations[0].Column)
		}
		if len(e.Path) > 0 {
			loc += " at " + e.Path.String()
		}
		for _, l := range strings.Split(ansi.Wrap("✗ "+e.Message+loc, w, ""), "\n") {
			out = append(out, st.errText.Render(l))
		}
	}
	return out
}

func (m *Model) resultsBody() []string {
	st := m.stylesFor()
	switch m.overlay {
	case overlayHistory, overlaySaved:
		return m.listLines()
	}
	switch {
	case m.running:
		return []string{st.info.Render("running… (esc cancels)")}
	case m.resultErr != "":
		// Wrapped like the GraphQL errors: the reason ends the sentence.
		fh, _ := m.frame()
		var out []string
		for _, l := range strings.Split(ansi.Wrap(m.resultErr, max(10, m.layout().rightW-fh), ""), "\n") {
			out = append(out, st.errText.Render(l))
		}
		return out
	case m.parsing:
		return append(m.errorLines(), st.faint.Render(fmt.Sprintf("reading %s…", humanize.Bytes(uint64(len(m.result.Data))))))
	case m.tree != nil && m.tableMode && m.table != nil:
		return append(m.errorLines(), strings.Split(m.table.View(&st.results), "\n")...)
	case m.tree != nil:
		return append(m.errorLines(), strings.Split(m.treeView.View(&st.results), "\n")...)
	case m.result != nil:
		return m.errorLines()
	}
	return []string{st.faint.Render("ctrl+r runs the query · esc stops editing · tab moves between panes")}
}

func (m *Model) listLines() []string {
	st := m.stylesFor()
	if len(m.items) == 0 {
		if m.overlay == overlayHistory {
			return []string{st.faint.Render("no query run yet on this API")}
		}
		return []string{st.faint.Render("no saved query yet: s saves the current one")}
	}
	w, h := m.resultsInner()
	h += len(m.errorLines())
	per := 2
	first := 0
	if m.itemSel >= h/per {
		first = m.itemSel - h/per + 1
	}
	var out []string
	for i := first; i < len(m.items) && len(out) < h; i++ {
		it := m.items[i]
		title := ansi.Truncate(it.title, w-2, "…")
		detail := ansi.Truncate(it.detail, w-4, "…")
		if i == m.itemSel {
			out = append(out, st.selected.Render("▸ "+title+strings.Repeat(" ", max(0, w-2-ansi.StringWidth(title)))))
		} else {
			out = append(out, "  "+title)
		}
		out = append(out, st.faint.Render("    "+detail))
	}
	return out
}

// docLine documents the selected completion, or the field under the cursor.
func (m *Model) docLine() string {
	st := m.stylesFor()
	w := max(m.width, 20)
	var sig, desc string
	switch {
	case m.popupOpen():
		it := m.popup.Items[m.popupSel]
		sig = it.Label
		if it.Detail != "" {
			sig += ": " + it.Detail
		}
		desc = it.Doc
		if it.Deprecated != "" {
			desc = "deprecated: " + it.Deprecated + " " + desc
		}
	case m.focus == focusEditor && m.schema != nil:
		if d, ok := complete.DocAt(m.schema, m.query.Text(), m.query.Offset()); ok {
			sig, desc = d.Signature, d.Description
		}
	}
	if sig == "" {
		return ""
	}
	line := st.docSig.Render(sig)
	if desc != "" {
		line += st.doc.Render(" — " + strings.Join(strings.Fields(desc), " "))
	}
	return ansi.Truncate(line, w, "…")
}

// infoLine: the prompt when one is open, else the state of the editor.
func (m *Model) infoLine() string {
	st := m.stylesFor()
	w := max(m.width, 20)
	if m.overlay == overlayPrompt {
		return ansi.Truncate(m.prompt.View(), w, "")
	}
	var left string
	switch {
	case m.running:
		left = st.info.Render("running… esc cancels")
	case len(m.errs) > 0 && m.focus == focusEditor:
		left = st.errText.Render("✗ " + errorLine(m.errs[0]))
	case m.notice != "":
		left = st.warn.Render(m.notice)
	case m.editing && m.focus == focusEditor && m.untouched():
		left = st.faint.Render("type or paste a query · ctrl+a selects all")
	}
	right := st.faint.Render(m.schemaStatus())
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return ansi.Truncate(left, w, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

func (m *Model) schemaStatus() string {
	switch {
	case m.schemaLoading:
		return "schema: loading…"
	case m.schema != nil:
		return fmt.Sprintf("schema: %d types · %s", len(m.schema.Types), ago(m.deps.Now(), m.schemaAt))
	case m.schemaErr != "":
		return "schema: none (R retries)"
	}
	return "schema: none"
}

func ago(now, t time.Time) string {
	switch {
	case t.IsZero():
		return "fetched"
	case now.Sub(t) < time.Minute:
		return "fetched just now"
	}
	return "cached " + timefmt.Ago(t, now)
}
