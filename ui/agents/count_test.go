package agents_test

import (
	"context"
	"strings"
	"testing"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/agents"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest/demo"
)

// recentCounted answers AgentsPage from the demo as if every agent had had n recent
// runs counted (the server counts up to the request's limit), and keeps the limit.
type recentCounted struct {
	graphql.Client
	n     int
	limit int
}

func (c *recentCounted) MakeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	err := c.Client.MakeRequest(ctx, req, resp)
	if r, ok := resp.Data.(*api.AgentsPageResponse); ok && err == nil {
		c.limit = req.Variables.(interface{ GetRecentCountLimit() int }).GetRecentCountLimit()
		for i := range r.Agent {
			r.Agent[i].Recent_count.Aggregate.Count = c.n
		}
	}
	return err
}

// TestRecentCountCapped: an agent's recent runs are counted up to
// agents.RecentCountCap and one more; past the cap the 24h column and the detail say
// "999+", at the cap they are exact.
func TestRecentCountCapped(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{agents.RecentCountCap + 1, "999+"}, {agents.RecentCountCap, "999"}} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			c := &recentCounted{Client: demo.Client(t), n: tc.n}
			m := open(t, c, agents.Options{}, size[0], size[1])
			if c.limit != agents.RecentCountCap+1 {
				t.Errorf("recent runs counted up to %d, want %d", c.limit, agents.RecentCountCap+1)
			}
			v := uitest.Strip(m.View())
			rows := 0
			for _, l := range strings.Split(v, "\n") {
				if strings.Contains(l, "healthy ") && !strings.Contains(l, "agents ·") {
					if !strings.HasSuffix(strings.TrimRight(l, " "), " "+tc.want) {
						t.Errorf("%d counted at %dx%d: row %q does not end in %q", tc.n, size[0], size[1], l, tc.want)
					}
					rows++
				}
			}
			if rows == 0 {
				t.Fatalf("no agent rows at %dx%d:\n%s", size[0], size[1], v)
			}
			if want := "Submitted in the last 24h · " + tc.want + " (latest "; !strings.Contains(v, want) {
				t.Errorf("%d counted at %dx%d: no %q in\n%s", tc.n, size[0], size[1], want, v)
			}
		}
	}
}
