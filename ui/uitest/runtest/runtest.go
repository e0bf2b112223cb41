// Package runtest helps the run screens' tests: a fixed clock, screen deps, and a
// graphql.Client that counts the requests a screen makes (each screen loads with one
// request). Package demo adds the seeded embedded server.
package runtest

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// Now is the clock of the seeded data and of the screens, so goldens are stable.
var Now = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// Counting is a graphql.Client that counts MakeRequest calls and records the
// operation names.
type Counting struct {
	graphql.Client
	mu  sync.Mutex
	ops []string
}

// MakeRequest implements graphql.Client.
func (c *Counting) MakeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	c.mu.Lock()
	c.ops = append(c.ops, req.OpName)
	c.mu.Unlock()
	return c.Client.MakeRequest(ctx, req, resp)
}

// Ops returns the operations sent so far, and Reset forgets them.
func (c *Counting) Ops() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.ops...)
}

// Reset forgets the operations sent so far.
func (c *Counting) Reset() {
	c.mu.Lock()
	c.ops = nil
	c.mu.Unlock()
}

// Offline is a client whose every request fails, for tests that build screens from
// constructed data.
type Offline struct{}

// MakeRequest implements graphql.Client.
func (Offline) MakeRequest(context.Context, *graphql.Request, *graphql.Response) error {
	return errors.New("offline")
}

// Deps returns screen deps on c (Offline when nil) with the fixed clock, dark styles without colour
// dependence on the environment, and a session with a UI URL.
func Deps(c graphql.Client) screen.Deps {
	if c == nil {
		c = Offline{}
	}
	return screen.Deps{
		Ctx: context.Background(), Client: c, Styles: theme.NewStyles(true, false),
		Log: log.New(io.Discard, "", 0), Now: func() time.Time { return Now },
		Session: screen.Session{UIURL: "http://localhost:8080", TenantSlug: "demo", Backend: "server"},
	}
}

// Load runs cmd (a screen's Init or a reload), feeds what it produced to update, and
// returns those messages. The commands update returns (refresh timers) are dropped, so
// tests never wait on a tick.
func Load(update func(tea.Msg), cmd tea.Cmd) []tea.Msg {
	msgs := runCmd(cmd)
	for _, m := range msgs {
		update(m)
	}
	return msgs
}

// runCmd runs cmd synchronously, flattening batches.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}
