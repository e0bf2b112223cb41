package answer_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/api/answer"
)

const sample = `{"flow_run":[{"id":"a1","name":"brave-fox","state":"Success","flow":{"name":"etl"},"labels":["x","y"]},{"id":"b2","name":"calm\ncat","state":"Failed","flow":null,"extra":1.5}],"flow_run_aggregate":{"aggregate":{"count":2}}}`

func TestParseAndPaths(t *testing.T) {
	tr, err := answer.Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range tr.Nodes {
		got = append(got, tr.Path(i))
	}
	want := ". .flow_run .flow_run[0] .flow_run[0].id .flow_run[0].name .flow_run[0].state .flow_run[0].flow .flow_run[0].flow.name .flow_run[0].labels .flow_run[0].labels[0] .flow_run[0].labels[1] .flow_run[1] .flow_run[1].id .flow_run[1].name .flow_run[1].state .flow_run[1].flow .flow_run[1].extra .flow_run_aggregate .flow_run_aggregate.aggregate .flow_run_aggregate.aggregate.count"
	if strings.Join(got, " ") != want {
		t.Fatalf("paths:\n%s", strings.Join(got, " "))
	}
	// Round trip: the tree re-serialises to the same JSON (member order kept).
	var a, b any
	_ = json.Unmarshal([]byte(sample), &a)
	_ = json.Unmarshal([]byte(tr.JSON(0)), &b)
	if fmt.Sprint(a) != fmt.Sprint(b) || !strings.HasPrefix(tr.JSON(0), `{"flow_run":[{"id":"a1"`) {
		t.Fatalf("round trip: %s", tr.JSON(0))
	}
	if tr.Text(4) != "brave-fox" || tr.Text(13) != "calm\ncat" {
		t.Fatalf("Text: %q %q", tr.Text(4), tr.Text(13))
	}
	if !tr.IsTable(1) || tr.IsTable(8) || tr.FirstTable(0) != 1 {
		t.Fatal("table detection")
	}
	if _, err := answer.Parse([]byte(`{"a":`)); err == nil {
		t.Fatal("truncated JSON accepted")
	}
}

func TestTable(t *testing.T) {
	tr, err := answer.Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	tb := answer.NewTable(tr, tr.FirstTable(0))
	if strings.Join(tb.Columns, ",") != "id,name,state,flow,labels,extra" || len(tb.Rows) != 2 {
		t.Fatalf("columns %v, rows %d", tb.Columns, len(tb.Rows))
	}
	if c := tb.Member(tb.Rows[1], "labels"); c != -1 {
		t.Fatalf("a missing member is node %d", c)
	}
	if c := tb.Member(tb.Rows[1], "name"); tr.Path(int(c)) != ".flow_run[1].name" {
		t.Fatalf("member name is %s", tr.Path(int(c)))
	}
	want := [][]string{
		{"id", "name", "state", "flow", "labels", "extra"},
		{"a1", "brave-fox", "Success", `{"name":"etl"}`, `["x","y"]`, ""},
		{"b2", "calm\ncat", "Failed", "", "", "1.5"},
	}
	if got := tb.Records(false); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Fatalf("records\n%q\nwant\n%q", got, want)
	}
	want[2][1] = "calm cat"
	if got := tb.Records(true); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Fatalf("one-line records\n%q\nwant\n%q", got, want)
	}
}

// TestTableColumnsCap: at most MaxColumns columns; members first seen after the first
// rows of a long table are not columns.
func TestTableColumnsCap(t *testing.T) {
	var b strings.Builder
	b.WriteString(`[{`)
	for i := 0; i < answer.MaxColumns+10; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"c%d":%d`, i, i)
	}
	b.WriteString(`}`)
	for i := 0; i < 300; i++ {
		b.WriteString(`,{"c0":1}`)
	}
	b.WriteString(`,{"late":1}]`)
	tr, err := answer.Parse([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	tb := answer.NewTable(tr, 0)
	if len(tb.Columns) != answer.MaxColumns || tb.Columns[answer.MaxColumns-1] != fmt.Sprintf("c%d", answer.MaxColumns-1) {
		t.Fatalf("%d columns: %v", len(tb.Columns), tb.Columns)
	}
	if len(tb.Rows) != 302 {
		t.Fatalf("rows %d", len(tb.Rows))
	}
}
