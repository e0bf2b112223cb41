package agents_test

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/internal/bench"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/ui/agents"
	"github.com/prefect-tui/prefect-tui/ui/diagnose"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/runs"
)

var benchNow = bench.Now

// benchClient is a client on a server over n generated flow runs: the database
// internal/bench measures every request on (generated once, then cached).
func benchClient(b *testing.B, n int) graphql.Client {
	b.Helper()
	path, err := bench.DBPath(context.Background(), n, b.Logf)
	if err != nil {
		b.Fatal(err)
	}
	s, err := server.New(server.Options{DB: path, Now: func() time.Time { return benchNow }})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	b.Cleanup(func() { ts.Close(); s.Close() })
	return api.NewClient(api.ClientOptions{Endpoint: ts.URL + "/graphql", Log: log.New(io.Discard, "", 0)})
}

// BenchmarkTriageQueries times, at 100k flow runs, the one request of each load the
// triage screens send, with their default variables: the agents screen (AgentsPage),
// the run page of a late run (FlowRunPage with the diagnosis) and the runs list
// (ListFlowRuns with the agents; the runs package's own filter and order).
func BenchmarkTriageQueries(b *testing.B) {
	c := benchClient(b, 100_000)
	ctx := context.Background()
	late, err := api.ListFlowRuns(ctx, c, rundata.LateWhere(benchNow).JSON(), nil, json.RawMessage(`[{"scheduled_start_time":"asc"}]`), 1, 0, nil)
	if err != nil || len(late.Flow_run) == 0 {
		b.Fatalf("no late run: %v", err)
	}
	lateID := late.Flow_run[0].Id
	b.Run("AgentsPage", func(b *testing.B) {
		where := agents.RecentWhere(benchNow, "")
		for i := 0; i < b.N; i++ {
			if _, err := api.AgentsPage(ctx, c, where, agents.RecentLimit, agents.RecentCountLimit, benchNow, diagnose.QueueWindow); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("FlowRunPageDiagnosed", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := api.FlowRunPage(ctx, c, lateID, 5000, true, benchNow, diagnose.QueueWindow); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("FlowRunPage", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := api.FlowRunPage(ctx, c, lateID, 5000, false, benchNow, diagnose.QueueWindow); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ListFlowRuns", func(b *testing.B) {
		var f runs.Filter
		where, lateWhere, order := f.Where(benchNow), f.LateWhere(benchNow), runs.SortStartDesc.OrderBy()
		for i := 0; i < b.N; i++ {
			if _, err := api.ListFlowRuns(ctx, c, where, lateWhere, order, runs.PageSize, 0, f.CountLimit(0)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
