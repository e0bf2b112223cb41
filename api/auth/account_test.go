package auth_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/server"
)

// TestAccountWithoutLogin: Cloud without a credential: nothing to list or switch.
func TestAccountWithoutLogin(t *testing.T) {
	c := startCloud(t, time.Minute)
	a := auth.NewAccount(c.base, c.base.Endpoint(), nil, nil, "no keyring here")
	if a.LoggedIn() || a.StoreNote() != "no keyring here" {
		t.Fatalf("logged in %v, note %q", a.LoggedIn(), a.StoreNote())
	}
	if _, err := a.UserClient(); err == nil {
		t.Fatal("a user client without a login")
	}
	if _, err := a.Switch(context.Background(), auth.Tenant{ID: server.CloudDemoTenants[0].ID}); err == nil {
		t.Fatal("switched without a login")
	}
}

// TestAccountLogInForTheSessionThenSwitch: the login screen's path with "this session
// only": a USER token needs a tenant; switching is not remembered anywhere.
func TestAccountLogInForTheSessionThenSwitch(t *testing.T) {
	c := startCloud(t, time.Minute)
	ctx := context.Background()
	a := auth.NewAccount(c.base, c.base.Endpoint(), nil, nil, "")
	if _, err := a.LogIn(ctx, auth.KindToken, "pct_notarealtokenatallXYZW", auth.KeepSession); err == nil || a.LoggedIn() {
		t.Fatalf("a bad token logged in: %v", err)
	}
	tok := c.srv.DemoUserToken()
	got, err := a.LogIn(ctx, auth.KindToken, tok, auth.KeepSession)
	if err != nil {
		t.Fatal(err)
	}
	if !got.NeedsTenant || got.TenantID != "" || got.Note != "logged in for this session only" ||
		got.Identity != "USER token "+api.Fingerprint(tok) || !a.LoggedIn() {
		t.Fatalf("log in: %+v", got)
	}
	uc, err := a.UserClient()
	if err != nil {
		t.Fatal(err)
	}
	if ts, err := api.ListTenants(ctx, uc); err != nil || len(ts.Tenant) != 3 {
		t.Fatalf("tenants: %v %v", ts, err)
	}
	prod := server.CloudDemoTenants[0]
	sw, err := a.Switch(ctx, auth.Tenant{ID: prod.ID, Slug: prod.Slug, Name: prod.Name})
	if err != nil {
		t.Fatal(err)
	}
	if sw.TenantID != prod.ID || sw.NeedsTenant ||
		sw.Note != "switched to "+prod.Name+" for this session (the credential comes from login screen, which is not changed)" {
		t.Fatalf("switch: %+v", sw)
	}
	runs, err := runTenants(t, sw.Client)
	if err != nil || len(runs) != 1 || runs[prod.ID] == 0 {
		t.Fatalf("runs of the switched client: %v %v", runs, err)
	}
}

// TestAccountLogInKeptInAFileRemembersTheSwitch: kept in the 0600 file, the login and
// then the chosen tenant are saved for the API.
func TestAccountLogInKeptInAFileRemembersTheSwitch(t *testing.T) {
	c := startCloud(t, time.Minute)
	ctx := context.Background()
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg) // os.UserConfigDir: never the real one
	file := filepath.Join(cfg, "prefect-tui", "credentials.json")
	a := auth.NewAccount(c.base, c.base.Endpoint(), nil, nil, "")
	got, err := a.LogIn(ctx, auth.KindToken, c.srv.DemoUserToken(), auth.KeepFile)
	if err != nil {
		t.Fatal(err)
	}
	if got.Note != "logged in; kept in the file "+file {
		t.Fatalf("note %q", got.Note)
	}
	st := &auth.FileStore{Path: file}
	staging := server.CloudDemoTenants[1]
	sw, err := a.Switch(ctx, auth.Tenant{ID: staging.ID, Slug: staging.Slug, Name: staging.Name})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sw.Note, "remembered in the file "+file) {
		t.Fatalf("switch note %q", sw.Note)
	}
	saved, ok, err := st.Load(c.base.Endpoint())
	if err != nil || !ok || saved.TenantID != staging.ID || saved.Kind != auth.KindToken {
		t.Fatalf("saved %v %v %v", saved, ok, err)
	}
}
