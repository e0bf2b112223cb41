package cli

import (
	"context"
	"log"

	"github.com/prefect-tui/prefect-tui/internal/userconfig"
	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// contextSource is the explorer's :ctx: the contexts of the settings file, each
// connected to as the command line connects at start (settings, API check, login).
type contextSource struct {
	c   *cli
	log *log.Logger
}

// Contexts implements ui.ContextSource: the default context, then the file's.
func (s *contextSource) Contexts() []string {
	uc, err := s.c.userConfig()
	if err != nil {
		s.log.Printf("contexts: %v", err)
		return nil
	}
	return append([]string{userconfig.DefaultContext}, uc.Names()...)
}

// Connect implements ui.ContextSource. The flags that choose an API or a credential
// (--api, --backend, --token, --api-key, --tenant-id) are left behind: they belonged
// to the context the explorer started in. --read-only, --timeout and the others stay.
func (s *contextSource) Connect(ctx context.Context, name string) (ui.Connection, error) {
	c := *s.c
	c.flags.API, c.flags.Backend, c.flags.Token, c.flags.APIKey, c.flags.TenantID = "", "", "", "", ""
	c.flags.Context = name
	st, err := c.settings()
	if err != nil {
		return ui.Connection{}, err
	}
	tenant, err := c.checkAPI(ctx, st)
	if err != nil {
		return ui.Connection{}, err
	}
	conn, err := c.connectWith(ctx, st, s.log, tenant)
	if err != nil {
		return ui.Connection{}, err
	}
	_, band, _, err := c.explorerLook()
	if err != nil {
		return ui.Connection{}, err
	}
	out := ui.Connection{Client: conn.Client, Session: conn.Session, Account: conn.Login.Account,
		ReadOnly: c.readOnly(), Band: band, Start: screen.Route{Kind: screen.RouteOverview}}
	if conn.Login.Start != nil {
		out.Start = *conn.Login.Start
	}
	return out, nil
}
