package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/engine"
)

func newServer(t *testing.T) *server.Server {
	t.Helper()
	s, err := server.New(server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	_, err = s.DB.Exec(`INSERT INTO tenant (id, created, updated, name, slug, settings) VALUES
		('11111111-1111-1111-1111-111111111111', '2026-01-01T00:00:00.000000+00:00', '2026-01-01T00:00:00.000000+00:00', 'Acme', 'acme', '{}')`)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func post(t *testing.T, h http.Handler, path, body string) (int, string) {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, strings.TrimSpace(rec.Body.String())
}

func TestGraphQLOverHTTP(t *testing.T) {
	h := newServer(t).Handler()
	cases := []struct {
		name, path, body string
		code             int
		want             string
	}{
		{"query", "/graphql", `{"query":"{ tenant { slug } }"}`, 200, `{"data":{"tenant":[{"slug":"acme"}]}}`},
		{"root path", "/", `{"query":"{ tenant { slug } }"}`, 200, `{"data":{"tenant":[{"slug":"acme"}]}}`},
		{"object variables", "/graphql", `{"query":"query($s: String) { tenant(where: {slug: {_eq: $s}}) { name } }","variables":{"s":"acme"}}`, 200, `{"data":{"tenant":[{"name":"Acme"}]}}`},
		{"string variables", "/graphql", `{"query":"query($s: String) { tenant(where: {slug: {_eq: $s}}) { name } }","variables":"{\"s\": \"nope\"}"}`, 200, `{"data":{"tenant":[]}}`},
		{"null variables", "/graphql", `{"query":"{ tenant { name } }","variables":null,"operationName":null}`, 200, `{"data":{"tenant":[{"name":"Acme"}]}}`},
		{"parse error", "/graphql", `{"query":"{ tenant { "}`, 400, `{"errors":[{"message":"Expected Name, found <EOF>","locations":[{"line":1,"column":12}],"extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]}`},
		{"validation error", "/graphql", `{"query":"{ tenant { nope } }"}`, 400, `GRAPHQL_VALIDATION_FAILED`},
		{"field error", "/graphql", `{"query":"{ tenant_by_pk(id: \"x\") { id } }"}`, 200, `{"data":{"tenant_by_pk":null},"errors":[{"message":"invalid input syntax for type uuid: \"x\"","locations":[{"line":1,"column":3}],"path":["tenant_by_pk"],"extensions":{"code":"data-exception"}}]}`},
		{"not JSON", "/graphql", `query { tenant { id } }`, 400, `BAD_USER_INPUT`},
		{"no query", "/graphql", `{}`, 400, `BAD_USER_INPUT`},
		{"variables not an object", "/graphql", `{"query":"{ hello }","variables":[1]}`, 400, `BAD_USER_INPUT`},
		{"depth limit", "/graphql", `{"query":"query D { flow_run { flow { project { flows { flow_runs { flow { project { flows { id } } } } } } } } }"}`, 400, `{"errors":[{"message":"'D' exceeds maximum operation depth of 7","locations":[{"line":1,"column":84}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}`},
		{"bad variable", "/graphql", `{"query":"query($n: Int) { tenant(limit: $n) { id } }","variables":{"n":"x"}}`, 200, `"code":"BAD_USER_INPUT"`},
		{"operation name", "/graphql", `{"query":"query A { a: tenant { slug } } query B { b: tenant { name } }","operationName":"B"}`, 200, `{"data":{"b":[{"name":"Acme"}]}}`},
		{"mutation", "/graphql", `{"query":"mutation { create_project(input: {tenant_id: \"11111111-1111-1111-1111-111111111111\", name: \"P\"}) { id } }"}`, 200, `{"data":{"create_project":{"id":"`},
		{"cloud op in server mode", "/graphql", `{"query":"{ auth_info { tenant_id } }"}`, 200, `Server mode`},
	}
	for _, c := range cases {
		code, body := post(t, h, c.path, c.body)
		if code != c.code || (body != c.want && !strings.Contains(body, c.want)) {
			t.Errorf("%s: %d %s, want %d %s", c.name, code, body, c.code, c.want)
		}
	}
}

func TestBodyLimitHealthAndGet(t *testing.T) {
	h := newServer(t).Handler()
	big := `{"query":"{ tenant { id } }","variables":{"x":"` + strings.Repeat("a", server.MaxBodyBytes) + `"}}`
	code, body := post(t, h, "/graphql", big)
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(body, `"errors":[{"message":"request entity too large`) {
		t.Errorf("body limit: %d %.200s", code, body)
	}
	// just under the limit is fine
	ok := `{"query":"{ tenant { slug } }","variables":{"x":"` + strings.Repeat("a", server.MaxBodyBytes-100) + `"}}`
	if code, body := post(t, h, "/graphql", ok); code != 200 || body != `{"data":{"tenant":[{"slug":"acme"}]}}` {
		t.Errorf("near the limit: %d %.200s", code, body)
	}
	for _, c := range []struct{ path, want string }{
		{"/health", `{"status":"ok","version":"dev"}`},
		{"/graphql", "POST GraphQL requests"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", c.path, nil))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), c.want) {
			t.Errorf("GET %s: %d %s", c.path, rec.Code, rec.Body.String())
		}
	}
}

func TestAuthenticateHook(t *testing.T) {
	s := newServer(t)
	s.Authenticate = func(r *http.Request) (engine.Principal, error) {
		switch r.Header.Get("Authorization") {
		case "Bearer good":
			return engine.Principal{TenantID: "22222222-2222-2222-2222-222222222222"}, nil
		case "Bearer coded":
			return engine.Principal{}, &engine.Error{Message: "token expired", Code: "UNAUTHENTICATED"}
		}
		return engine.Principal{}, errors.New("bad credentials")
	}
	h := s.Handler()
	do := func(auth string) (int, string) {
		req := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query":"{ tenant { slug } }"}`))
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, strings.TrimSpace(rec.Body.String())
	}
	if code, body := do("Bearer good"); code != 200 || body != `{"data":{"tenant":[]}}` {
		t.Errorf("scoped principal: %d %s", code, body)
	}
	if code, body := do("Bearer coded"); code != 200 || body != `{"errors":[{"message":"token expired","extensions":{"code":"UNAUTHENTICATED"}}]}` {
		t.Errorf("auth error: %d %s", code, body)
	}
	if code, body := do("Bearer bad"); code != 200 || body != `{"errors":[{"message":"bad credentials","extensions":{"code":"UNAUTHENTICATED"}}]}` {
		t.Errorf("auth error: %d %s", code, body)
	}
}

func TestStartStop(t *testing.T) {
	s := newServer(t)
	url, stop, err := s.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("url %s", url)
	}
	resp, err := http.Post(url+"/graphql", "application/json", strings.NewReader(`{"query":"{ tenant_aggregate { aggregate { count } } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var out map[string]any
	if json.Unmarshal(b, &out) != nil || !strings.Contains(string(b), `"count":1`) {
		t.Errorf("live answer: %s", b)
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	if _, err := http.Get(url + "/health"); err == nil {
		t.Error("server still answering after stop")
	}
}

// An answer goes out with its length, in one piece (not chunked), whatever its size.
func TestAnswerHasItsLength(t *testing.T) {
	s := newServer(t)
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	// About 40 kB of data, and a field error beside data.
	long := strings.Repeat(`tenant { id name slug created updated } `, 100)
	for _, q := range []string{`{ ` + strings.ReplaceAll(long, "tenant {", "t: tenant {") + `}`, `{ tenant { slug } tenant_by_pk(id: \"x\") { id } }`} {
		body := `{"query":"` + aliasEach(q) + `"}`
		resp, err := http.Post(hs.URL+"/graphql", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.ContentLength != int64(len(got)) || len(resp.TransferEncoding) > 0 {
			t.Fatalf("Content-Length %d, transfer encoding %v, body %d bytes", resp.ContentLength, resp.TransferEncoding, len(got))
		}
		var v map[string]any
		if err := json.Unmarshal(got, &v); err != nil || v["data"] == nil {
			t.Fatalf("answer %.200s: %v", got, err)
		}
	}
}

// aliasEach numbers the aliases "t:" of q (t0, t1, ...), so that each field is its own.
func aliasEach(q string) string {
	parts := strings.Split(q, "t: ")
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString("t" + strconv.Itoa(i) + ": ")
		}
		b.WriteString(p)
	}
	return b.String()
}
