package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
)

// Account is the login the explorer's screens show and change: the tenant picker lists
// the tenants and switches, the login screen logs in, the API tokens screen needs a
// login. NewAccount makes the one the program uses; tests may fake it.
type Account interface {
	// LoggedIn reports whether there is a login (Prefect Cloud may start without one).
	LoggedIn() bool
	// UserClient acts as the user without a tenant, to list the tenants one may
	// switch to; an error when there is no login.
	UserClient() (graphql.Client, error)
	// Switch logs in to tenant t, for this session, and remembers it in the saved login
	// when that is where the credential came from.
	Switch(ctx context.Context, t Tenant) (Active, error)
	// LogIn checks a credential and makes it the login; keep is KeepKeyring or
	// KeepFile to save it in that store, KeepSession to keep it for this run only.
	LogIn(ctx context.Context, kind Kind, secret, keep string) (Active, error)
	// StoreNote says why the OS keyring is not used for saved logins ("" when it is).
	StoreNote() string
	// Keeps are the places LogIn may keep a credential in, preferred first: the
	// --credential-store choice (KeepFile or KeepKeyring alone), both when it is
	// automatic, and KeepSession last.
	Keeps() []string
	// Tenants lists the tenants the login can act in, by slug, with the user's role in
	// each: every tenant of the user for a credential that can switch (one request),
	// else the login's own tenant (no request).
	Tenants(ctx context.Context) ([]Tenant, error)
	// TenantClient returns a client that acts in tenant t as the login, beside the
	// active tenant, which it does not change (TenantClient). It is kept for the
	// login's lifetime: asking again for the same tenant sends nothing.
	TenantClient(ctx context.Context, t Tenant) (graphql.Client, error)
}

// Where LogIn keeps a credential.
const (
	KeepKeyring = StoreKeyring
	KeepFile    = StoreFile
	KeepSession = "session"
)

// Active is the login after a switch or a log in.
type Active struct {
	// TenantID / TenantSlug / TenantName: the active tenant ("" when none is chosen).
	TenantID, TenantSlug, TenantName string
	// Role is the user's role in the active tenant (READ_ONLY_USER, USER, TENANT_ADMIN)
	// when the switch knew it, else "".
	Role string
	// Identity describes the credential, never the secret: "USER token …a1b2".
	Identity string
	// Client authenticates data requests as the login.
	Client *api.Client
	// NeedsTenant is true when the credential can act in several tenants and none is
	// chosen yet (a USER token): pick one next.
	NeedsTenant bool
	// Note is one line for the user: where the login or the choice of tenant was kept,
	// or why it was not.
	Note string
}

// account is the Account of a run of the program. Its methods may be called from
// several goroutines (the screens' commands).
type account struct {
	base     *api.Client
	endpoint string
	note     string

	mu    sync.Mutex
	login *Login // nil until logged in
	store Store  // nil when no store could be opened
	now   func() time.Time
	// tenants are the clients of TenantClient, for the login they were made with.
	tenants tenantClients
}

// NewAccount returns the Account of the API at endpoint: base is the client without
// credentials to derive logins from; login is the checked credential (nil when there is
// none yet); st is where the saved login lives (nil when no store could be opened) and
// storeNote why it is not the OS keyring (OpenStore's note).
func NewAccount(base *api.Client, endpoint string, login *Login, st Store, storeNote string) Account {
	return &account{base: base, endpoint: endpoint, note: storeNote, login: login, store: st, now: time.Now}
}

func (a *account) LoggedIn() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.login != nil
}

func (a *account) UserClient() (graphql.Client, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.login == nil {
		return nil, errors.New("not logged in")
	}
	return a.login.UserClient(), nil // read under the lock: Switch changes the login
}

func (a *account) StoreNote() string { return a.note }

func (a *account) Keeps() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch a.store.(type) {
	case *FileStore:
		return []string{KeepFile, KeepSession}
	case KeyringStore:
		return []string{KeepKeyring, KeepSession}
	}
	return []string{KeepKeyring, KeepFile, KeepSession}
}

// storeFor is the store LogIn keeps a credential in for keep: the account's own store
// when it is of that kind (the one the rest of the program reads), else a new one; an
// error when the --credential-store choice rules keep out.
func (a *account) storeFor(keep string) (Store, error) {
	a.mu.Lock()
	st := a.store
	a.mu.Unlock()
	switch st.(type) {
	case *FileStore:
		if keep == KeepFile {
			return st, nil
		}
		return nil, fmt.Errorf("the credential store is the file (--credential-store file): cannot keep the login in the %s", keep)
	case KeyringStore:
		if keep == KeepKeyring {
			return st, nil
		}
		return nil, fmt.Errorf("the credential store is the OS keyring (--credential-store keyring): cannot keep the login in a %s", keep)
	}
	st, _, err := OpenStore(keep, "")
	return st, err
}

func (a *account) Switch(ctx context.Context, t Tenant) (Active, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	l := a.login
	if l == nil {
		return Active{}, errors.New("not logged in")
	}
	if err := l.Switch(ctx, t); err != nil {
		return Active{}, err
	}
	res := active(l)
	res.Role = t.Role
	switch {
	case l.Cred.FromSaved && a.store != nil:
		if err := a.store.Save(a.endpoint, l.Saved(a.now())); err != nil {
			res.Note = "switched to " + t.Name + ", but remembering it failed: " + api.Describe(err)
		} else {
			res.Note = "switched to " + t.Name + " (remembered in the " + a.store.Where() + ")"
		}
	default:
		res.Note = fmt.Sprintf("switched to %s for this session (the credential comes from %s, which is not changed)", t.Name, l.Cred.Source)
	}
	return res, nil
}

func (a *account) LogIn(ctx context.Context, kind Kind, secret, keep string) (Active, error) {
	api.RegisterSecret(secret)
	cred := Credential{Kind: kind, Secret: secret, Source: "login screen"}
	l, err := Connect(ctx, a.base, cred, nil)
	if err != nil {
		return Active{}, err
	}
	note := "logged in for this session only"
	if keep != KeepSession {
		st, err := a.storeFor(keep)
		if err != nil {
			return Active{}, err
		}
		if err := st.Save(a.endpoint, l.Saved(a.now())); err != nil {
			return Active{}, fmt.Errorf("keeping the login: %w", err)
		}
		l.Cred.FromSaved = true
		l.Cred.Source = "saved login (" + st.Where() + ")"
		a.mu.Lock()
		a.store = st
		a.mu.Unlock()
		note = "logged in; kept in the " + st.Where()
	}
	a.mu.Lock()
	a.login = l
	a.mu.Unlock()
	res := active(l)
	res.NeedsTenant = l.TenantID == "" && l.CanSwitch()
	res.Note = note
	return res, nil
}

func active(l *Login) Active {
	return Active{TenantID: l.TenantID, TenantSlug: l.TenantSlug, TenantName: l.TenantName,
		Identity: l.Identity(), Client: l.Client()}
}
