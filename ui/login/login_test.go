package login_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/login"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

const secret = "pct_thisIsASecretTokenValue9f3c"

type fakeSource struct {
	kind, secret, keep string
	err                error
	needsTenant        bool
}

func (f *fakeSource) Login(_ context.Context, kind, secret, keep string) (login.Result, error) {
	f.kind, f.secret, f.keep = kind, secret, keep
	if f.err != nil {
		return login.Result{}, f.err
	}
	return login.Result{Session: screen.Session{Backend: "cloud", Identity: "USER token …9f3c"}, NeedsTenant: f.needsTenant,
		Note: "logged in; kept in the " + keep}, nil
}

func newLogin(t *testing.T, src login.Source, note string) screen.Screen {
	t.Helper()
	m := login.New(screen.Deps{Ctx: t.Context(), Styles: theme.NewStyles(true, true),
		Session: screen.Session{APIURL: "http://127.0.0.1:4200/graphql", Backend: "cloud"}}, src, note)
	m.SetSize(80, 24)
	m.Init()
	return m
}

func keys(ks ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range ks {
		out = append(out, uitest.Press(k))
	}
	return out
}

func TestPasteChooseAndLogIn(t *testing.T) {
	src := &fakeSource{needsTenant: true}
	s := newLogin(t, src, "")
	if !s.CapturesInput() {
		t.Fatal("the secret field must capture keys (q is part of a token)")
	}
	s, _ = uitest.Send(s, uitest.Type(secret)...)
	v := uitest.Strip(s.View())
	if strings.Contains(v, secret) || strings.Contains(v, "thisIsASecret") {
		t.Fatalf("the secret is on screen:\n%s", v)
	}
	if !strings.Contains(v, "ends …9f3c") || !strings.Contains(v, "••••") {
		t.Fatalf("no mask / fingerprint:\n%s", v)
	}
	// kind → API key, keep → file
	s, _ = uitest.Send(s, keys("tab", "right", "tab", "right")...)
	if s.CapturesInput() {
		t.Fatal("choices should not capture input")
	}
	s, out := uitest.Send(s, keys("enter")...)
	s, out = uitest.Send(s, out...)
	if src.kind != login.KindAPIKey || src.keep != login.KeepFile || src.secret != secret {
		t.Fatalf("login got %q %q", src.kind, src.keep)
	}
	if _, ok := uitest.Find[screen.SessionChangedMsg](out); !ok {
		t.Fatalf("no SessionChangedMsg: %#v", out)
	}
	if o, ok := uitest.Find[screen.OpenMsg](out); !ok || o.Route.Kind != screen.RouteTenants {
		t.Fatalf("a USER token without tenant should open the picker: %#v", out)
	}
	_ = s
}

func TestLoginFailureIsShownWithoutTheSecret(t *testing.T) {
	src := &fakeSource{err: errors.New("not authenticated: the token was rejected or has expired")}
	s := newLogin(t, src, "")
	s, out := uitest.Send(s, append(uitest.Type(secret), uitest.Press("enter"))...)
	s, _ = uitest.Send(s, out...)
	v := uitest.Strip(s.View())
	if !strings.Contains(v, "Login failed: not authenticated") || strings.Contains(v, secret) {
		t.Fatalf("failure view:\n%s", v)
	}
}

func TestNoKeyringDefaultsToFile(t *testing.T) {
	src := &fakeSource{}
	s := newLogin(t, src, "no OS keyring service is available; keeping the login in /home/u/.config/prefect-tui/credentials.json (mode 0600)")
	s, out := uitest.Send(s, append(uitest.Type(secret), uitest.Press("enter"))...)
	uitest.Send(s, out...)
	if src.keep != login.KeepFile {
		t.Fatalf("keep = %q", src.keep)
	}
}

func TestView(t *testing.T) {
	for _, tc := range []struct {
		name string
		note string
		msgs []tea.Msg
	}{
		{"empty", "", nil},
		{"typed", "", append(uitest.Type(secret), keys("tab")...)},
		{"no keyring", "no OS keyring service is available; keeping the login in /home/u/.config/prefect-tui/credentials.json (mode 0600)", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newLogin(t, &fakeSource{}, tc.note)
			s, _ = uitest.Send(s, tc.msgs...)
			uitest.Golden(t, s.View())
		})
	}
}

func TestHelpCount(t *testing.T) {
	s := newLogin(t, &fakeSource{}, "")
	if n := len(s.FullHelp()); n != 2 {
		t.Fatal(fmt.Sprint("full help columns ", n))
	}
}
