package flow_test

import (
	"context"
	"strings"
	"testing"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/flow"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// runsCounted answers FlowPage from the demo as if the group had had n runs counted
// (the server counts up to the request's limit), and keeps the last limit sent.
type runsCounted struct {
	graphql.Client
	n     int
	limit any
}

func (c *runsCounted) MakeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	err := c.Client.MakeRequest(ctx, req, resp)
	if r, ok := resp.Data.(*api.FlowPageResponse); ok && err == nil {
		c.limit = req.Variables.(interface{ GetCountLimit() int }).GetCountLimit()
		r.Runs_count.Aggregate.Count = c.n
	}
	return err
}

// TestRunsCountCapped: the page counts a group's runs up to flow.CountCap and one
// more; a count past the cap says "10000+", one at the cap is exact.
func TestRunsCountCapped(t *testing.T) {
	f := findFlow(t, demoClient(t), "etl-orders")
	for _, tc := range []struct {
		n    int
		want string
	}{
		{flow.CountCap + 1, "10000+"},
		{flow.CountCap, "10000"},
	} {
		c := &runsCounted{Client: demoClient(t), n: tc.n}
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			m := open(t, c, screen.Route{Kind: screen.RouteFlow, ID: f.Group}, size[0], size[1], flow.Options{})
			if c.limit != flow.CountCap+1 {
				t.Errorf("runs counted up to %v, want %d", c.limit, flow.CountCap+1)
			}
			// The count goes right of the column titles, in the longest form that
			// fits: "10000+ runs (l)", or the bare count at 80 columns.
			head := ""
			for _, l := range strings.Split(uitest.Strip(m.View()), "\n") {
				if strings.Contains(l, "took labels") {
					head = strings.TrimRight(l, " ")
				}
			}
			want := " " + tc.want
			if size[0] > 80 {
				want += " runs (l)"
			}
			if !strings.HasSuffix(head, want) {
				t.Errorf("%d runs counted at %dx%d: header %q, want it to end in %q", tc.n, size[0], size[1], head, want)
			}
			assertSize(t, m.View(), size[0], size[1])
		}
	}
}
