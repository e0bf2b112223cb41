package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/api"
	apiauth "github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/api/config"
)

func newAuthCmd(c *cli) *cobra.Command {
	a := &authCmd{c: c}
	cmd := &cobra.Command{
		Use:   "auth",
		Short: "Log in to Prefect Cloud, switch tenant, manage API keys and tokens",
		Long: `Log in to Prefect Cloud (or the embedded server in --cloud mode) and manage the login,
with the names of Prefect's own ` + "`prefect auth`" + ` (login -k, list-tenants, switch-tenants,
create-key, list-keys, revoke-key; the older tenants, switch and tokens still work).

The credential of a run comes from, in this order: --token / --api-key; then
PREFECT__CLOUD__AUTH_TOKEN / PREFECT__CLOUD__API_KEY (PREFECT__CLOUD__TENANT_ID for the
tenant); then ~/.prefect/config.toml (cloud.auth_token, cloud.api_key, cloud.tenant_id);
then the login saved by ` + "`auth login`" + `; then Prefect's own ~/.prefect/auth.toml (read only).

The saved login lives in the OS keyring; where no keyring service exists it is kept in a
file only you can read (mode 0600) under your config directory, and auth login says so.
--credential-store (or $PREFECT_TUI_CREDENTIAL_STORE) chooses: keyring or file.`,
	}
	pf := cmd.PersistentFlags()
	pf.StringVarP(&a.output, "output", "o", outTable, "output format: "+outputFormats)
	cmd.AddCommand(a.loginCmd(), a.statusCmd(), a.tenantsCmd(), a.switchCmd(), a.logoutCmd(),
		a.createKeyCmd(), a.keysCmd(), a.revokeKeyCmd(),
		a.createTokenCmd(), a.tokensCmd(), a.revokeTokenCmd())
	return cmd
}

func (a *authCmd) loginCmd() *cobra.Command {
	var tenant, key string
	cmd := &cobra.Command{
		Use:   "login --key K | --token T [--tenant SLUG]",
		Short: "Check an API key or token and save it as the login for this API",
		Long: `Check an API key (--key/-k, or --api-key) or API token (--token) against the API, log
in to a tenant (--tenant, else a key's default tenant) and save the login for this API
URL. Pass "-" as the value to read the secret from standard input instead of the
command line (which other users may see). With no backend configured, a key or token
means Prefect Cloud (https://api.prefect.io unless --api says otherwise).`,
		Example: `  prefect-tui auth login -k -          # paste the key, then enter
  prefect-tui auth login --token "$USER_TOKEN" --tenant production`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			asJSON, err := a.json()
			if err != nil {
				return err
			}
			if key != "" {
				if a.c.flags.APIKey != "" && a.c.flags.APIKey != key {
					return usagef("give --key or --api-key, not both")
				}
				a.c.flags.APIKey = key
			}
			cred, err := a.flagCredential()
			if err != nil {
				return err
			}
			return a.login(cmd.Context(), cred, tenant, asJSON)
		},
	}
	cmd.Flags().StringVar(&tenant, "tenant", "", "log in to the tenant with this slug")
	cmd.Flags().StringVarP(&key, "key", "k", "", "a Prefect Cloud API key (as Prefect's `prefect auth login -k`)")
	return cmd
}

// flagCredential is the credential `auth login` checks: --token or --api-key (read
// from standard input when "-"), with --tenant-id.
func (a *authCmd) flagCredential() (apiauth.Credential, error) {
	c := a.c
	cred := apiauth.Credential{}
	switch {
	case c.flags.Token != "" && c.flags.APIKey != "":
		return cred, usagef("give --token or --key, not both")
	case c.flags.Token != "":
		cred = apiauth.Credential{Kind: apiauth.KindToken, Secret: c.flags.Token, Source: "flag --token"}
	case c.flags.APIKey != "":
		cred = apiauth.Credential{Kind: apiauth.KindAPIKey, Secret: c.flags.APIKey, Source: "flag --api-key"}
	default:
		return cred, usagef("give --key K or --token T (\"-\" reads it from standard input)")
	}
	if cred.Secret == "-" {
		sec, err := readSecret(c.stdin)
		if err != nil {
			return cred, err
		}
		cred.Secret = sec
	}
	api.RegisterSecret(cred.Secret)
	cred.TenantID = c.flags.TenantID
	return cred, nil
}

// readSecret reads one line from r.
func readSecret(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return "", errors.New("nothing on standard input")
	}
	return line, nil
}

func (a *authCmd) login(ctx context.Context, cred apiauth.Credential, slug string, asJSON bool) error {
	c := a.c
	se, closeLog, err := a.prepare()
	if err != nil {
		return err
	}
	defer closeLog()
	s, st := se.settings, se.store
	acct, err := apiauth.Connect(ctx, se.base, cred, nil)
	if err != nil {
		return fmt.Errorf("%s was refused: %s", cred, api.Describe(err))
	}
	if slug != "" {
		t, err := acct.FindTenant(ctx, slug, "")
		if err != nil {
			return err
		}
		if err := acct.Switch(ctx, t); err != nil {
			return fmt.Errorf("logging in to %s: %s", slug, api.Describe(err))
		}
	}
	if err := st.Save(s.Endpoint, acct.Saved(time.Now())); err != nil {
		return err
	}
	a.warnNote(se)
	if asJSON {
		return a.printJSON(map[string]any{"api": s.Endpoint, "identity": acct.Identity(), "scope": acct.Scope,
			"tenant_id": acct.TenantID, "tenant_slug": acct.TenantSlug, "stored_in": st.Where()})
	}
	fmt.Fprintf(c.stdout, "Logged in to %s with %s.\n", s.Endpoint, acct.Identity())
	switch {
	case acct.TenantSlug != "":
		fmt.Fprintf(c.stdout, "Tenant: %s (%s).\n", acct.TenantName, acct.TenantSlug)
	case acct.CanSwitch():
		fmt.Fprintln(c.stdout, "No tenant chosen yet: `prefect-tui auth list-tenants`, then `auth switch-tenants --slug S`.")
	}
	fmt.Fprintln(c.stdout, savedIn(st.Where()))
	return nil
}

func (a *authCmd) statusCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show the API, the credential in use, where it came from and where it is stored",
		Long: `Show the API, the backend (and why), the credential in use, where it came from and
where the login is saved. The exit status is 1 when there is no credential or the API
refuses it, so scripts can check a login with ` + "`prefect-tui auth status >/dev/null`" + `.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			asJSON, err := a.json()
			if err != nil {
				return err
			}
			se, err := a.open(cmd.Context())
			if se == nil {
				return err
			}
			st := status(cmd.Context(), se, err)
			if asJSON {
				err = a.printJSON(st)
			} else {
				err = printStatus(a.c.stdout, st)
			}
			if err == nil && st["logged_in"] != true {
				// Not logged in, or the credential failed: said above, status 1.
				return errReported
			}
			return err
		},
	}
}

// status describes the API, the login (when open found one; err is open's error) and
// where it is saved, as `auth status -o json` prints it.
func status(ctx context.Context, se *session, err error) map[string]any {
	st := map[string]any{"api": se.settings.Endpoint, "backend": se.settings.Backend.Value,
		"backend_from": se.settings.Backend.Where(), "logged_in": false,
		"backend_inferred": se.settings.Backend.Source == config.SourceInferred}
	if err != nil && !errors.Is(err, apiauth.ErrNoCredential) {
		st["error"] = api.Describe(err)
	}
	if acct := se.acct; acct != nil {
		st["logged_in"] = true
		st["identity"] = acct.Identity()
		st["scope"] = acct.Scope
		st["credential_from"] = acct.Cred.Source
		st["tenant_id"], st["tenant_slug"], st["tenant_name"] = acct.TenantID, acct.TenantSlug, acct.TenantName
		if u, err := api.AuthUser(ctx, acct.UserClient()); err == nil && len(u.User) > 0 {
			st["user"] = u.User[0].Username
		}
		if ut := acct.UserToken(); ut != nil && !ut.ExpiresAt().IsZero() {
			st["access_token_expires"] = ut.ExpiresAt().Format(time.RFC3339)
		}
	}
	if w := apiauth.WhereSaved(se.store, se.settings.Endpoint); w != "" {
		st["saved_login"] = w
	}
	return st
}

// printStatus prints status as a two-column table.
func printStatus(w io.Writer, st map[string]any) error {
	tw := newTable(w)
	row := func(k, key string) {
		if v, ok := st[key]; ok && v != "" && v != nil {
			fmt.Fprintf(tw, "%s\t%v\n", k, v)
		}
	}
	row("API", "api")
	if st["backend_inferred"] == true {
		fmt.Fprintf(tw, "Backend\t%v: %v\n", st["backend"], st["backend_from"])
	} else {
		fmt.Fprintf(tw, "Backend\t%v (from %v)\n", st["backend"], st["backend_from"])
	}
	if st["logged_in"] == true {
		row("User", "user")
		row("Credential", "identity")
		row("Scope", "scope")
		row("From", "credential_from")
		if st["tenant_slug"] != "" {
			fmt.Fprintf(tw, "Tenant\t%v (%v, %v)\n", st["tenant_name"], st["tenant_slug"], st["tenant_id"])
		} else {
			fmt.Fprintf(tw, "Tenant\tnone chosen (auth list-tenants, auth switch-tenants --slug S)\n")
		}
		row("Access token expires", "access_token_expires")
	} else {
		fmt.Fprintf(tw, "Credential\tnone (auth login --key K | --token T)\n")
		row("Error", "error")
	}
	row("Saved login", "saved_login")
	return tw.Flush()
}

func (a *authCmd) tenantsCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "list-tenants", Aliases: []string{"tenants"}, Short: "List the tenants you can use (* marks the active one)"}
	return a.withLogin(cmd, nil, func(ctx context.Context, se *session, _ []string, asJSON bool) error {
		ts, err := se.acct.Tenants(ctx)
		if err != nil {
			return err
		}
		if asJSON {
			out := []map[string]any{}
			for _, t := range ts {
				out = append(out, map[string]any{"id": t.ID, "slug": t.Slug, "name": t.Name, "role": t.Role,
					"active": t.ID == se.acct.TenantID})
			}
			return a.printJSON(out)
		}
		tw := newTable(a.c.stdout)
		fmt.Fprintln(tw, "\tSLUG\tNAME\tROLE\tID")
		for _, t := range ts {
			mark := ""
			if t.ID == se.acct.TenantID {
				mark = "*"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", mark, t.Slug, t.Name, orDash(t.Role), t.ID)
		}
		return tw.Flush()
	})
}

// savedIn says where a login was kept: "Saved in the OS keyring." or "Saved in
// /home/me/.config/prefect-tui/credentials.json (readable by you only)."
func savedIn(where string) string {
	if path, ok := strings.CutPrefix(where, "file "); ok {
		return "Saved in " + path + " (readable by you only)."
	}
	return "Saved in the " + where + "."
}
