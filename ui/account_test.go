package ui_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// fakeAccount is an auth.Account without a server: LogIn records its arguments.
type fakeAccount struct {
	loggedIn   bool
	kind       auth.Kind
	secret     string
	keep, note string
}

func (f *fakeAccount) LoggedIn() bool { return f.loggedIn }

func (f *fakeAccount) UserClient() (graphql.Client, error) { return nil, errors.New("not logged in") }

func (f *fakeAccount) Switch(context.Context, auth.Tenant) (auth.Active, error) {
	return auth.Active{}, errors.New("not logged in")
}

func (f *fakeAccount) LogIn(_ context.Context, kind auth.Kind, secret, keep string) (auth.Active, error) {
	f.kind, f.secret, f.keep, f.loggedIn = kind, secret, keep, true
	return auth.Active{Identity: "USER token …9f3c", NeedsTenant: true, Note: "logged in; kept in the " + keep,
		Client: api.NewClient(api.ClientOptions{Endpoint: "http://127.0.0.1:1/graphql"})}, nil
}

func (f *fakeAccount) StoreNote() string { return f.note }

func (f *fakeAccount) Keeps() []string { return nil }

func (f *fakeAccount) Tenants(context.Context) ([]auth.Tenant, error) {
	return nil, errors.New("not logged in")
}

func (f *fakeAccount) TenantClient(context.Context, auth.Tenant) (graphql.Client, error) {
	return nil, errors.New("not logged in")
}

// TestAccountScreens: with an account, the explorer builds the login screen from it
// (its store note shown), logs in through it keeping the session's API, and refuses
// the tenant picker and tokens screens until there is a login.
func TestAccountScreens(t *testing.T) {
	acct := &fakeAccount{note: "no OS keyring here"}
	cloud := screen.Session{APIURL: "https://api.example.test/graphql", Backend: "cloud", UIURL: "https://cloud.example.test"}
	app := ui.New(ui.Options{Account: acct, Session: cloud, Start: screen.Route{Kind: screen.RouteLogin}})
	app.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	top := app.Top()
	if top == nil || top.Title() != "log in" {
		t.Fatalf("first screen %v", top)
	}
	if v := uitest.Strip(app.View().Content); !strings.Contains(v, "no OS keyring here") {
		t.Errorf("the store note is not shown:\n%s", v)
	}
	for _, kind := range []screen.RouteKind{screen.RouteTenants, screen.RouteTokens} {
		app.Update(screen.OpenMsg{Route: screen.Route{Kind: kind}})
		if v := uitest.Strip(app.View().Content); !strings.Contains(v, "not logged in") || app.Top() != top {
			t.Errorf("route %d without a login:\n%s", kind, v)
		}
	}

	top, _ = uitest.Send(top, uitest.RunCmd(top.Init())...)
	_, out := uitest.Send(top, append(uitest.Type("pct_secret9f3c"), uitest.Press("enter"))...)
	_, out = uitest.Send(top, out...)
	changed, ok := uitest.Find[screen.SessionChangedMsg](out)
	if !ok {
		t.Fatalf("no session change: %v", out)
	}
	if acct.kind != auth.KindToken || acct.secret != "pct_secret9f3c" || acct.keep != auth.KeepFile {
		t.Errorf("LogIn(%q, %q, %q)", acct.kind, acct.secret, acct.keep)
	}
	want := cloud
	want.Identity = "USER token …9f3c"
	if changed.Session != want || changed.Client == nil {
		t.Errorf("session %+v, client %v", changed.Session, changed.Client)
	}
	if o, ok := uitest.Find[screen.OpenMsg](out); !ok || o.Route.Kind != screen.RouteTenants {
		t.Errorf("the tenant picker does not open next: %v", out)
	}
}

// TestNoAccountOnServer: Prefect Server has no account: its screens are not there.
func TestNoAccountOnServer(t *testing.T) {
	app := ui.New(ui.Options{Session: screen.Session{APIURL: "http://127.0.0.1:4200/graphql", Backend: "server"},
		Start: screen.Route{Kind: screen.RouteLogin}})
	app.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if v := uitest.Strip(app.View().Content); !strings.Contains(v, "login: a Prefect Cloud feature") {
		t.Errorf("no error for the login screen on Server:\n%s", v)
	}
}
