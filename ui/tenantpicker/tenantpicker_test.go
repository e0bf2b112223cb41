package tenantpicker_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/tenantpicker"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

var now = time.Date(2026, 5, 4, 15, 30, 0, 0, time.UTC)

type fakeSource struct {
	mu       sync.Mutex
	tenants  []tenantpicker.Tenant
	err      error
	switchTo []string
	since    time.Time
}

func (f *fakeSource) Tenants(_ context.Context, since time.Time) ([]tenantpicker.Tenant, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.since = since
	return f.tenants, f.err
}

func (f *fakeSource) Switch(_ context.Context, t tenantpicker.Tenant) (tenantpicker.Switched, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.switchTo = append(f.switchTo, t.Slug)
	if t.Slug == "broken" {
		return tenantpicker.Switched{}, errors.New("switch_tenant refused")
	}
	return tenantpicker.Switched{
		Session: screen.Session{TenantID: t.ID, TenantSlug: t.Slug, TenantName: t.Name},
		Note:    "remembered in the OS keyring",
	}, nil
}

func demoTenants() []tenantpicker.Tenant {
	return []tenantpicker.Tenant{
		{ID: "t1", Name: "Production", Slug: "production", Role: "TENANT_ADMIN", Running: 3, FailedToday: 1},
		{ID: "t3", Name: "Sandbox", Slug: "sandbox", Role: "READ_ONLY_USER"},
		{ID: "t2", Name: "Staging", Slug: "staging", Role: "USER", Running: 1, FailedToday: 12},
	}
}

func newPicker(t *testing.T, src tenantpicker.Source, active string, w, h int) screen.Screen {
	t.Helper()
	deps := screen.Deps{
		Ctx: t.Context(), Styles: theme.NewStyles(true, true), Now: func() time.Time { return now },
		Session: screen.Session{Backend: "cloud", TenantID: active},
	}
	m := tenantpicker.New(deps, src)
	m.SetSize(w, h)
	var s screen.Screen = m
	s, _ = uitest.Send(s, uitest.RunCmd(m.Init())...)
	return s
}

func keys(ks ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range ks {
		out = append(out, uitest.Press(k))
	}
	return out
}

func TestLoadAndSwitch(t *testing.T) {
	src := &fakeSource{tenants: demoTenants()}
	s := newPicker(t, src, "", 80, 24)
	if !src.since.Equal(time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("failed-today counts since %v, want midnight", src.since)
	}
	m := s.(*tenantpicker.Model)
	if sel, _ := m.Selected(); sel.Slug != "production" {
		t.Fatalf("cursor on %q", sel.Slug)
	}
	s, out := uitest.Send(s, keys("down", "down", "enter")...)
	// The switch runs as a command; its result becomes SessionChangedMsg + a status.
	s, out = uitest.Send(s, out...)
	changed, ok := uitest.Find[screen.SessionChangedMsg](out)
	if !ok || changed.Session.TenantSlug != "staging" {
		t.Fatalf("no SessionChangedMsg for staging: %#v", out)
	}
	if st, ok := uitest.Find[screen.StatusMsg](out); !ok || !strings.Contains(st.Text, "keyring") {
		t.Fatalf("no status note: %#v", out)
	}
	if fmt.Sprint(src.switchTo) != "[staging]" {
		t.Fatalf("switched to %v", src.switchTo)
	}
	_ = s
}

func TestFilterAsYouType(t *testing.T) {
	src := &fakeSource{tenants: demoTenants()}
	s := newPicker(t, src, "t1", 80, 24)
	s, _ = uitest.Send(s, keys("/")...)
	if !s.CapturesInput() {
		t.Fatal("filter does not capture input")
	}
	s, _ = uitest.Send(s, uitest.Type("SAND")...)
	m := s.(*tenantpicker.Model)
	if sel, ok := m.Selected(); !ok || sel.Slug != "sandbox" {
		t.Fatalf("filtered selection %v %v", sel, ok)
	}
	if v := uitest.Strip(s.View()); strings.Contains(v, "Staging") || !strings.Contains(v, "Sandbox") {
		t.Fatalf("filtered view:\n%s", v)
	}
	// enter switches to the one match; esc would clear.
	s, out := uitest.Send(s, keys("enter")...)
	_, out = uitest.Send(s, out...)
	if c, ok := uitest.Find[screen.SessionChangedMsg](out); !ok || c.Session.TenantSlug != "sandbox" {
		t.Fatalf("enter in filter: %#v", out)
	}
	s = newPicker(t, src, "t1", 80, 24)
	s, _ = uitest.Send(s, append(keys("/"), append(uitest.Type("zzz"), keys("esc")...)...)...)
	if s.CapturesInput() || len(strings.Split(strings.TrimSpace(uitest.Strip(s.View())), "\n")) < 4 {
		t.Fatalf("esc did not clear the filter:\n%s", uitest.Strip(s.View()))
	}
}

func TestStaleAndFailedResults(t *testing.T) {
	src := &fakeSource{err: errors.New("cannot reach http://127.0.0.1:1")}
	s := newPicker(t, src, "", 80, 24)
	if v := uitest.Strip(s.View()); !strings.Contains(v, "Couldn't load tenants") || !strings.Contains(v, "r retry") {
		t.Fatalf("error view:\n%s", v)
	}
	src.err, src.tenants = nil, demoTenants()
	s, out := uitest.Send(s, keys("r")...)
	// A reload supersedes an earlier request: feed the new answer twice, the old never.
	s, _ = uitest.Send(s, out...)
	if m := s.(*tenantpicker.Model); len(uitest.Strip(m.View())) == 0 {
		t.Fatal("empty view")
	}
	if !strings.Contains(uitest.Strip(s.View()), "Production") {
		t.Fatalf("retry did not load:\n%s", uitest.Strip(s.View()))
	}
	// A failing switch keeps the picker and says why.
	src.tenants = append(src.tenants, tenantpicker.Tenant{ID: "tb", Name: "Broken", Slug: "broken"})
	s = newPicker(t, src, "", 80, 24)
	s, out = uitest.Send(s, keys("/", "b", "r", "o", "enter")...)
	s, out = uitest.Send(s, out...)
	if _, ok := uitest.Find[screen.SessionChangedMsg](out); ok {
		t.Fatal("failed switch changed the session")
	}
	if v := uitest.Strip(s.View()); !strings.Contains(v, "Couldn't switch: switch_tenant refused") {
		t.Fatalf("switch error view:\n%s", v)
	}
}

func TestView(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			s := newPicker(t, &fakeSource{tenants: demoTenants()}, "t1", sz[0], sz[1])
			s, _ = uitest.Send(s, keys("down")...)
			uitest.Golden(t, s.View())
		})
	}
	t.Run("filtered", func(t *testing.T) {
		s := newPicker(t, &fakeSource{tenants: demoTenants()}, "", 80, 24)
		s, _ = uitest.Send(s, append(keys("/"), uitest.Type("st")...)...)
		uitest.Golden(t, s.View())
	})
}

func TestHelp(t *testing.T) {
	s := newPicker(t, &fakeSource{tenants: demoTenants()}, "", 80, 24)
	var labels []string
	for _, b := range s.ShortHelp() {
		if b.Enabled() {
			labels = append(labels, b.Help().Desc)
		}
	}
	if got := strings.Join(labels, ","); got != "up,down,switch tenant,filter,reload" {
		t.Fatalf("short help = %s", got)
	}
	if n := len(s.FullHelp()); n != 2 {
		t.Fatalf("full help columns = %d", n)
	}
}
