package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	apiauth "github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/api/config"
	"github.com/prefect-tui/prefect-tui/ui"
	loginscreen "github.com/prefect-tui/prefect-tui/ui/login"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/tenantpicker"
	"github.com/prefect-tui/prefect-tui/ui/tokens"
)

// account is the explorer's login, shared by the tenant picker and the login screen
// (which replaces it). Only those screens' commands change it.
type account struct {
	mu    sync.Mutex
	acct  *apiauth.Login
	store apiauth.Store
	base  *api.Client
	set   *config.Settings
}

func (a *account) get() *apiauth.Login {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.acct
}

// authRoutes are the explorer screens that need the login: the tenant picker, the API
// tokens screen and the login screen.
func authRoutes(_ *cli, s *config.Settings, base *api.Client, acct *apiauth.Login, st apiauth.Store, note string) map[screen.RouteKind]ui.RouteFunc {
	a := &account{acct: acct, store: st, base: base, set: s}
	return map[screen.RouteKind]ui.RouteFunc{
		screen.RouteTenants: func(d screen.Deps, _ screen.Route) (screen.Screen, error) {
			if a.get() == nil {
				return nil, errors.New("not logged in: no tenants to choose from")
			}
			return tenantpicker.New(d, pickerSource{a}), nil
		},
		screen.RouteTokens: func(d screen.Deps, _ screen.Route) (screen.Screen, error) {
			if a.get() == nil {
				return nil, errors.New("not logged in: no API tokens to show")
			}
			return tokens.New(d), nil
		},
		screen.RouteLogin: func(d screen.Deps, _ screen.Route) (screen.Screen, error) {
			return loginscreen.New(d, loginSource{a}, note), nil
		},
	}
}

// pickerSource is the tenant picker's view of the account.
type pickerSource struct{ a *account }

// Tenants implements tenantpicker.Source.
func (p pickerSource) Tenants(ctx context.Context, since time.Time) ([]tenantpicker.Tenant, error) {
	p.a.mu.Lock()
	acct := p.a.acct
	var c *api.Client
	if acct != nil {
		c = acct.UserClient() // read under the lock: Switch changes the login
	}
	p.a.mu.Unlock()
	if c == nil {
		return nil, errors.New("not logged in")
	}
	return tenantpicker.LoadTenants(ctx, c, since)
}

// Switch implements tenantpicker.Source: log in to the tenant, and remember it in the
// saved login when that is where the credential came from.
func (p pickerSource) Switch(ctx context.Context, t tenantpicker.Tenant) (tenantpicker.Switched, error) {
	p.a.mu.Lock()
	defer p.a.mu.Unlock()
	acct := p.a.acct
	if acct == nil {
		return tenantpicker.Switched{}, errors.New("not logged in")
	}
	if err := acct.Switch(ctx, apiauth.Tenant{ID: t.ID, Name: t.Name, Slug: t.Slug, Role: t.Role}); err != nil {
		return tenantpicker.Switched{}, err
	}
	res := tenantpicker.Switched{Session: p.a.session(acct), Client: acct.Client()}
	switch {
	case acct.Cred.FromSaved && p.a.store != nil:
		if err := p.a.store.Save(p.a.set.Endpoint, acct.Saved(time.Now())); err != nil {
			res.Note = "switched to " + t.Name + ", but remembering it failed: " + api.Describe(err)
		} else {
			res.Note = "switched to " + t.Name + " (remembered in the " + p.a.store.Where() + ")"
		}
	default:
		res.Note = fmt.Sprintf("switched to %s for this session (the credential comes from %s, which is not changed)", t.Name, acct.Cred.Source)
	}
	return res, nil
}

func (a *account) session(acct *apiauth.Login) screen.Session {
	return screen.Session{
		APIURL: a.set.Endpoint, Backend: a.set.Backend.Value, UIURL: a.set.UI.Value,
		TenantID: acct.TenantID, TenantSlug: acct.TenantSlug, TenantName: acct.TenantName,
		Identity: acct.Identity(),
	}
}

// loginSource is the login screen's view of the account.
type loginSource struct{ a *account }

// Login implements loginscreen.Source: check the credential, keep it where asked, and make
// it the account.
func (l loginSource) Login(ctx context.Context, kind, secret, keep string) (loginscreen.Result, error) {
	api.RegisterSecret(secret)
	cred := apiauth.Credential{Kind: apiauth.Kind(kind), Secret: secret, Source: "login screen"}
	acct, err := apiauth.Connect(ctx, l.a.base, cred, nil)
	if err != nil {
		return loginscreen.Result{}, err
	}
	note := "logged in for this session only"
	if keep != loginscreen.KeepSession {
		st, _, err := apiauth.OpenStore(keep, "")
		if err != nil {
			return loginscreen.Result{}, err
		}
		if err := st.Save(l.a.set.Endpoint, acct.Saved(time.Now())); err != nil {
			return loginscreen.Result{}, fmt.Errorf("keeping the login: %w", err)
		}
		acct.Cred.FromSaved = true
		acct.Cred.Source = "saved login (" + st.Where() + ")"
		l.a.mu.Lock()
		l.a.store = st
		l.a.mu.Unlock()
		note = "logged in; kept in the " + st.Where()
	}
	l.a.mu.Lock()
	l.a.acct = acct
	l.a.mu.Unlock()
	return loginscreen.Result{Session: l.a.session(acct), Client: acct.Client(),
		NeedsTenant: acct.TenantID == "" && acct.CanSwitch(), Note: note}, nil
}
