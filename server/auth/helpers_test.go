package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
)

type cloud struct {
	t     *testing.T
	srv   *server.Server
	url   string
	clock *servertest.Clock // what the server's tokens and expiry read
}

// Tenant ids of the Cloud demo.
var (
	prodID    = server.CloudDemoTenants[0].ID
	stagingID = server.CloudDemoTenants[1].ID
	sandboxID = server.CloudDemoTenants[2].ID
)

// newCloud starts the embedded server in Cloud mode with the three demo tenants
// (few runs each, to stay fast) and the access-token lifetime ttl.
func newCloud(t *testing.T, ttl time.Duration) *cloud { return newCloudScale(t, ttl, 40) }

// newCloudScale is newCloud with runs flow runs per tenant.
func newCloudScale(t *testing.T, ttl time.Duration, runs int) *cloud {
	t.Helper()
	c := servertest.NewClock(time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC))
	// The tenants are seeded once per runs and copied into each server's store.
	s, url := servertest.Start(t, servertest.Options{
		Demo:   seed.DemoOptions{Runs: runs},
		Server: server.Options{Cloud: true, AccessTokenTTL: ttl, Now: c.Now},
	})
	return &cloud{t: t, srv: s, url: url + "/graphql", clock: c}
}

func newHTTP(t *testing.T, s *server.Server) string {
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return hs.URL
}

// gqlResult is a decoded answer.
type gqlResult struct {
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	raw string
}

func (r gqlResult) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func (r gqlResult) msg() string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Message
}

// cred is how a request authenticates.
type cred struct {
	name   string
	bearer string
	tenant string // X-PREFECT-TENANT-ID
	header string // a raw Authorization header, when set
	asUser bool   // the credential acts for its user (access token, API key)
}

func (c *cloud) do(cr cred, query string, vars map[string]any) gqlResult {
	c.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, c.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	switch {
	case cr.header != "":
		req.Header.Set("Authorization", cr.header)
	case cr.bearer != "":
		req.Header.Set("Authorization", "Bearer "+cr.bearer)
	}
	if cr.tenant != "" {
		req.Header.Set("X-PREFECT-TENANT-ID", cr.tenant)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	var r gqlResult
	if err := json.Unmarshal(buf.Bytes(), &r); err != nil {
		c.t.Fatalf("%s: not JSON (%d): %s", cr.name, resp.StatusCode, buf.String())
	}
	r.raw = buf.String()
	return r
}

// ok runs a request that must succeed and returns its data.
func (c *cloud) ok(cr cred, query string, vars map[string]any) map[string]any {
	c.t.Helper()
	r := c.do(cr, query, vars)
	if len(r.Errors) > 0 {
		c.t.Fatalf("%s: %s: %s (%s)", cr.name, firstLine(query), r.msg(), r.code())
	}
	return r.Data
}

// fails runs a request that must fail with code.
func (c *cloud) fails(cr cred, code, query string, vars map[string]any) gqlResult {
	c.t.Helper()
	r := c.do(cr, query, vars)
	if len(r.Errors) == 0 {
		c.t.Fatalf("%s: %s: succeeded, want %s: %s", cr.name, firstLine(query), code, r.raw)
	}
	if code != "" && r.code() != code {
		c.t.Fatalf("%s: %s: code %s (%s), want %s", cr.name, firstLine(query), r.code(), r.msg(), code)
	}
	return r
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func get(m any, path ...string) any {
	for _, p := range path {
		mm, ok := m.(map[string]any)
		if !ok {
			return nil
		}
		m = mm[p]
	}
	return m
}

func getStr(m any, path ...string) string {
	s, _ := get(m, path...).(string)
	return s
}

const switchQ = `mutation($t: UUID!) { switch_tenant(input: {tenant_id: $t}) { access_token expires_at refresh_token } }`

// login switches the demo USER token into tenant and returns the access and refresh tokens.
func (c *cloud) login(user cred, tenant string) (access, refresh string) {
	c.t.Helper()
	d := c.ok(user, switchQ, map[string]any{"t": tenant})
	return getStr(d, "switch_tenant", "access_token"), getStr(d, "switch_tenant", "refresh_token")
}

func (c *cloud) user() cred { return cred{name: "USER token", bearer: c.srv.DemoUserToken()} }

const createTokenQ = `mutation($n: String!, $s: api_token_scope) { create_api_token(input: {name: $n, scope: $s}) { id token } }`

func (c *cloud) createToken(by cred, name, scope string) (id, secret string) {
	c.t.Helper()
	d := c.ok(by, createTokenQ, map[string]any{"n": name, "s": scope})
	return getStr(d, "create_api_token", "id"), getStr(d, "create_api_token", "token")
}
