// Package demo gives the screens' tests the embedded server seeded with the demo
// tenant (one per test binary, through server/servertest) and screen deps on it at the
// demo's fixed clock. It is apart from uitest so that tests without a server do not
// link one.
package demo

import (
	"context"
	"io"
	"log"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// Now is the clock of the seeded data and of the screens (goldens are stable).
var Now = servertest.Now

// Options is what Server seeds the demo tenant with.
var Options = seed.DemoOptions{Now: Now, Runs: 400, Seed: 1}

// Server returns the embedded server shared by the test binary, seeded with Options,
// and a client on it that logs nothing. Tests that change data must undo it.
func Server(t testing.TB) (*server.Server, graphql.Client) {
	t.Helper()
	srv, url := servertest.Shared(t, Options)
	return srv, api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Log: log.New(io.Discard, "", 0)})
}

// Deps returns screen deps on c with dark styles and the clock fixed at Now.
func Deps(c graphql.Client) screen.Deps {
	return screen.Deps{
		Ctx:    context.Background(),
		Client: c,
		Styles: theme.NewStyles(true, false),
		Now:    func() time.Time { return Now },
	}
}

// CloudRuns is how many flow runs each tenant of the Cloud demo holds in tests.
const CloudRuns = 120

// Cloud starts an embedded server in Cloud mode with its own copy of the Cloud demo
// (server.CloudDemoTenants, the demo users, the demo user's USER token) at Now, and
// returns it with a client on it that has no credentials and logs nothing.
func Cloud(t testing.TB) (*server.Server, *api.Client) {
	t.Helper()
	srv, url := servertest.Start(t, servertest.Options{
		Demo:   seed.DemoOptions{Runs: CloudRuns},
		Server: server.Options{Cloud: true},
	})
	return srv, api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Log: log.New(io.Discard, "", 0)})
}

// CloudLogin logs the demo user in with their USER token as the program does at start,
// in the tenant with this slug ("" for none), and returns the account, the client of
// the active tenant and the session.
func CloudLogin(t testing.TB, srv *server.Server, base *api.Client, slug string) (auth.Account, *api.Client, screen.Session) {
	t.Helper()
	cred := auth.Credential{Kind: auth.KindToken, Secret: srv.DemoUserToken(), Source: "test"}
	for _, tn := range server.CloudDemoTenants {
		if tn.Slug == slug {
			cred.TenantID = tn.ID
		}
	}
	l, err := auth.Connect(context.Background(), base, cred, func() time.Time { return Now })
	if err != nil {
		t.Fatal(err)
	}
	sess := screen.Session{APIURL: base.Endpoint(), Backend: "cloud", UIURL: "https://cloud.example.test",
		TenantID: l.TenantID, TenantSlug: l.TenantSlug, TenantName: l.TenantName, Identity: l.Identity()}
	return auth.NewAccount(base, base.Endpoint(), l, nil, ""), l.Client(), sess
}
