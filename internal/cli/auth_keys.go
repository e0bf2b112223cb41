package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/api"
)

// createKeyCmd is Prefect's `auth create-key`: an API key for the logged-in user,
// whose default tenant is the active one.
func (a *authCmd) createKeyCmd() *cobra.Command {
	var name, expire string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "create-key --name N [--expire WHEN] [--quiet]",
		Short: "Create an API key for yourself (printed once: keep it somewhere safe)",
		Long: `Create a Prefect Cloud API key for the logged-in user. Its default tenant is the
active tenant, so ` + "`auth login --key`" + ` with it logs in there. The key is shown only
this once, on stdout (--quiet: nothing else is printed).`,
		Example: `  prefect-tui auth create-key -n ci-agent --expire 30d
  prefect-tui auth create-key -n laptop --expire 2027-01-01 -q > key.txt`,
	}
	var expiresAt *time.Time
	cmd.Flags().StringVarP(&name, "name", "n", "", "a name for the key")
	cmd.Flags().StringVarP(&expire, "expire", "e", "", "when the key expires: a date (2027-01-01), a time (RFC 3339) or a lifetime (30d, 12h); default never")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print only the key")
	check := func() error {
		if name == "" {
			return usagef("give the key a --name")
		}
		if expire == "" {
			return nil
		}
		t, err := parseExpiry(expire, time.Now())
		if err != nil {
			return err
		}
		expiresAt = &t
		return nil
	}
	return a.withLogin(cmd, check, func(ctx context.Context, se *session, _ []string, asJSON bool) error {
		acct := se.acct
		if acct.UserID == "" {
			return fmt.Errorf("%s acts for no user: API keys belong to users", acct.Identity())
		}
		var tenant *string
		if acct.TenantID != "" {
			tenant = &acct.TenantID
		}
		resp, err := api.CreateAPIKey(ctx, acct.Client(), acct.UserID, name, expiresAt, tenant)
		if err != nil {
			return err
		}
		p := resp.Create_api_key
		api.RegisterSecret(p.Key)
		switch {
		case asJSON:
			return a.printJSON(map[string]any{"id": p.Id, "name": name, "key": p.Key, "expires_at": expiresAt,
				"default_tenant_id": acct.TenantID})
		case quiet:
			fmt.Fprintln(a.c.stdout, p.Key)
			return nil
		}
		when := "never expires"
		if expiresAt != nil {
			when = "expires " + expiresAt.Local().Format("2006-01-02 15:04 MST")
		}
		fmt.Fprintf(a.c.stderr, "Created API key %q (id %s; %s). It is shown only this once:\n", name, p.Id, when)
		fmt.Fprintln(a.c.stdout, p.Key)
		return nil
	})
}

// parseExpiry reads --expire: an RFC 3339 time, a date (midnight UTC), or a lifetime
// from now in days ("30d") or any Go duration ("12h"). It must be in the future.
func parseExpiry(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	var t time.Time
	if v, err := time.Parse(time.RFC3339, s); err == nil {
		t = v
	} else if v, err := time.Parse("2006-01-02", s); err == nil {
		t = v
	} else if n, err := strconv.Atoi(strings.TrimSuffix(s, "d")); err == nil && strings.HasSuffix(s, "d") {
		t = now.Add(time.Duration(n) * 24 * time.Hour)
	} else if d, err := time.ParseDuration(s); err == nil {
		t = now.Add(d)
	} else {
		return time.Time{}, usagef("--expire %q: give a date (2027-01-01), a time (RFC 3339) or a lifetime (30d, 12h)", s)
	}
	if !t.After(now) {
		return time.Time{}, usagef("--expire %q is in the past", s)
	}
	return t.UTC(), nil
}

// keysCmd is Prefect's `auth list-keys`.
func (a *authCmd) keysCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "list-keys", Aliases: []string{"keys"}, Short: "List your API keys (never the keys themselves)"}
	return a.withLogin(cmd, nil, func(ctx context.Context, se *session, _ []string, asJSON bool) error {
		resp, err := api.ListAPIKeys(ctx, se.acct.Client())
		if err != nil {
			return err
		}
		if asJSON {
			return a.printJSON(resp.Auth_api_key)
		}
		if len(resp.Auth_api_key) == 0 {
			fmt.Fprintln(a.c.stdout, "No API keys (create one with `prefect-tui auth create-key -n NAME`).")
			return nil
		}
		tw := newTable(a.c.stdout)
		fmt.Fprintln(tw, "NAME\tID\tCREATED\tEXPIRES\tBY")
		for _, k := range resp.Auth_api_key {
			expires := day(k.Expires_at)
			if k.Expires_at.IsZero() {
				expires = "never"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", orDash(k.Name), k.Id, day(k.Created), expires, orDash(k.Created_by.Username))
		}
		return tw.Flush()
	})
}

// revokeKeyCmd is Prefect's `auth revoke-key --id ID`.
func (a *authCmd) revokeKeyCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "revoke-key --id ID", Short: "Revoke an API key"}
	id := idFlag(cmd, "the key's id")
	return a.withLogin(cmd, nil, func(ctx context.Context, se *session, args []string, asJSON bool) error {
		keyID, err := id(args)
		if err != nil {
			return err
		}
		if _, err := api.DeleteAPIKey(ctx, se.acct.Client(), keyID); err != nil {
			return err
		}
		if asJSON {
			return a.printJSON(map[string]any{"revoked": keyID})
		}
		fmt.Fprintf(a.c.stdout, "Revoked API key %s.\n", keyID)
		return nil
	})
}

// idFlag adds --id/-i to cmd and makes its arguments the id or nothing; the returned
// function gives the id from the flag or the argument (exactly one of them, checked
// before the command runs).
func idFlag(cmd *cobra.Command, usage string) func(args []string) (string, error) {
	var id string
	cmd.Flags().StringVarP(&id, "id", "i", "", usage)
	get := func(args []string) (string, error) {
		switch {
		case id != "" && len(args) > 0:
			return "", usagef("give the id as an argument or with --id, not both")
		case id != "":
			return id, nil
		case len(args) == 1:
			return args[0], nil
		}
		return "", usagef("give the id: %s ID", cmd.Name())
	}
	cmd.Args = func(_ *cobra.Command, args []string) error {
		if len(args) > 1 {
			return usagef("%s takes one id, not %d arguments", cmd.Name(), len(args))
		}
		_, err := get(args)
		return err
	}
	return get
}
