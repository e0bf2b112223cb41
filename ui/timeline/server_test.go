package timeline_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
	"github.com/prefect-tui/prefect-tui/ui/timeline"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest/demo"
)

// unstartedChildRun loads a finished demo run with a mapped task one of whose children
// never started (TriggerFailed after its upstream child failed) while others ran.
func unstartedChildRun(t *testing.T) (*rundata.Run, rundata.Task) {
	t.Helper()
	c := demo.Client(t)
	where := `{"_and":[{"state":{"_eq":"Failed"}},
		{"task_runs":{"_and":[{"map_index":{"_gte":0}},{"start_time":{"_is_null":true}}]}},
		{"task_runs":{"_and":[{"map_index":{"_gte":0}},{"start_time":{"_is_null":false}}]}}]}`
	resp, err := api.ListFlowRuns(context.Background(), c, json.RawMessage(where), nil,
		json.RawMessage(`[{"start_time":"desc_nulls_last"},{"id":"asc"}]`), 20, 0, nil)
	if err != nil || len(resp.Flow_run) == 0 {
		t.Fatalf("no demo run with a mapped child that never started: %v", err)
	}
	for _, fr := range resp.Flow_run {
		page, err := api.FlowRunPage(context.Background(), c, fr.Id, 5000, false, runtest.Now, 75)
		if err != nil {
			t.Fatal(err)
		}
		r, ok := rundata.FromFlowRunPage(page.Flow_run_by_pk)
		if !ok {
			t.Fatalf("run %s did not load", fr.Id)
		}
		for _, tk := range r.Tasks {
			started, unstarted := 0, 0
			for _, ch := range tk.Children {
				if ch.Start.IsZero() {
					unstarted++
				} else {
					started++
				}
			}
			if started > 0 && unstarted > 0 {
				return r, tk
			}
		}
	}
	t.Fatal("no mapped task with both started and unstarted children")
	return nil, rundata.Task{}
}

// TestMappedBarSpansStartedChildren: a mapped task's bar (and its "took") runs from the
// first child's real start to the last child's real end; a child that never started
// (its state_timestamp outside the children's real span) does not stretch it.
func TestMappedBarSpansStartedChildren(t *testing.T) {
	r, task := unstartedChildRun(t)
	var first, last time.Time
	var stamps []time.Time // of the children that never started
	for _, ch := range task.Children {
		if ch.Start.IsZero() {
			stamps = append(stamps, ch.StateTime)
			continue
		}
		if first.IsZero() || ch.Start.Before(first) {
			first = ch.Start
		}
		if ch.End.After(last) {
			last = ch.End
		}
	}
	outside := false
	for _, s := range stamps {
		outside = outside || s.Before(first) || s.After(last)
	}
	if !outside {
		t.Fatalf("no unstarted child's timestamp %v lies outside the real span %s..%s: the run shows nothing", stamps, first, last)
	}
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			m := timeline.New(runtest.Deps(nil))
			m.SetSize(sz.w, sz.h)
			m.SetRun(r)
			line := ""
			for range r.Tasks {
				if line = cursorLine(m.View()); strings.Contains(line, task.Name) {
					break
				}
				m.Update(uitest.Press("down"))
			}
			if !strings.Contains(line, task.Name) {
				t.Fatalf("no row for %s:\n%s", task.Name, ansi.Strip(m.View()))
			}
			want := timefmt.Duration(last.Sub(first))
			if !strings.HasSuffix(strings.TrimSpace(line), " "+want) {
				t.Errorf("mapped row took %q, want %s (first start %s .. last end %s):\n%s", line, want, first, last, ansi.Strip(m.View()))
			}
			uitest.Golden(t, m.View())
		})
	}
}

func cursorLine(v string) string {
	for _, l := range strings.Split(ansi.Strip(v), "\n") {
		if strings.HasPrefix(l, "›") {
			return l
		}
	}
	return ""
}
