package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// cycleServer is an in-memory server (the default store) whose task graph has a cycle,
// so that a traversal with a huge depth limit runs until it is stopped.
func cycleServer(t *testing.T, timeout time.Duration) (*server.Server, string) {
	t.Helper()
	s, err := server.New(server.Options{QueryTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	const a, b = "a0000000-0000-4000-8000-000000000001", "a0000000-0000-4000-8000-000000000002"
	insertRow(t, s, "flow", map[string]any{"id": "f1", "name": "cycle"})
	insertRow(t, s, "task", map[string]any{"id": a, "flow_id": "f1", "name": "a"})
	insertRow(t, s, "task", map[string]any{"id": b, "flow_id": "f1", "name": "b"})
	insertRow(t, s, "edge", map[string]any{"id": "e1", "flow_id": "f1", "upstream_task_id": a, "downstream_task_id": b})
	insertRow(t, s, "edge", map[string]any{"id": "e2", "flow_id": "f1", "upstream_task_id": b, "downstream_task_id": a})
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return s, hs.URL + "/graphql"
}

// endless walks the cycle a hundred million steps deep: it runs until stopped.
const endless = `{ utility_downstream_tasks_aggregate(args: {start_task_ids: "{a0000000-0000-4000-8000-000000000001}", depth_limit: 100000000}) { aggregate { count } } }`

func graphql(ctx context.Context, url, query string) (map[string]any, error) {
	body, _ := json.Marshal(map[string]any{"query": query})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	return out, json.Unmarshal(raw, &out)
}

// TestSlowRequestDoesNotStallOthers: while a request runs a query that never ends on
// its own, a fast request takes about as long as it does alone. Measured within the
// test: the median of fast requests alone (before and after) against their median
// while the slow one runs; one connection for everyone would make them wait seconds.
func TestSlowRequestDoesNotStallOthers(t *testing.T) {
	_, url := cycleServer(t, 10*time.Second)
	ctx := context.Background()
	fast := func() time.Duration {
		t0 := time.Now()
		res, err := graphql(ctx, url, `{ flow(limit: 1) { name } task_aggregate { aggregate { count } } }`)
		if err != nil || res["errors"] != nil {
			t.Fatalf("fast request: %v %v", err, res["errors"])
		}
		return time.Since(t0)
	}
	const n = 15
	fast() // warm up the connection and the caches
	var alone, during []time.Duration
	for i := 0; i < n; i++ {
		alone = append(alone, fast())
	}
	slowCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		_, err := graphql(slowCtx, url, endless)
		done <- err
	}()
	time.Sleep(300 * time.Millisecond) // the slow request is running its query
	for i := 0; i < n; i++ {
		during = append(during, fast())
	}
	select {
	case err := <-done:
		t.Fatalf("the slow request ended on its own (%v): nothing was measured against it", err)
	default:
	}
	stop()
	if err := <-done; err == nil {
		t.Error("the slow request was not cancelled")
	}
	for i := 0; i < n; i++ {
		alone = append(alone, fast())
	}
	m0, m1 := median(alone), median(during)
	t.Logf("fast request: median %v alone, %v next to the slow one", m0, m1)
	if m1-m0 > max(10*time.Millisecond, m0) {
		t.Errorf("the slow request delayed the fast one by %v (median %v alone, %v next to it)", m1-m0, m0, m1)
	}
}

// TestQueryTimeout: a request that runs longer than the query timeout is stopped and
// answered with a QUERY_TIMEOUT error naming the limit; the server goes on serving.
func TestQueryTimeout(t *testing.T) {
	_, url := cycleServer(t, 300*time.Millisecond)
	ctx := context.Background()
	res, err := graphql(ctx, url, endless)
	if err != nil {
		t.Fatal(err)
	}
	errs, _ := res["errors"].([]any)
	if len(errs) != 1 {
		t.Fatalf("want one error, got %v", res)
	}
	e := errs[0].(map[string]any)
	ext, _ := e["extensions"].(map[string]any)
	if ext["code"] != "QUERY_TIMEOUT" || !strings.Contains(e["message"].(string), "query timeout of 300ms") {
		t.Errorf("error: %v", e)
	}
	res, err = graphql(ctx, url, `{ task(order_by: {name: asc}) { name } }`)
	if err != nil || res["errors"] != nil {
		t.Fatalf("after the timeout: %v %v", err, res)
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// insertRow adds a row to a catalog table, giving the NOT NULL columns it does not
// name a neutral value.
func insertRow(t *testing.T, s *server.Server, table string, row map[string]any) {
	t.Helper()
	tbl := catalog.Lookup(table)
	var cols, marks []string
	var args []any
	for _, c := range tbl.Columns {
		v, ok := row[c.Name]
		if !ok && !c.NotNull {
			continue
		}
		if !ok {
			switch c.Type {
			case catalog.Int, catalog.Boolean, catalog.Float:
				v = 0
			case catalog.JSONB:
				v = "{}"
			default:
				v = ""
			}
		}
		cols = append(cols, `"`+c.Name+`"`)
		marks = append(marks, "?")
		args = append(args, v)
	}
	q := "INSERT INTO " + tbl.StoreName() + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
	if _, err := s.DB.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
