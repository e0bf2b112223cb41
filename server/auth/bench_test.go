package auth_test

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
)

// BenchmarkCloudListings times the engine (after authentication) on the Cloud tables
// as the explorer and Prefect's client read them: the tokens list of a tenant admin
// (20 tokens with their creator), the logged-in user with memberships and tenants, and
// memberships ordered through a relationship.
func BenchmarkCloudListings(b *testing.B) {
	s, userTok, access, principal := cloudBench(b)
	run := func(p engine.Principal, tok, query string) *engine.Response {
		res := s.Engine.Execute(b.Context(), &engine.Request{Principal: p, Token: tok}, engine.Params{Query: query})
		if len(res.Errors) > 0 {
			b.Fatalf("%s: %s", query, res.Errors[0].Message)
		}
		return res
	}
	user := principal(userTok)
	admin := principal(access)
	for i := 0; i < 20; i++ {
		run(admin, access, `mutation { create_api_token(input: {name: "ci", scope: TENANT}) { id } }`)
	}
	for _, bc := range []struct {
		name  string
		p     engine.Principal
		tok   string
		query string
	}{
		{"api_token", admin, access, `{ api_token(order_by: {created: desc}) { id name scope created expires_at last_used tenant_id user_id created_by { id username } } }`},
		{"user", user, userTok, `{ user { id username email memberships { id role tenant_id tenant { id name slug } } } }`},
		{"membership", user, userTok, `{ membership(order_by: {tenant: {slug: desc}}) { role tenant { slug } } }`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				run(bc.p, bc.tok, bc.query)
			}
		})
	}
}

// BenchmarkAuthenticate times turning each kind of credential into its principal, as
// every request of a Cloud server does (the credential verified before, as a client
// sends the same one again and again).
func BenchmarkAuthenticate(b *testing.B) {
	_, userTok, access, authenticate := cloudBench(b)
	for _, bc := range []struct{ name, tok string }{{"user-token", userTok}, {"access-token", access}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				authenticate(bc.tok)
			}
		})
	}
}

// cloudBench is a Cloud server with the demo (five runs), its demo user's USER token,
// an access token of the user to the first demo tenant, and a way to authenticate a
// token as a request does.
func cloudBench(b *testing.B) (s *server.Server, userTok, access string, authenticate func(tok string) engine.Principal) {
	s = servertest.New(b, servertest.Options{
		Demo:   seed.DemoOptions{Runs: 5},
		Server: server.Options{Cloud: true, AccessTokenTTL: time.Hour},
	})
	userTok = s.DemoUserToken()
	authenticate = func(tok string) engine.Principal {
		r := httptest.NewRequest("POST", "/graphql", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		p, err := s.Authenticate(r)
		if err != nil {
			b.Fatal(err)
		}
		return p
	}
	res := s.Engine.Execute(b.Context(), &engine.Request{Principal: authenticate(userTok), Token: userTok},
		engine.Params{Query: `mutation { switch_tenant(input: {tenant_id: "` + server.CloudDemoTenants[0].ID + `"}) { access_token } }`})
	if len(res.Errors) > 0 {
		b.Fatal(res.Errors[0].Message)
	}
	access = string(res.Data)
	access = access[len(`{"switch_tenant":{"access_token":"`) : len(access)-len(`"}}`)]
	return s, userTok, access, authenticate
}
