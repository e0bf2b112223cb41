package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/auth"
	"github.com/prefect-tui/prefect-tui/server/engine"
)

// Runner runs cases against one database file three ways: through the engine
// in-process, over HTTP to a running server, and as plain SQL.
type Runner struct {
	// Server serves Prefect Server mode; Cloud serves the same file in Cloud mode.
	Server, Cloud *server.Server
	Fixture       *Fixture
	urls          map[As]string
	tokens        map[As]string
	principals    map[As]engine.Principal
	client        *http.Client
	stops         []func() error
	bare          *bareServer
}

// NewRunner starts both servers on the database at path (in Cloud mode the demo user
// becomes a member of its tenant), logs the user in to the tenant, and picks the fixture.
func NewRunner(ctx context.Context, path string) (*Runner, error) {
	r := &Runner{urls: map[As]string{}, tokens: map[As]string{}, principals: map[As]engine.Principal{},
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}, Timeout: 5 * time.Minute}}
	now := func() time.Time { return Now }
	var err error
	if r.Server, err = server.New(server.Options{DB: path, Now: now}); err != nil {
		return nil, err
	}
	if r.Cloud, err = server.New(server.Options{DB: path, Cloud: true, Now: now, AccessTokenTTL: 24 * time.Hour}); err != nil {
		r.Close()
		return nil, err
	}
	if r.Fixture, err = PickFixture(ctx, r.Server.DB.DB); err != nil {
		r.Close()
		return nil, err
	}
	for as, s := range map[As]*server.Server{AsServer: r.Server, AsUser: r.Cloud} {
		url, stop, err := s.Start(ctx, "127.0.0.1:0")
		if err != nil {
			r.Close()
			return nil, err
		}
		r.urls[as] = url + "/graphql"
		r.stops = append(r.stops, stop)
	}
	if r.bare, err = startBare(ctx, func() *Env { return &Env{DB: r.Server.DB.DB, UserID: r.principals[AsUser].UserID} }); err != nil {
		r.Close()
		return nil, err
	}
	r.stops = append(r.stops, r.bare.stop)
	r.urls[AsTenant] = r.urls[AsUser]
	r.urls[AsTenantToken] = r.urls[AsUser]
	r.tokens[AsUser] = r.Cloud.DemoUserToken()
	if err := r.login(ctx); err != nil {
		r.Close()
		return nil, err
	}
	for _, as := range []As{AsUser, AsTenant, AsTenantToken} {
		req, _ := http.NewRequest(http.MethodPost, r.urls[as], nil)
		req.Header.Set("Authorization", "Bearer "+r.tokens[as])
		p, err := r.Cloud.Authenticate(req)
		if err != nil {
			r.Close()
			return nil, fmt.Errorf("authenticate as %d: %w", as, err)
		}
		r.principals[as] = p
	}
	return r, nil
}

// login exchanges the USER token for an access token to the fixture's tenant, and
// creates a TENANT API token there.
func (r *Runner) login(ctx context.Context) error {
	out, err := r.post(ctx, AsUser, `mutation($t: UUID!) { switch_tenant(input: {tenant_id: $t}) { access_token } }`, "", map[string]any{"t": r.Fixture.TenantID})
	if err != nil {
		return fmt.Errorf("switch_tenant: %w", err)
	}
	var res struct {
		Data struct {
			SwitchTenant struct {
				AccessToken string `json:"access_token"`
			} `json:"switch_tenant"`
		} `json:"data"`
	}
	if err := json.Unmarshal(out, &res); err != nil || res.Data.SwitchTenant.AccessToken == "" {
		return fmt.Errorf("switch_tenant answered %s", out)
	}
	r.tokens[AsTenant] = res.Data.SwitchTenant.AccessToken
	out, err = r.post(ctx, AsTenant, `mutation { create_api_token(input: {name: "bench", scope: TENANT}) { token } }`, "", nil)
	if err != nil {
		return fmt.Errorf("create_api_token: %w", err)
	}
	var tok struct {
		Data struct {
			CreateAPIToken struct {
				Token string `json:"token"`
			} `json:"create_api_token"`
		} `json:"data"`
	}
	if err := json.Unmarshal(out, &tok); err != nil || tok.Data.CreateAPIToken.Token == "" {
		return fmt.Errorf("create_api_token answered %s", out)
	}
	r.tokens[AsTenantToken] = tok.Data.CreateAPIToken.Token
	return nil
}

// Close stops and closes both servers, and deletes the tokens this run made (the
// Cloud server's demo login and the bench's TENANT token, and those of earlier runs
// that did not get here): a database kept between runs would otherwise list more
// tokens every run, and ListAPITokens would read a longer list each time.
func (r *Runner) Close() {
	for _, stop := range r.stops {
		stop()
	}
	if r.Cloud != nil {
		_, _ = r.Cloud.DB.Exec(`DELETE FROM cloud_api_token WHERE name IN ('bench', 'demo login')`)
	}
	if r.Server != nil {
		r.Server.Close()
	}
	if r.Cloud != nil {
		r.Cloud.Close()
	}
}

// Prepared is a case ready to run: its body and decoded variables built once.
type Prepared struct {
	*Case
	body []byte
	vars map[string]any
	// rawVars are the variables as sent: the HTTP handler hands them to the engine so.
	rawVars json.RawMessage
	// answer is our last answer over HTTP, which the bare baseline sends back.
	answer []byte
	// bareURL is where the bare handler answers the case's baseline.
	bareURL string
}

// Prepare marshals c's request as the client sends it.
func (r *Runner) Prepare(c *Case) (*Prepared, error) {
	body, err := json.Marshal(map[string]any{"query": c.Query, "operationName": c.OpName, "variables": c.Vars})
	if err != nil {
		return nil, err
	}
	var req struct {
		Variables json.RawMessage `json:"variables"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, err
	}
	var vars map[string]any
	if err := json.Unmarshal(req.Variables, &vars); err != nil {
		return nil, err
	}
	p := &Prepared{Case: c, body: body, vars: vars, rawVars: req.Variables}
	p.bareURL = r.bare.add(p)
	return p, nil
}

func (r *Runner) engineFor(as As) *server.Server {
	if as == AsServer {
		return r.Server
	}
	return r.Cloud
}

// Authenticated returns ctx as the HTTP handler has it once it has authenticated the
// case's request: for a Cloud credential, with the request's one read of the auth
// tables' version done (the engine's lookups of memberships and roles check against
// it). InProcess run under it measures what the handler does after authentication;
// over HTTP authentication is part of the measure.
func (r *Runner) Authenticated(ctx context.Context, p *Prepared) (context.Context, error) {
	if p.As == AsServer {
		return ctx, nil
	}
	ctx = auth.WithRequestVersion(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.urls[p.As], nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+r.tokens[p.As])
	if _, err := r.Cloud.Authenticate(req); err != nil {
		return nil, fmt.Errorf("%s: authenticate: %w", p.Name, err)
	}
	return ctx, nil
}

// InProcess runs the case through the engine, as the HTTP handler does once it has
// read the body and authenticated the request (see Authenticated).
func (r *Runner) InProcess(ctx context.Context, p *Prepared) error {
	s := r.engineFor(p.As)
	req := &engine.Request{DB: s.DB, Principal: r.principals[p.As], Now: func() time.Time { return Now }, Token: r.tokens[p.As]}
	res := s.Engine.Execute(ctx, req, engine.Params{Query: p.Query, OperationName: p.OpName, RawVariables: p.rawVars})
	if len(res.Errors) > 0 {
		return fmt.Errorf("%s: %s (%s)", p.Name, res.Errors[0].Message, res.Errors[0].Code())
	}
	return nil
}

// Answer runs the case through the engine and returns its response; fieldByField
// runs each Hasura root field as its own statement (the one-statement path's
// reference).
func (r *Runner) Answer(ctx context.Context, p *Prepared, fieldByField bool) *engine.Response {
	s := r.engineFor(p.As)
	req := &engine.Request{DB: s.DB, Principal: r.principals[p.As], Now: func() time.Time { return Now }, Token: r.tokens[p.As]}
	params := engine.Params{Query: p.Query, OperationName: p.OpName, Variables: p.vars}
	if fieldByField {
		return s.Engine.ExecuteFieldByField(ctx, req, params)
	}
	return s.Engine.Execute(ctx, req, params)
}

// HTTP posts the case to the running server and reads the whole answer (kept for the
// bare baseline to send).
func (r *Runner) HTTP(ctx context.Context, p *Prepared) error {
	out, err := r.postBody(ctx, p.As, p.body)
	if err != nil {
		return fmt.Errorf("%s: %w", p.Name, err)
	}
	if bytes.Contains(out, []byte(`"errors":`)) {
		return fmt.Errorf("%s: %.300s", p.Name, out)
	}
	p.answer = out
	return nil
}

// SQL runs the case's plain SQL baseline.
func (r *Runner) SQL(ctx context.Context, p *Prepared) error {
	_, err := p.Base(ctx, &Env{DB: r.Server.DB.DB, UserID: r.principals[AsUser].UserID})
	if err != nil {
		return fmt.Errorf("%s baseline: %w", p.Name, err)
	}
	return nil
}

func (r *Runner) post(ctx context.Context, as As, query, op string, vars map[string]any) ([]byte, error) {
	body, err := json.Marshal(map[string]any{"query": query, "operationName": op, "variables": vars})
	if err != nil {
		return nil, err
	}
	return r.postBody(ctx, as, body)
}

func (r *Runner) postBody(ctx context.Context, as As, body []byte) ([]byte, error) {
	return r.send(ctx, as, r.urls[as], body)
}

// send posts body to url with as's credentials and reads the whole answer.
func (r *Runner) send(ctx context.Context, as As, url string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if tok := r.tokens[as]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d: %.300s", resp.StatusCode, out)
	}
	return out, nil
}

// Statements returns the SQL the engine runs for the case (one statement for a
// query's Hasura root fields), compiled as Execute compiles it.
func (r *Runner) Statements(ctx context.Context, p *Prepared) ([]engine.Statement, error) {
	s := r.engineFor(p.As)
	req := &engine.Request{DB: s.DB, Principal: r.principals[p.As], Token: r.tokens[p.As]}
	st, res := s.Engine.Statements(ctx, req, engine.Params{Query: p.Query, OperationName: p.OpName, Variables: p.vars})
	if res != nil {
		return nil, fmt.Errorf("%s: %s", p.Name, res.Errors[0].Message)
	}
	return st, nil
}
