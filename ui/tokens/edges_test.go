package tokens_test

import (
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/tokens"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func newScreen(t *testing.T, session screen.Session) (*tokens.Model, *api.Client) {
	t.Helper()
	c := cloudClient(t)
	m := tokens.New(screen.Deps{Ctx: t.Context(), Client: c, Styles: theme.NewStyles(true, true), Session: session})
	m.SetSize(80, 24)
	return m, c
}

// TestNameFieldShowsItsWholePlaceholder: `n` shows "name: e.g. ci-deploys", not
// "name: e" (a text input without a width cuts its placeholder to one character).
func TestNameFieldShowsItsWholePlaceholder(t *testing.T) {
	m, _ := newScreen(t, screen.Session{TenantSlug: "production"})
	var s screen.Screen = m
	s, _ = settle(s, uitest.RunCmd(m.Init())...)
	s, _ = settle(s, keys("n")...)
	if v := uitest.Strip(s.View()); !strings.Contains(v, "name: e.g. ci-deploys") {
		t.Fatalf("the name field's placeholder is cut:\n%s", v)
	}
}

// TestRevealTheNewSecret: the new token's secret is masked until `v`, shown in full
// on `v`, masked again on a second `v`; copying still works after a reveal.
func TestRevealTheNewSecret(t *testing.T) {
	m, _ := newScreen(t, screen.Session{TenantSlug: "production"})
	var s screen.Screen = m
	s, _ = settle(s, uitest.RunCmd(m.Init())...)
	s, _ = settle(s, append(append(keys("n"), uitest.Type("reveal-me")...), keys("enter")...)...)
	masked := uitest.Strip(s.View())
	if !strings.Contains(masked, "v to reveal") {
		t.Fatalf("no reveal offered:\n%s", masked)
	}
	s, _ = settle(s, keys("v")...)
	shown := uitest.Strip(s.View())
	s, out := settle(s, keys("c")...)
	cp, ok := uitest.Find[screen.CopyMsg](out)
	if !ok || !strings.HasPrefix(cp.Text, "pct_") {
		t.Fatalf("copy after reveal: %#v", out)
	}
	if strings.Contains(masked, cp.Text) {
		t.Fatal("the secret is on screen before v")
	}
	if !strings.Contains(strings.ReplaceAll(shown, "\n", ""), cp.Text) {
		t.Fatalf("v did not reveal the secret:\n%s", shown)
	}
	// Copied: the secret is forgotten, and is not on screen any more.
	if v := uitest.Strip(s.View()); strings.Contains(v, cp.Text) {
		t.Fatalf("the secret stays on screen after the copy:\n%s", v)
	}
}

// TestRevokePreviewsTheMutationAndWarnsForTheTokenInUse: `d` shows the exact mutation
// and its variables, and says when the token is the one this session uses.
func TestRevokePreviewsTheMutationAndWarnsForTheTokenInUse(t *testing.T) {
	m, _ := newScreen(t, screen.Session{TenantSlug: "production", Identity: "USER token …x9z1"})
	var s screen.Screen = m
	s, _ = settle(s, uitest.RunCmd(m.Init())...)
	sel, ok := m.Selected()
	if !ok || sel.Name != "demo login" || sel.Scope != "USER" {
		t.Fatalf("selected %+v", sel)
	}
	s, _ = settle(s, keys("d")...)
	v := flat(s.View())
	for _, want := range []string{"delete_api_token", sel.Id, "the token this session is logged in with"} {
		if !strings.Contains(v, want) {
			t.Fatalf("revoke preview lacks %q:\n%s", want, v)
		}
	}
	// esc cancels: nothing revoked.
	s, _ = settle(s, keys("esc")...)
	if v := uitest.Strip(s.View()); !strings.Contains(v, "demo login") || strings.Contains(v, "delete_api_token") {
		t.Fatalf("after esc:\n%s", v)
	}
	// An API key session uses no token: no warning.
	m2, _ := newScreen(t, screen.Session{TenantSlug: "production", Identity: "API key …x9z1"})
	s = m2
	s, _ = settle(s, uitest.RunCmd(m2.Init())...)
	s, _ = settle(s, keys("d")...)
	if v := uitest.Strip(s.View()); strings.Contains(v, "logged in with") || !strings.Contains(v, "delete_api_token") {
		t.Fatalf("API key session:\n%s", v)
	}
}

// flat is the stripped view as one line of words (the dialog wraps its text).
func flat(view string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(uitest.Strip(view), "║", " ")), " ")
}
