// Package results shows the answer of a query: a folding JSON tree with search, and a
// table when the answer holds a list of objects. The answer is flattened once by
// answer.Parse (in a tea.Cmd by the editor, off the UI goroutine); the views render
// only the rows on screen, so a 5 MB answer scrolls as fast as a small one.
package results

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api/answer"
	"github.com/prefect-tui/prefect-tui/ui/components"
)

// Styles are the result views' styles (built by the editor from the theme).
type Styles struct {
	Key, String, Number, Bool, Null, Punct, Faint lipgloss.Style
	// Selected is the cursor row; Match a search hit.
	Selected, Match lipgloss.Style
	Header          lipgloss.Style
}

// TreeView is the folding JSON tree with a cursor and search.
type TreeView struct {
	T         *answer.Tree
	collapsed []bool
	visible   []int32
	win       components.Window // the cursor (an index into visible) and the first row shown
	width     int
	height    int

	query   string
	matches []int32
	match   int
}

// NewTreeView shows t with every node expanded.
func NewTreeView(t *answer.Tree) *TreeView {
	v := &TreeView{T: t, collapsed: make([]bool, len(t.Nodes))}
	v.rebuild()
	return v
}

// SetSize sets the viewport size in cells.
func (v *TreeView) SetSize(w, h int) { v.width, v.height = w, max(1, h); v.clamp() }

// rebuild recomputes the visible rows (O(nodes), skipping collapsed subtrees).
func (v *TreeView) rebuild() {
	v.visible = v.visible[:0]
	n := int32(len(v.T.Nodes))
	for i := int32(0); i < n; {
		v.visible = append(v.visible, i)
		if v.collapsed[i] {
			i = v.T.Nodes[i].End
		} else {
			i++
		}
	}
	v.clamp()
}

func (v *TreeView) clamp() { v.win.Fit(len(v.visible), v.height) }

// Selected returns the node under the cursor.
func (v *TreeView) Selected() int { return int(v.visible[v.win.Cursor]) }

// Rows is the number of visible rows.
func (v *TreeView) Rows() int { return len(v.visible) }

// Move moves the cursor by d rows.
func (v *TreeView) Move(d int) { v.win.Cursor += d; v.clamp() }

// Top jumps to the first row.
func (v *TreeView) Top() { v.win.Cursor = 0; v.clamp() }

// Bottom jumps to the last row.
func (v *TreeView) Bottom() { v.win.Cursor = len(v.visible) - 1; v.clamp() }

// Page moves by a screen.
func (v *TreeView) Page(d int) { v.Move(d * max(1, v.height-1)) }

// Toggle folds or unfolds the node under the cursor.
func (v *TreeView) Toggle() {
	i := v.Selected()
	if v.T.Nodes[i].Container() && i != 0 {
		v.collapsed[i] = !v.collapsed[i]
		v.rebuild()
	}
}

// Collapse folds the node under the cursor, or moves to its parent when it is folded
// already (or a scalar).
func (v *TreeView) Collapse() {
	i := v.Selected()
	n := &v.T.Nodes[i]
	if n.Container() && !v.collapsed[i] && i != 0 {
		v.collapsed[i] = true
		v.rebuild()
		return
	}
	if n.Parent >= 0 {
		v.selectNode(int(n.Parent))
	}
}

// Expand unfolds the node under the cursor.
func (v *TreeView) Expand() {
	i := v.Selected()
	if v.collapsed[i] {
		v.collapsed[i] = false
		v.rebuild()
	}
}

// SetAll folds (true) or unfolds every container below the root's children.
func (v *TreeView) SetAll(fold bool) {
	sel := v.Selected()
	for i := range v.T.Nodes {
		v.collapsed[i] = fold && v.T.Nodes[i].Container() && v.T.Nodes[i].Depth >= 2
	}
	v.rebuild()
	v.selectNode(sel)
}

// selectNode moves the cursor to node i, unfolding its ancestors.
func (v *TreeView) selectNode(i int) {
	changed := false
	for p := v.T.Nodes[i].Parent; p >= 0; p = v.T.Nodes[p].Parent {
		if v.collapsed[p] {
			v.collapsed[p] = false
			changed = true
		}
	}
	if changed {
		v.rebuild()
	}
	// visible is sorted: binary search.
	lo, hi := 0, len(v.visible)
	for lo < hi {
		m := (lo + hi) / 2
		if int(v.visible[m]) < i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(v.visible) && int(v.visible[lo]) == i {
		v.win.Cursor = lo
	} else if lo > 0 {
		v.win.Cursor = lo - 1
	}
	v.clamp()
	// Keep the hit away from the very top row.
	if v.win.Cursor-v.win.Top < 2 && v.win.Top > 0 {
		v.win.Top = max(0, v.win.Cursor-v.height/3)
	}
}

// Search finds q (case-insensitive) in keys and values and jumps to the first hit at
// or after the cursor. It returns the number of hits.
func (v *TreeView) Search(q string) int {
	v.query = q
	v.matches = v.matches[:0]
	v.match = 0
	if q == "" {
		return 0
	}
	lq := strings.ToLower(q)
	for i := range v.T.Nodes {
		n := &v.T.Nodes[i]
		if containsFold(n.Key, lq) || !n.Container() && containsFold(n.Value, lq) {
			v.matches = append(v.matches, int32(i))
		}
	}
	if len(v.matches) == 0 {
		return 0
	}
	cur := int32(v.Selected())
	for k, m := range v.matches {
		if m >= cur {
			v.match = k
			break
		}
	}
	v.selectNode(int(v.matches[v.match]))
	return len(v.matches)
}

// containsFold: lq is already lower case.
func containsFold(s, lq string) bool {
	if len(s) < len(lq) {
		return false
	}
	return strings.Contains(strings.ToLower(s), lq)
}

// NextMatch jumps to the next (d=1) or previous (d=-1) search hit.
func (v *TreeView) NextMatch(d int) (int, int) {
	if len(v.matches) == 0 {
		return 0, 0
	}
	v.match = (v.match + d + len(v.matches)) % len(v.matches)
	v.selectNode(int(v.matches[v.match]))
	return v.match + 1, len(v.matches)
}

// Query is the active search.
func (v *TreeView) Query() string { return v.query }

// View renders the visible window of rows.
func (v *TreeView) View(st *Styles) string {
	end := v.win.End(len(v.visible), v.height)
	lines := make([]string, 0, v.height)
	lq := strings.ToLower(v.query)
	for r := v.win.Top; r < end; r++ {
		i := v.visible[r]
		line := v.row(st, int(i), lq)
		line = ansi.Truncate(line, v.width, "…")
		if r == v.win.Cursor {
			line = st.Selected.Render(ansi.Strip(line) + strings.Repeat(" ", max(0, v.width-ansi.StringWidth(line))))
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func (v *TreeView) row(st *Styles, i int, lq string) string {
	n := &v.T.Nodes[i]
	var b strings.Builder
	b.WriteString(strings.Repeat("  ", int(n.Depth)))
	if n.Container() {
		if v.collapsed[i] {
			b.WriteString(st.Punct.Render("▸ "))
		} else {
			b.WriteString(st.Punct.Render("▾ "))
		}
	} else {
		b.WriteString("  ")
	}
	key := ""
	switch {
	case n.Index >= 0:
		key = "[" + strconv.Itoa(int(n.Index)) + "]"
	case n.Parent >= 0:
		key = n.Key
	}
	if key != "" {
		ks := st.Key
		if lq != "" && containsFold(n.Key, lq) {
			ks = st.Match
		}
		b.WriteString(ks.Render(key))
		b.WriteString(st.Punct.Render(": "))
	}
	switch n.Kind {
	case answer.Object, answer.Array:
		open, closing, unit := "{", "}", "keys"
		if n.Kind == answer.Array {
			open, closing, unit = "[", "]", "items"
		}
		if n.Count == 1 {
			unit = strings.TrimSuffix(unit, "s")
		}
		if v.collapsed[i] {
			b.WriteString(st.Punct.Render(open + "…" + closing))
		} else {
			b.WriteString(st.Punct.Render(open))
		}
		b.WriteString(st.Faint.Render(" " + strconv.Itoa(int(n.Count)) + " " + unit))
	default:
		vs := valueStyle(st, n.Kind)
		if lq != "" && containsFold(n.Value, lq) {
			vs = st.Match
		}
		b.WriteString(vs.Render(scalarText(n, 200)))
	}
	return b.String()
}

func valueStyle(st *Styles, k answer.Kind) lipgloss.Style {
	switch k {
	case answer.String:
		return st.String
	case answer.Number:
		return st.Number
	case answer.Bool:
		return st.Bool
	}
	return st.Null
}

// scalarText renders a scalar on one line, strings quoted, at most limit runes.
func scalarText(n *answer.Node, limit int) string {
	s := n.Value
	if len(s) > limit*4 {
		s = s[:limit*4]
	}
	if n.Kind == answer.String {
		s = strconv.Quote(s)
	}
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit]) + "…"
	}
	return s
}
