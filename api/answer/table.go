package answer

import "strings"

// MaxColumns bounds a table's columns.
const MaxColumns = 64

// columnSample: once a table has columns, members are looked for in this many rows
// only (a 5 MB answer has tens of thousands of rows of the same shape).
const columnSample = 200

// Table is an array of objects read as rows and columns.
type Table struct {
	Tree *Tree
	// Node is the array.
	Node int
	// Rows are the row objects' nodes.
	Rows []int32
	// Columns are the rows' members, in the order first seen (at most MaxColumns).
	Columns []string
}

// NewTable reads array node i of t as a table (i must satisfy Tree.IsTable).
func NewTable(t *Tree, i int) *Table {
	tb := &Table{Tree: t, Node: i, Rows: t.Children(i)}
	seen := map[string]bool{}
	for k, r := range tb.Rows {
		for c := r + 1; c < t.Nodes[r].End; c = t.Nodes[c].End {
			key := t.Nodes[c].Key
			if !seen[key] && len(tb.Columns) < MaxColumns {
				seen[key] = true
				tb.Columns = append(tb.Columns, key)
			}
		}
		if k > columnSample && len(tb.Columns) > 0 {
			break
		}
	}
	return tb
}

// Member returns the node of row r's member key, or -1 when the row has none.
func (tb *Table) Member(r int32, key string) int32 {
	t := tb.Tree
	for c := r + 1; c < t.Nodes[r].End; c = t.Nodes[c].End {
		if t.Nodes[c].Key == key {
			return c
		}
	}
	return -1
}

// Value is row r's member key as text: a scalar's value (a string's content, a
// number's or boolean's literal), an object or array as compact JSON, and "" for null
// or a missing member.
func (tb *Table) Value(r int32, key string) string {
	c := tb.Member(r, key)
	if c < 0 {
		return ""
	}
	n := &tb.Tree.Nodes[c]
	switch {
	case n.Container():
		return tb.Tree.JSON(int(c))
	case n.Kind == Null:
		return ""
	}
	return n.Value
}

// Records are the table as text: the column names, then each row's values (Value).
// With oneLine, tabs and line breaks in values become spaces.
func (tb *Table) Records(oneLine bool) [][]string {
	flat := strings.NewReplacer("\t", " ", "\n", " ")
	out := make([][]string, 0, len(tb.Rows)+1)
	out = append(out, tb.Columns)
	for _, r := range tb.Rows {
		rec := make([]string, len(tb.Columns))
		for j, key := range tb.Columns {
			rec[j] = tb.Value(r, key)
			if oneLine {
				rec[j] = flat.Replace(rec[j])
			}
		}
		out = append(out, rec)
	}
	return out
}
