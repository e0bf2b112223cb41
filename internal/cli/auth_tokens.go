package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/api"
)

func (a *authCmd) switchCmd() *cobra.Command {
	var slug, id string
	cmd := &cobra.Command{
		Use:     "switch-tenants --slug S | --id ID",
		Aliases: []string{"switch"},
		Short:   "Switch the active tenant (and remember it in the saved login)",
	}
	cmd.Flags().StringVarP(&slug, "slug", "s", "", "tenant slug")
	cmd.Flags().StringVarP(&id, "id", "i", "", "tenant id")
	check := func() error {
		if (slug == "") == (id == "") {
			return usagef("give --slug S or --id ID")
		}
		return nil
	}
	return a.withLogin(cmd, check, func(ctx context.Context, se *session, _ []string, asJSON bool) error {
		acct := se.acct
		t, err := acct.FindTenant(ctx, slug, id)
		if err != nil {
			return err
		}
		if err := acct.Switch(ctx, t); err != nil {
			return fmt.Errorf("switching to %s: %s", t.Slug, api.Describe(err))
		}
		remembered := ""
		if acct.Cred.FromSaved {
			if err := se.store.Save(se.settings.Endpoint, acct.Saved(time.Now())); err != nil {
				return err
			}
			remembered = se.store.Where()
		}
		if asJSON {
			return a.printJSON(map[string]any{"tenant_id": t.ID, "tenant_slug": t.Slug, "remembered_in": remembered})
		}
		fmt.Fprintf(a.c.stdout, "Switched to %s (%s).\n", t.Name, t.Slug)
		if remembered == "" {
			fmt.Fprintf(a.c.stdout, "Not remembered: the credential comes from %s; set PREFECT__CLOUD__TENANT_ID=%s (or --tenant-id) to keep using it.\n",
				acct.Cred.Source, t.ID)
		}
		return nil
	})
}

func (a *authCmd) logoutCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "End the tenant login and forget the saved login for this API",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c := a.c
			s, err := c.settings()
			if err != nil {
				return err
			}
			se, err := a.open(cmd.Context())
			if se == nil {
				return err
			}
			if se.acct != nil && !se.acct.Cred.FromSaved {
				return fmt.Errorf("the credential in use comes from %s, which prefect-tui never edits: remove it there", se.acct.Cred.Source)
			}
			if se.acct != nil {
				// End the server-side session; the saved login goes regardless.
				if err := se.acct.LogOut(cmd.Context()); err != nil {
					fmt.Fprintln(c.stderr, "note: ending the session on the server failed: "+api.Describe(err))
				}
			}
			where := c.whereSaved(se, s.Endpoint)
			if err := se.store.Delete(s.Endpoint); err != nil {
				return err
			}
			if where == "" {
				fmt.Fprintf(c.stdout, "No saved login for %s.\n", s.Endpoint)
				return nil
			}
			fmt.Fprintf(c.stdout, "Logged out of %s (removed from the %s).\n", s.Endpoint, strings.TrimPrefix(where, "file "))
			return nil
		},
	}
}

func (c *cli) whereSaved(se *session, endpoint string) string {
	if se.store == nil {
		return ""
	}
	if _, ok, _ := se.store.Load(endpoint); ok {
		return se.store.Where()
	}
	return ""
}

func (a *authCmd) createTokenCmd() *cobra.Command {
	var name, scope string
	cmd := &cobra.Command{
		Use:   "create-token --name N --scope USER|TENANT|RUNNER",
		Short: "Create an API token (printed once: keep it somewhere safe)",
	}
	cmd.Flags().StringVarP(&name, "name", "n", "", "token name")
	cmd.Flags().StringVarP(&scope, "scope", "s", "TENANT", "USER, TENANT or RUNNER")
	check := func() error {
		scope = strings.ToUpper(scope)
		if name == "" {
			return usagef("give the token a --name")
		}
		if scope != "USER" && scope != "TENANT" && scope != "RUNNER" {
			return usagef("--scope must be USER, TENANT or RUNNER")
		}
		return nil
	}
	return a.withLogin(cmd, check, func(ctx context.Context, se *session, _ []string, asJSON bool) error {
		client := se.acct.Client()
		if scope == "USER" {
			client = se.acct.UserClient()
		}
		resp, err := api.CreateAPIToken(ctx, client, name, api.Api_token_scope(scope), nil)
		if err != nil {
			return err
		}
		p := resp.Create_api_token
		if asJSON {
			return a.printJSON(map[string]any{"id": p.Id, "name": name, "scope": scope, "token": p.Token})
		}
		fmt.Fprintf(a.c.stderr, "Created %s token %q (id %s). It is shown only this once:\n", scope, name, p.Id)
		fmt.Fprintln(a.c.stdout, p.Token)
		return nil
	})
}

func (a *authCmd) tokensCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "list-tokens", Aliases: []string{"tokens"}, Short: "List your API tokens and the active tenant's (never their secrets)"}
	return a.withLogin(cmd, nil, func(ctx context.Context, se *session, _ []string, asJSON bool) error {
		resp, err := api.ListAPITokens(ctx, se.acct.Client())
		if err != nil {
			return err
		}
		if asJSON {
			return a.printJSON(resp.Api_token)
		}
		tw := newTable(a.c.stdout)
		fmt.Fprintln(tw, "ID\tNAME\tSCOPE\tCREATED\tLAST USED\tEXPIRES\tBY")
		for _, t := range resp.Api_token {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.Id, t.Name, t.Scope, day(t.Created), day(t.Last_used),
				day(t.Expires_at), orDash(t.Created_by.Username))
		}
		return tw.Flush()
	})
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func (a *authCmd) revokeTokenCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "revoke-token ID", Short: "Revoke an API token"}
	id := idFlag(cmd, "the token's id")
	return a.withLogin(cmd, nil, func(ctx context.Context, se *session, args []string, asJSON bool) error {
		tokenID, err := id(args)
		if err != nil {
			return err
		}
		if _, err := api.DeleteAPIToken(ctx, se.acct.Client(), tokenID); err != nil {
			return err
		}
		if asJSON {
			return a.printJSON(map[string]any{"revoked": tokenID})
		}
		fmt.Fprintf(a.c.stdout, "Revoked token %s.\n", tokenID)
		return nil
	})
}
