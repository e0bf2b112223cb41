package tenantpicker_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/ui/tenantpicker"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// refusingClient stands in for Prefect Cloud refusing the picker's counts request to a
// USER token. Every other operation goes to next, or is answered from canned JSON.
type refusingClient struct {
	next    graphql.Client
	canned  map[string]string // operation → data JSON (when next is nil)
	refusal func(resp *graphql.Response) error

	mu  sync.Mutex
	ops []string
}

func (c *refusingClient) MakeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	c.mu.Lock()
	c.ops = append(c.ops, req.OpName)
	c.mu.Unlock()
	if req.OpName == "TenantPicker" {
		return c.refusal(resp)
	}
	if c.next != nil {
		return c.next.MakeRequest(ctx, req, resp)
	}
	data, ok := c.canned[req.OpName]
	if !ok {
		return gqlerror.List{{Message: "field not allowed", Extensions: map[string]any{"code": "validation-failed"}}}
	}
	return json.Unmarshal([]byte(data), resp.Data)
}

func (c *refusingClient) calls() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.ops, ",")
}

func unauthenticated(*graphql.Response) error {
	return gqlerror.List{{Message: "Unauthenticated", Extensions: map[string]any{"code": "UNAUTHENTICATED"}}}
}

const cannedTenants = `{"tenant":[{"id":"t1","name":"Production","slug":"production"},{"id":"t2","name":"Staging","slug":"staging"}]}`

// TestLoadTenantsFallback: whatever way the server refuses the counts, the picker still
// gets the tenants (and the roles when it may read them), marked as without counts.
func TestLoadTenantsFallback(t *testing.T) {
	since := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	refusals := map[string]func(*graphql.Response) error{
		"unauthenticated": unauthenticated,
		"validation": func(*graphql.Response) error {
			return gqlerror.List{{Message: `field "flows" not found in type: 'tenant'`, Extensions: map[string]any{"code": "validation-failed"}}}
		},
		"forbidden status": func(*graphql.Response) error { return &graphql.HTTPError{StatusCode: 403} },
		"partial data": func(resp *graphql.Response) error {
			_ = json.Unmarshal([]byte(`{"user":[],"tenant":[{"id":"t1","name":"Production","slug":"production","flows":null}]}`), resp.Data)
			return gqlerror.List{{Message: "permission denied for flow_run", Path: ast.Path{ast.PathName("tenant"), ast.PathIndex(0), ast.PathName("flows")}}}
		},
	}
	for name, refusal := range refusals {
		t.Run(name, func(t *testing.T) {
			c := &refusingClient{refusal: refusal, canned: map[string]string{
				"ListTenants": cannedTenants,
				"AuthUser":    `{"user":[{"id":"u1","username":"me","email":"","memberships":[{"id":"m1","role":"TENANT_ADMIN","tenant_id":"t2","tenant":{"id":"t2","name":"Staging","slug":"staging"}}]}]}`,
			}}
			ts, err := tenantpicker.LoadTenants(context.Background(), c, since)
			if err != nil {
				t.Fatal(err)
			}
			if len(ts) != 2 || ts[0].Slug != "production" || !ts[0].NoCounts || !ts[1].NoCounts || ts[1].Role != "TENANT_ADMIN" || ts[0].Role != "" {
				t.Fatalf("fallback rows: %+v", ts)
			}
			if got := c.calls(); got != "TenantPicker,ListTenants,AuthUser" {
				t.Fatalf("requests: %s", got)
			}
		})
	}
	t.Run("roles refused too", func(t *testing.T) {
		c := &refusingClient{refusal: unauthenticated, canned: map[string]string{"ListTenants": cannedTenants}}
		ts, err := tenantpicker.LoadTenants(context.Background(), c, since)
		if err != nil || len(ts) != 2 || ts[0].Role != "" || !ts[1].NoCounts {
			t.Fatalf("rows %+v, err %v", ts, err)
		}
	})
	t.Run("plain list refused", func(t *testing.T) {
		c := &refusingClient{refusal: unauthenticated, canned: map[string]string{}}
		if _, err := tenantpicker.LoadTenants(context.Background(), c, since); err == nil || api.Describe(err) == "" {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("transport failure is not a refusal", func(t *testing.T) {
		c := &refusingClient{refusal: func(*graphql.Response) error { return errors.New("dial tcp: connection refused") },
			canned: map[string]string{"ListTenants": cannedTenants}}
		if _, err := tenantpicker.LoadTenants(context.Background(), c, since); err == nil {
			t.Fatal("a transport failure fell back")
		}
		if got := c.calls(); got != "TenantPicker" {
			t.Fatalf("requests: %s", got)
		}
	})
}

// TestFallbackAgainstServer: the embedded server in Cloud mode, with the counts request
// refused in front of it: the picker lists the demo user's tenants with their roles,
// shows "–" for the counts with a hint, and enter still switches.
func TestFallbackAgainstServer(t *testing.T) {
	s, err := server.New(server.Options{Cloud: true, Seed: "demo", Scale: 10})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	defer func() {
		hs.Close()
		s.Close()
	}()
	base := api.NewClient(api.ClientOptions{Endpoint: hs.URL + "/graphql", Credentials: api.BearerToken(s.DemoUserToken())})
	c := &refusingClient{next: base, refusal: unauthenticated}
	ts, err := tenantpicker.LoadTenants(context.Background(), c, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 3 {
		t.Fatalf("%d tenants", len(ts))
	}
	for _, tn := range ts {
		if !tn.NoCounts || tn.Role == "" || tn.Slug == "" {
			t.Errorf("row %+v", tn)
		}
	}
	src := &fakeSource{tenants: ts}
	p := newPicker(t, src, "", 100, 24)
	v := uitest.Strip(p.View())
	if !strings.Contains(v, "run counts need a tenant login") || !strings.Contains(v, "–") || strings.Contains(v, "Couldn't load") {
		t.Fatalf("view without counts:\n%s", v)
	}
	p, out := uitest.Send(p, keys("enter")...)
	_, _ = uitest.Send(p, out...)
	if len(src.switchTo) != 1 || src.switchTo[0] != ts[0].Slug {
		t.Fatalf("switched to %v", src.switchTo)
	}
}

// TestViewWithoutCounts: the fallback's rows show "–" for the counts, with the hint.
func TestViewWithoutCounts(t *testing.T) {
	ts := demoTenants()
	for i := range ts {
		ts[i].NoCounts = true
	}
	s := newPicker(t, &fakeSource{tenants: ts}, "t1", 80, 24)
	uitest.Golden(t, s.View())
}
