package schemacache_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/schemacache"
	"github.com/prefect-tui/prefect-tui/api/schemacache/schematest"
	"github.com/prefect-tui/prefect-tui/server/catalog"
)

func fullSchema(t *testing.T) *ast.Schema {
	t.Helper()
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: catalog.SDL()})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// introspectionServer answers the introspection query with s, counting requests.
func introspectionServer(t *testing.T, s *ast.Schema, hits *int) *httptest.Server {
	t.Helper()
	data := schematest.Introspection(s)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*hits++
		body, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(body), "__schema") {
			http.Error(w, "unexpected", 400)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"data": data})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchThenLoad(t *testing.T) {
	s := fullSchema(t)
	hits := 0
	srv := introspectionServer(t, s, &hits)
	dir := t.TempDir()
	url := srv.URL + "/graphql"
	c := api.NewClient(api.ClientOptions{Endpoint: url})

	if _, err := schemacache.Load(dir, url); !errors.Is(err, schemacache.ErrNotCached) {
		t.Fatalf("Load before fetch: %v", err)
	}
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	e, err := schemacache.Fetch(context.Background(), c, dir, url, now)
	if err != nil {
		t.Fatal(err)
	}
	if hits != 1 {
		t.Fatalf("hits = %d", hits)
	}
	got, err := schemacache.Load(dir, url)
	if err != nil {
		t.Fatal(err)
	}
	if !got.FetchedAt.Equal(now) || hits != 1 {
		t.Fatalf("Load went to the network or lost the time: %v hits=%d", got.FetchedAt, hits)
	}
	for _, sch := range []*ast.Schema{e.Schema, got.Schema} {
		if len(sch.Types) != len(s.Types) {
			t.Errorf("types: %d, want %d", len(sch.Types), len(s.Types))
		}
		fd := sch.Query.Fields.ForName("flow_run")
		if fd == nil || fd.Type.String() != "[flow_run!]!" || fd.Arguments.ForName("where") == nil {
			t.Fatalf("flow_run field = %+v", fd)
		}
		// Cloud-only surface comes along because it was introspected.
		if sch.Mutation.Fields.ForName("switch_tenant") == nil {
			t.Error("cloud mutation switch_tenant missing")
		}
		doc, errs := gqlparser.LoadQuery(sch, `query($w: flow_run_bool_exp) { flow_run(where: $w, order_by: {start_time: desc}, limit: 3) { id state flow { name } } }`)
		if errs != nil || len(doc.Operations) != 1 {
			t.Fatalf("validate against cached schema: %v", errs)
		}
		if _, errs := gqlparser.LoadQuery(sch, `{ flow_run { nope } }`); errs == nil {
			t.Fatal("invalid query validated")
		}
	}
	fi, err := os.Stat(schemacache.Path(dir, url))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("cache file: %v %v", fi, err)
	}
}

func TestFromIntrospectionErrors(t *testing.T) {
	if _, err := schemacache.FromIntrospection([]byte(`{"__schema":{"types":[]}}`)); err == nil {
		t.Error("empty schema accepted")
	}
	if _, err := schemacache.FromIntrospection([]byte(`nope`)); err == nil {
		t.Error("bad JSON accepted")
	}
}

func TestFetchGraphQLError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"errors":[{"message":"introspection disabled"}]}`)
	}))
	defer srv.Close()
	c := api.NewClient(api.ClientOptions{Endpoint: srv.URL})
	_, err := schemacache.Fetch(context.Background(), c, t.TempDir(), srv.URL, time.Now())
	if err == nil || !strings.Contains(err.Error(), "introspection disabled") {
		t.Fatalf("err = %v", err)
	}
}
