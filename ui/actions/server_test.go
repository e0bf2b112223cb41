package actions

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"os"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/theme"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

var fixedNow = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	// Mutations run through uitest.RunCmd: give them (and the race detector) time.
	uitest.Timeout = time.Minute
	os.Exit(m.Run())
}

// newServer starts an embedded server with its own copy of the demo (actions change
// data, so each test gets its own).
func newServer(t *testing.T) graphql.Client {
	t.Helper()
	_, url := servertest.Start(t, servertest.Options{Demo: seed.DemoOptions{Now: fixedNow, Runs: 300, Seed: 1}})
	return api.NewClient(api.ClientOptions{Endpoint: url + "/graphql", Log: log.New(io.Discard, "", 0)})
}

func testDeps(c graphql.Client) screen.Deps {
	return screen.Deps{Ctx: context.Background(), Client: c, Styles: theme.NewStyles(true, false), Now: func() time.Time { return fixedNow }}
}

// query runs a GraphQL query and decodes its data.
func query(t *testing.T, c graphql.Client, q string, vars map[string]any, out any) {
	t.Helper()
	r, err := api.Run(context.Background(), c, q, vars, "")
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatalf("decode %s: %v", r.Data, err)
	}
}

// pushed runs an action command and returns the screen it pushed.
func pushed[T screen.Screen](t *testing.T, cmd tea.Cmd) T {
	t.Helper()
	var zero T
	if cmd == nil {
		t.Fatal("no command")
	}
	for _, m := range uitest.RunCmd(cmd) {
		if p, ok := m.(screen.PushMsg); ok {
			s, ok := p.Screen.(T)
			if !ok {
				t.Fatalf("pushed %T", p.Screen)
			}
			return s
		}
		if st, ok := m.(screen.StatusMsg); ok {
			t.Fatalf("status instead of a push: %+v", st)
		}
	}
	t.Fatal("nothing pushed")
	return zero
}

// confirm presses y on a dialog and returns every message the action produced.
func confirm(t *testing.T, d *Dialog) []tea.Msg {
	t.Helper()
	_, closed := uitest.Send[screen.Screen](d, uitest.Press("y"))
	_, out := uitest.Send[screen.Screen](d, closed...)
	if _, ok := uitest.Find[screen.PopMsg](out); !ok {
		t.Fatalf("dialog did not pop: %v", out)
	}
	return out
}

// outcome returns the ChangedMsg of an action and fails on its error.
func outcome(t *testing.T, out []tea.Msg) screen.ChangedMsg {
	t.Helper()
	d, ok := uitest.Find[screen.ChangedMsg](out)
	if !ok {
		t.Fatalf("no ChangedMsg in %v", out)
	}
	if d.Err != nil {
		t.Fatalf("%s: %v", d.Action, d.Err)
	}
	return d
}
