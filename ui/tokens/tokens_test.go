package tokens_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/tokens"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

var now = time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)

// cloudClient starts the embedded server in Cloud mode and returns a client logged in
// to production as the demo user (its admin).
func cloudClient(t *testing.T) *api.Client {
	t.Helper()
	s, err := server.New(server.Options{Cloud: true, Seed: "demo", Scale: 5, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		hs.Close()
		s.Close()
	})
	base := api.NewClient(api.ClientOptions{Endpoint: hs.URL + "/graphql"})
	resp, err := api.SwitchTenant(context.Background(), base.WithCredentials(api.BearerToken(s.DemoUserToken())), server.CloudDemoTenants[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return base.WithCredentials(api.BearerToken(resp.Switch_tenant.Access_token))
}

// settle feeds messages and everything they produce back, but for the root's messages.
func settle(s screen.Screen, msgs ...tea.Msg) (screen.Screen, []tea.Msg) {
	return uitest.Settle(s, func(m tea.Msg) bool {
		switch m.(type) {
		case screen.StatusMsg, screen.CopyMsg:
			return false
		}
		return true
	}, 10, msgs...)
}

func keys(ks ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range ks {
		out = append(out, uitest.Press(k))
	}
	return out
}

func TestCreateCopyRevokeAgainstCloudServer(t *testing.T) {
	c := cloudClient(t)
	m := tokens.New(screen.Deps{Ctx: t.Context(), Client: c, Styles: theme.NewStyles(true, true),
		Session: screen.Session{TenantSlug: "production"}, Now: func() time.Time { return now }})
	m.SetSize(100, 30)
	var s screen.Screen = m
	s, _ = settle(s, uitest.RunCmd(m.Init())...)
	if v := uitest.Strip(s.View()); !strings.Contains(v, "demo login") {
		t.Fatalf("token list:\n%s", v)
	}
	// n, type a name, tab to RUNNER, enter.
	msgs := append(keys("n"), uitest.Type("deploy-agent")...)
	msgs = append(msgs, keys("tab", "enter")...)
	s, out := settle(s, msgs...)
	st, ok := uitest.Find[screen.StatusMsg](out)
	if !ok || !strings.Contains(st.Text, "created RUNNER token deploy-agent") {
		t.Fatalf("status: %#v", out)
	}
	v := uitest.Strip(s.View())
	if !strings.Contains(v, "deploy-agent") || !strings.Contains(v, "RUNNER") || !strings.Contains(v, "press c to copy") {
		t.Fatalf("after create:\n%s", v)
	}
	// c copies the secret once; it is never drawn.
	s, out = settle(s, keys("c")...)
	cp, ok := uitest.Find[screen.CopyMsg](out)
	if !ok || !strings.HasPrefix(cp.Text, "pct_") {
		t.Fatalf("copy: %#v", out)
	}
	if strings.Contains(uitest.Strip(s.View()), cp.Text) || strings.Contains(v, cp.Text) {
		t.Fatal("the token secret is on screen")
	}
	if s.(*tokens.Model).ShortHelp()[4].Enabled() {
		t.Fatal("copy still offered after copying")
	}
	// The new token works, then d + y revokes it.
	info, err := api.AuthInfo(context.Background(), api.NewClient(api.ClientOptions{Endpoint: c.Endpoint(), Credentials: api.BearerToken(cp.Text)}))
	if err != nil || info.Auth_info.Api_token_scope != "RUNNER" {
		t.Fatalf("new token: %v %v", info, err)
	}
	m = s.(*tokens.Model)
	for i := 0; i < 5; i++ {
		if sel, _ := m.Selected(); sel.Name == "deploy-agent" {
			break
		}
		s, _ = settle(s, keys("down")...)
	}
	s, out = settle(s, keys("d", "y")...)
	if st, ok := uitest.Find[screen.StatusMsg](out); !ok || !strings.Contains(st.Text, "revoked token deploy-agent") {
		t.Fatalf("revoke: %#v", out)
	}
	if strings.Contains(uitest.Strip(s.View()), "deploy-agent") {
		t.Fatal("revoked token still listed")
	}
	_, err = api.AuthInfo(context.Background(), api.NewClient(api.ClientOptions{Endpoint: c.Endpoint(), Credentials: api.BearerToken(cp.Text)}))
	if !api.IsUnauthenticated(err) {
		t.Fatalf("revoked token still works: %v", err)
	}
}

func TestView(t *testing.T) {
	c := cloudClient(t)
	m := tokens.New(screen.Deps{Ctx: t.Context(), Client: c, Styles: theme.NewStyles(true, true),
		Session: screen.Session{TenantSlug: "production"}})
	m.SetSize(100, 30)
	var s screen.Screen = m
	s, _ = settle(s, uitest.RunCmd(m.Init())...)
	s, _ = settle(s, append(keys("n"), uitest.Type("ci")...)...)
	uitest.Golden(t, s.View())
}
