package cli

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/prefect-tui/prefect-tui/api"
	apiauth "github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/api/config"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// credentialStoreEnv chooses the credential store when --credential-store is not given.
const credentialStoreEnv = "PREFECT_TUI_CREDENTIAL_STORE"

// openStore opens the saved-login store: the global --credential-store flag, else
// $PREFECT_TUI_CREDENTIAL_STORE, else the keyring with the 0600 file as fallback. note
// is non-empty when the fallback is used (tell the user).
func (c *cli) openStore() (apiauth.Store, string, error) {
	choice := c.flags.CredentialStore
	if choice == "" {
		choice = c.getenv(credentialStoreEnv)
	}
	if c.storeOpener != nil {
		return c.storeOpener(choice)
	}
	return apiauth.OpenStore(choice, "")
}

// resolveLogin finds the credential for the resolved settings. base is a client for s
// without credentials (for switch_tenant, tenant lookups); l is the debug log.
//
// On Prefect Cloud it reads the whole credential chain (flags, env, config.toml, saved
// login, Prefect's auth.toml): a USER token logs in to its saved tenant (or the
// explorer opens the tenant picker), keys get their tenant header, and the login
// becomes the explorer's account (tenant picker, API tokens and login screens).
//
// Prefect Server has no auth (and no auth_info to check a credential with): with any
// backend but cloud, credentials given by flag, environment or config are sent as
// they are (staticLogin) and no saved login is read.
func (c *cli) resolveLogin(ctx context.Context, s *config.Settings, base *api.Client, l *log.Logger) (login, error) {
	if s.Backend.Value != "cloud" {
		return staticLogin(s), nil
	}
	st, note, err := c.openStore()
	if err != nil {
		l.Printf("auth: credential store: %s", api.Describe(err))
		st = nil
	} else if note != "" {
		l.Printf("auth: %s", note)
	}
	cred, err := apiauth.Resolve(s, s.Endpoint, st)
	if errors.Is(err, apiauth.ErrNoCredential) {
		// Cloud needs a credential: the explorer starts on the login screen.
		return login{Account: apiauth.NewAccount(base, s.Endpoint, nil, st, note), Start: &screen.Route{Kind: screen.RouteLogin}}, nil
	}
	if err != nil {
		return login{}, err
	}
	acct, err := apiauth.Connect(ctx, base, cred, nil)
	if err != nil && noAnswer(err) {
		return login{}, noAPIError(s.Endpoint, err)
	}
	if err != nil {
		return login{}, fmt.Errorf("%s was refused: %s — log in again with `prefect-tui auth login`", cred, api.Describe(err))
	}
	if err := c.contextTenant(ctx, acct); err != nil {
		return login{}, err
	}
	l.Printf("auth: %s, scope %s, tenant %q", cred, acct.Scope, acct.TenantSlug)
	lg := loginFrom(acct)
	lg.Account = apiauth.NewAccount(base, s.Endpoint, acct, st, note)
	if acct.TenantID == "" && acct.CanSwitch() {
		lg.Start = &screen.Route{Kind: screen.RouteTenants}
	}
	return lg, nil
}

// loginFrom describes a checked login for the connection.
func loginFrom(a *apiauth.Login) login {
	return login{
		Credentials: a.Credentials(),
		TenantID:    a.TenantID,
		TenantSlug:  a.TenantSlug,
		TenantName:  a.TenantName,
		Identity:    a.Identity(),
		Source:      a.Cred.Source,
	}
}
