package results_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/prefect-tui/prefect-tui/api/answer"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor/results"
)

const sample = `{"flow_run":[{"id":"a1","name":"brave-fox","state":"Success","flow":{"name":"etl"},"labels":["x","y"]},{"id":"b2","name":"calm\ncat","state":"Failed","flow":null,"extra":1.5}],"flow_run_aggregate":{"aggregate":{"count":2}}}`

func testStyles() *results.Styles { return &results.Styles{} }

func TestTreeViewFoldAndSearch(t *testing.T) {
	tr, _ := answer.Parse([]byte(sample))
	v := results.NewTreeView(tr)
	v.SetSize(60, 30)
	if v.Rows() != len(tr.Nodes) {
		t.Fatalf("rows %d", v.Rows())
	}
	v.Move(2) // .flow_run[0]
	v.Toggle()
	if v.Rows() != len(tr.Nodes)-8 {
		t.Fatalf("after fold rows %d", v.Rows())
	}
	golden.RequireEqual(t, v.View(testStyles()))
	if n := v.Search("calm"); n != 1 || tr.Path(v.Selected()) != ".flow_run[1].name" {
		t.Fatalf("search: %d %s", n, tr.Path(v.Selected()))
	}
	if n := v.Search("ETL"); n != 1 || tr.Path(v.Selected()) != ".flow_run[0].flow.name" || v.Rows() != len(tr.Nodes) {
		t.Fatalf("search into folded: %d %s rows=%d", n, tr.Path(v.Selected()), v.Rows())
	}
	v.Search("name")
	i, n := v.NextMatch(1)
	if n != 3 || i != 3 {
		t.Fatalf("next match %d/%d", i, n)
	}
	v.Collapse() // scalar: goes to parent
	if tr.Path(v.Selected()) != ".flow_run[1]" {
		t.Fatalf("collapse on scalar → %s", tr.Path(v.Selected()))
	}
}

func TestTableView(t *testing.T) {
	tr, _ := answer.Parse([]byte(sample))
	v := results.NewTableView(tr, 1)
	v.SetSize(80, 10)
	if strings.Join(v.Columns(), ",") != "id,name,state,flow,labels,extra" || v.RowCount() != 2 {
		t.Fatalf("columns %v", v.Columns())
	}
	golden.RequireEqual(t, v.View(testStyles()))
	v.Move(1)
	v.MoveColumn(1)
	if tr.Path(v.SelectedNode()) != ".flow_run[1].name" {
		t.Fatalf("selected %s", tr.Path(v.SelectedNode()))
	}
	v.MoveColumn(4) // the row has no "labels": the row itself
	if tr.Path(v.SelectedNode()) != ".flow_run[1].extra" {
		t.Fatalf("selected %s", tr.Path(v.SelectedNode()))
	}
}

// FiveMB returns a ~5 MB answer shaped like a flow_run listing.
func FiveMB() []byte {
	var b strings.Builder
	b.WriteString(`{"flow_run":[`)
	for i := 0; b.Len() < 5<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"%08d-1111-2222-3333-444444444444","name":"run-%d","state":"Success","start_time":"2026-01-01T00:00:%02d+00:00","flow":{"name":"etl-%d","version":%d},"labels":["a","b"],"parameters":{"x":%d,"y":"some text value here"}}`, i, i, i%60, i%7, i%3, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// BenchmarkRender5MB measures the parts of showing a 5 MB answer: the parse (which the
// editor runs in a tea.Cmd, off the UI goroutine) and the per-frame renders, which
// only draw the visible rows.
func BenchmarkRender5MB(b *testing.B) {
	data := FiveMB()
	b.Run("parse_in_cmd", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := answer.Parse(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	tr, _ := answer.Parse(data)
	st := testStyles()
	b.Run("tree_view_frame", func(b *testing.B) {
		v := results.NewTreeView(tr)
		v.SetSize(120, 40)
		for b.Loop() {
			v.Move(7)
			_ = v.View(st)
		}
	})
	b.Run("tree_fold_toggle", func(b *testing.B) {
		v := results.NewTreeView(tr)
		v.SetSize(120, 40)
		v.Move(1)
		for b.Loop() {
			v.Toggle()
		}
	})
	b.Run("table_view_frame", func(b *testing.B) {
		v := results.NewTableView(tr, 1)
		v.SetSize(120, 40)
		for b.Loop() {
			v.Move(7)
			_ = v.View(st)
		}
	})
}
