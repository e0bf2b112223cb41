package ui_test

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/demo"
)

// bandOf is the SGR that draws the tenant's name in the band of the first line of a
// rendered (not stripped) view.
func bandOf(t *testing.T, view, name string) string {
	t.Helper()
	header, _, _ := strings.Cut(view, "\n")
	m := regexp.MustCompile(`((?:\x1b\[[0-9;:]*m)+)` + regexp.QuoteMeta(name) + `\x1b`).FindStringSubmatch(header)
	if m == nil {
		t.Fatalf("no band %q in the header %q", name, header)
	}
	return m[1]
}

// headerBand renders the explorer logged in to a tenant and returns its band's SGR.
func headerBand(t *testing.T, opts ui.Options) string {
	t.Helper()
	h := &harness{app: ui.New(opts)}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	return bandOf(t, h.app.View().Content, opts.Session.TenantName)
}

// TestEachTenantItsOwnBand: the three demo tenants all had the theme's magenta band.
// Each tenant gets a colour of its own, taken from its id (the same in every run: the
// names are pinned), distinct for the demo tenants on a 16- and an 8-colour terminal;
// a switch repaints the band; a context's own colour still wins; without colour the band
// is reverse video and the tenant's name tells them apart.
func TestEachTenantItsOwnBand(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	want := map[string]string{"production": "bright-red", "staging": "yellow", "sandbox": "blue"}
	srv, base := demo.Cloud(t)
	bands, folded := map[string]string{}, map[string]string{}
	for _, dt := range server.CloudDemoTenants {
		if got := theme.TenantBandName(dt.ID); got != want[dt.Slug] {
			t.Errorf("%s: band %s, want %s (a tenant keeps its colour from run to run)", dt.Slug, got, want[dt.Slug])
		}
		acct, client, sess := demo.CloudLogin(t, srv, base, dt.Slug)
		b := headerBand(t, ui.Options{Client: client, Session: sess, Account: acct, Now: fixedClock})
		if !uitest.HasColor(b) {
			t.Errorf("%s: band %q has no colour", dt.Slug, b)
		}
		if prev, dup := bands[b]; dup {
			t.Errorf("%s and %s have the same band %q", prev, dt.Slug, b)
		}
		bands[b] = dt.Slug
		if prev, dup := folded[uitest.Fold8(b)]; dup {
			t.Errorf("on an 8-colour terminal %s and %s have the same band %q", prev, dt.Slug, uitest.Fold8(b))
		}
		folded[uitest.Fold8(b)] = dt.Slug
		if again := headerBand(t, ui.Options{Client: client, Session: sess, Account: acct, Now: fixedClock}); again != b {
			t.Errorf("%s: band %q, then %q", dt.Slug, b, again)
		}
		if fixed := headerBand(t, ui.Options{Client: client, Session: sess, Account: acct, Now: fixedClock, Band: "white"}); fixed == b {
			t.Errorf("%s: the context's band colour was not applied", dt.Slug)
		}
		plain := headerBand(t, ui.Options{Client: client, Session: sess, Account: acct, Now: fixedClock, NoColor: true})
		if uitest.HasColor(plain) || !regexp.MustCompile(`[\[;]7[;m]`).MatchString(plain) {
			t.Errorf("%s without colour: band %q, want reverse video", dt.Slug, plain)
		}
	}

	// A switch from the tenant picker repaints the band.
	acct, client, sess := demo.CloudLogin(t, srv, base, "production")
	app := ui.New(ui.Options{Client: client, Session: sess, Account: acct, Now: fixedClock})
	h := &harness{app: app}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.send(uitest.RunLoad(app.Init())...)
	await(t, h, "etl-orders")
	if b := bandOf(t, app.View().Content, "Production"); bands[b] != "production" {
		t.Fatalf("production's band %q", b)
	}
	h.send(screen.OpenMsg{Route: screen.Route{Kind: screen.RouteTenants}})
	await(t, h, "Staging")
	h.send(uitest.Press("g"))
	for i := 0; i < 5 && !strings.Contains(cursorLine(h.view()), "Staging"); i++ {
		h.send(uitest.Press("down"))
	}
	_, cmd := app.Update(uitest.Press("enter"))
	h.send(uitest.RunLoad(cmd)...)
	if app.Session().TenantName != "Staging" {
		t.Fatalf("not switched to Staging:\n%s", h.view())
	}
	if b := bandOf(t, app.View().Content, "Staging"); bands[b] != "staging" {
		t.Errorf("after the switch to staging the band is %q, staging's is another", b)
	}
}
