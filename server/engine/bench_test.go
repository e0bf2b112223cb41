package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server/engine"
)

// BenchmarkStatementCache times the explorer's runs list (ListFlowRuns with the runs
// screen's default variables) on the small fixture, where compiling weighs most:
// ours with the statement cache, the baseline compiling and preparing its statements
// for every request (the engine before the cache).
func BenchmarkStatementCache(b *testing.B) {
	fx := newFixture(b)
	vars := map[string]any{
		"where": map[string]any{}, "lateWhere": map[string]any{"_and": []any{map[string]any{"_and": []any{
			map[string]any{"state": map[string]any{"_eq": "Scheduled"}},
			map[string]any{"scheduled_start_time": map[string]any{"_lt": "2026-01-31T12:00:00.000000+00:00"}},
			map[string]any{"start_time": map[string]any{"_is_null": true}},
		}}}},
		"orderBy": []any{map[string]any{"start_time": "desc_nulls_last"}, map[string]any{"scheduled_start_time": "desc"}, map[string]any{"id": "asc"}},
		"limit":   100, "offset": 0,
	}
	ctx := context.Background()
	run := func() {
		res := fx.e.Execute(ctx, &engine.Request{}, engine.Params{Query: api.ListFlowRuns_Operation, OperationName: "ListFlowRuns", Variables: vars})
		if len(res.Errors) > 0 {
			b.Fatal(res.Errors[0].Message)
		}
	}
	run()
	var cached, compiled time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		run()
		t1 := time.Now()
		engine.PurgeStatements(fx.e)
		t2 := time.Now()
		run()
		cached, compiled = cached+t1.Sub(t0), compiled+time.Since(t2)
	}
	b.ReportMetric(float64(cached)/float64(b.N)/1e6, "ours-ms")
	b.ReportMetric(float64(compiled)/float64(b.N)/1e6, "base-ms")
}
