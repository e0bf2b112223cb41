package results

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api/answer"
	"github.com/prefect-tui/prefect-tui/ui/components"
)

// maxColWidth bounds a column's width.
const (
	maxColWidth = 40
	// widthSample is how many rows column widths are measured on.
	widthSample = 200
)

// TableView shows an array of objects as rows and columns (answer.Table: the union of
// the members, in the order first seen).
type TableView struct {
	T      *answer.Tree
	Node   int // the array
	tb     *answer.Table
	rows   []int32
	cols   []string
	widths []int
	win    components.Window // rows: the cursor and the first row shown
	col    int               // first column shown (horizontal scroll)
	sel    int               // selected column
	width  int
	height int
}

// NewTableView builds the table of array node i (which must satisfy Tree.IsTable).
func NewTableView(t *answer.Tree, i int) *TableView {
	tb := answer.NewTable(t, i)
	v := &TableView{T: t, Node: i, tb: tb, rows: tb.Rows, cols: tb.Columns}
	v.widths = make([]int, len(v.cols))
	for j, c := range v.cols {
		v.widths[j] = min(maxColWidth, max(3, ansi.StringWidth(c)))
	}
	for k, r := range v.rows {
		if k >= widthSample {
			break
		}
		for j, c := range v.cols {
			v.widths[j] = min(maxColWidth, max(v.widths[j], ansi.StringWidth(v.cell(r, c))))
		}
	}
	return v
}

// Columns returns the column names.
func (v *TableView) Columns() []string { return v.cols }

// RowCount is the number of rows.
func (v *TableView) RowCount() int { return len(v.rows) }

// SetSize sets the viewport size (one line is the header).
func (v *TableView) SetSize(w, h int) { v.width, v.height = w, max(1, h-1); v.clamp() }

func (v *TableView) clamp() {
	v.win.Fit(len(v.rows), v.height)
	v.sel = max(0, min(v.sel, len(v.cols)-1))
	if v.sel < v.col {
		v.col = v.sel
	}
	for v.col < v.sel && v.spanWidth(v.col, v.sel) > v.width {
		v.col++
	}
}

func (v *TableView) spanWidth(from, to int) int {
	w := 0
	for j := from; j <= to && j < len(v.widths); j++ {
		w += v.widths[j] + 2
	}
	return w
}

// Move moves the row cursor by d rows.
func (v *TableView) Move(d int) { v.win.Cursor += d; v.clamp() }

// MoveColumn moves the selected column by d.
func (v *TableView) MoveColumn(d int) { v.sel += d; v.clamp() }

// Page moves by a screen.
func (v *TableView) Page(d int) { v.Move(d * max(1, v.height-1)) }

// Top jumps to the first row.
func (v *TableView) Top() { v.win.Cursor = 0; v.clamp() }

// Bottom jumps to the last row.
func (v *TableView) Bottom() { v.win.Cursor = len(v.rows) - 1; v.clamp() }

// SelectedNode is the tree node of the selected cell (the row object when the row has
// no such member).
func (v *TableView) SelectedNode() int {
	if len(v.rows) == 0 {
		return v.Node
	}
	r := v.rows[v.win.Cursor]
	if len(v.cols) == 0 {
		return int(r)
	}
	if c := v.tb.Member(r, v.cols[v.sel]); c >= 0 {
		return int(c)
	}
	return int(r)
}

// SelectedRow is the tree node of the row under the cursor.
func (v *TableView) SelectedRow() int {
	if len(v.rows) == 0 {
		return v.Node
	}
	return int(v.rows[v.win.Cursor])
}

// cell renders row r's member key on one line.
func (v *TableView) cell(r int32, key string) string {
	c := v.tb.Member(r, key)
	if c < 0 {
		return ""
	}
	t := v.T
	n := &t.Nodes[c]
	switch n.Kind {
	case answer.Object, answer.Array:
		if n.End-c > 64 { // big: a summary, not a long serialisation per frame
			if n.Kind == answer.Array {
				return "[" + strconv.Itoa(int(n.Count)) + " items]"
			}
			return "{" + strconv.Itoa(int(n.Count)) + " keys}"
		}
		return t.JSON(int(c))
	case answer.String:
		s := n.Value
		if len(s) > maxColWidth*4 {
			s = s[:maxColWidth*4]
		}
		return strings.ReplaceAll(strings.ReplaceAll(s, "\n", "⏎"), "\t", " ")
	default:
		return n.Value
	}
}

// View renders the header and the visible rows.
func (v *TableView) View(st *Styles) string {
	var b strings.Builder
	b.WriteString(v.line(st, -1))
	end := v.win.End(len(v.rows), v.height)
	for k := v.win.Top; k < end; k++ {
		b.WriteByte('\n')
		b.WriteString(v.line(st, k))
	}
	return b.String()
}

func (v *TableView) line(st *Styles, k int) string {
	var b strings.Builder
	w := 0
	for j := v.col; j < len(v.cols) && w < v.width; j++ {
		var text string
		if k < 0 {
			text = v.cols[j]
		} else {
			text = v.cell(v.rows[k], v.cols[j])
		}
		text = ansi.Truncate(text, v.widths[j], "…")
		pad := text + strings.Repeat(" ", v.widths[j]-ansi.StringWidth(text)) + "  "
		switch {
		case k < 0 && j == v.sel:
			b.WriteString(st.Match.Render(pad))
		case k < 0:
			b.WriteString(st.Header.Render(pad))
		case k == v.win.Cursor && j == v.sel:
			b.WriteString(st.Match.Render(pad))
		default:
			b.WriteString(pad)
		}
		w += len(pad)
	}
	out := ansi.Truncate(b.String(), v.width, "")
	if k == v.win.Cursor {
		return st.Selected.Render(ansi.Strip(out) + strings.Repeat(" ", max(0, v.width-ansi.StringWidth(out))))
	}
	return out
}

// Summary is "12 rows × 5 columns".
func (v *TableView) Summary() string {
	return strconv.Itoa(len(v.rows)) + " rows × " + strconv.Itoa(len(v.cols)) + " columns"
}
