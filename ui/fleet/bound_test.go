package fleet_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/fleet"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// gated is a Source of n tenants whose requests wait at a gate, counting how many are
// in flight at once; tenant "hang" never answers (until its context ends).
type gated struct {
	tenants []fleet.Tenant
	gate    chan struct{}

	mu            sync.Mutex
	inFlight, top int
	entered       chan struct{}
}

func (g *gated) Tenants(context.Context) ([]fleet.Tenant, error) { return g.tenants, nil }

func (g *gated) Switch(context.Context, fleet.Tenant) (fleet.Switched, error) {
	return fleet.Switched{}, fmt.Errorf("no switching here")
}

func (g *gated) Client(_ context.Context, t fleet.Tenant) (graphql.Client, error) {
	return gatedClient{g, t.Slug}, nil
}

type gatedClient struct {
	g    *gated
	slug string
}

func (c gatedClient) MakeRequest(ctx context.Context, _ *graphql.Request, resp *graphql.Response) error {
	g := c.g
	g.mu.Lock()
	g.inFlight++
	g.top = max(g.top, g.inFlight)
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.inFlight--
		g.mu.Unlock()
	}()
	g.entered <- struct{}{}
	if c.slug == "hang" {
		<-ctx.Done()
		return ctx.Err()
	}
	select {
	case <-g.gate:
	case <-ctx.Done():
		return ctx.Err()
	}
	return json.Unmarshal([]byte(`{"failed":{"aggregate":{"count":1}},"late":{"aggregate":{"count":0}},
		"running":{"aggregate":{"count":2}},"failures":[],"oldest_late":[]}`), resp.Data)
}

// TestAtMostConcurrencyTenantsAtOnce: with more tenants than Concurrency, no more than
// Concurrency requests are ever in flight; the rest wait their turn and all answer.
func TestAtMostConcurrencyTenantsAtOnce(t *testing.T) {
	n := fleet.Concurrency + 3
	g := &gated{gate: make(chan struct{}), entered: make(chan struct{}, 100)}
	for i := range n {
		g.tenants = append(g.tenants, fleet.Tenant{ID: fmt.Sprint("t", i), Name: fmt.Sprint("Tenant ", i), Slug: fmt.Sprint("t", i)})
	}
	m := fleet.New(runtest.Deps(nil), g)
	m.SetSize(100, 30)
	listed := uitest.RunLoad(m.Init())
	_, cmd := m.Update(listed[0])
	batch, ok := cmd().(tea.BatchMsg)
	if !ok || len(batch) != n {
		t.Fatalf("not one command per tenant: %T", cmd())
	}
	answers := make(chan tea.Msg, n)
	for _, c := range batch {
		go func() { answers <- c() }()
	}
	for range fleet.Concurrency {
		<-g.entered
	}
	// Every slot is taken: let the requests through one at a time, each letting the
	// next waiting one in.
	for range n {
		g.gate <- struct{}{}
		m.Update(<-answers)
		if len(g.entered) > 0 {
			<-g.entered
		}
	}
	// Concurrency requests were in flight before any was let through; never more.
	if g.top != fleet.Concurrency {
		t.Errorf("%d requests at once, want %d", g.top, fleet.Concurrency)
	}
	for _, gr := range m.Groups() {
		if !gr.Loaded || gr.Err != nil || gr.Failed != 1 || gr.Running != 2 {
			t.Errorf("%s: %+v", gr.Slug, gr)
		}
	}
}

// TestTenantTimeout: a tenant that does not answer in time shows that, and the others
// show their counts.
func TestTenantTimeout(t *testing.T) {
	g := &gated{gate: make(chan struct{}), entered: make(chan struct{}, 100)}
	close(g.gate)
	g.tenants = []fleet.Tenant{{ID: "a", Name: "Alpha", Slug: "alpha"}, {ID: "h", Name: "Hanging", Slug: "hang"}}
	m := fleet.New(runtest.Deps(nil), g)
	m.SetSize(100, 30)
	m.SetTenantTimeout(50 * time.Millisecond)
	load(m, m.Init())
	gs := m.Groups()
	if gs[0].Err != nil || gs[0].Failed != 1 {
		t.Errorf("alpha: %+v", gs[0])
	}
	if gs[1].Err == nil || !strings.Contains(ansi.Strip(m.View()), "couldn't read Hanging") {
		t.Errorf("hanging tenant: %v\n%s", gs[1].Err, ansi.Strip(m.View()))
	}
}

// TestFailedStatesAreTheFailedFamily: what "failed" counts is the Failed family.
func TestFailedStatesAreTheFailedFamily(t *testing.T) {
	for _, s := range fleet.FailedStates {
		if !components.Info(s).Failed {
			t.Errorf("%s is not a failed state", s)
		}
	}
	for _, s := range []string{"Success", "Cancelled", "Running", "Scheduled", "ClientFailed"} {
		for _, f := range fleet.FailedStates {
			if s == f {
				t.Errorf("%s counted as failed", s)
			}
		}
	}
}

// TestKeymap: the help names every key once and offers what enter does on the row.
func TestKeymap(t *testing.T) {
	m := fleet.New(runtest.Deps(nil), nil)
	m.SetSize(100, 30)
	if len(m.FullHelp()) != 2 || len(m.FullHelp()[0]) != 6 || len(m.FullHelp()[1]) != 3 {
		t.Fatalf("FullHelp %v", m.FullHelp())
	}
	seen := map[string]string{}
	for _, col := range m.FullHelp() {
		for _, b := range col {
			for _, k := range b.Keys() {
				if prev, dup := seen[k]; dup {
					t.Errorf("key %q is %q and %q", k, prev, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
	h := helpOf(m)
	for _, want := range []string{"w window 24h→7d", "r reload"} {
		if !strings.Contains(h, want) {
			t.Errorf("help lacks %q: %s", want, h)
		}
	}
	if strings.Contains(h, "enter") {
		t.Errorf("enter offered with nothing to open: %s", h)
	}
}
