package fleet

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// cannedSource has one tenant whose every request answers with failed failures.
type cannedSource struct {
	failed int
	reqs   int
}

func (s *cannedSource) Tenants(context.Context) ([]Tenant, error) {
	return []Tenant{{ID: "t1", Name: "One", Slug: "one"}}, nil
}

func (s *cannedSource) Client(context.Context, Tenant) (graphql.Client, error) { return s, nil }

func (s *cannedSource) Switch(context.Context, Tenant) (Switched, error) {
	return Switched{}, errors.New("no")
}

func (s *cannedSource) MakeRequest(_ context.Context, _ *graphql.Request, resp *graphql.Response) error {
	s.reqs++
	b, _ := json.Marshal(map[string]any{
		"failed": map[string]any{"aggregate": map[string]any{"count": s.failed}}, "late": map[string]any{"aggregate": map[string]any{"count": 0}},
		"running": map[string]any{"aggregate": map[string]any{"count": 0}}, "failures": []any{}, "oldest_late": []any{},
	})
	return json.Unmarshal(b, resp.Data)
}

// settle runs a load to its end (the commands here answer at once) and returns the
// delay of the refresh timer it ends with.
func settle(t *testing.T, m *Model, cmd tea.Cmd) {
	t.Helper()
	for i := 0; cmd != nil && i < 10; i++ {
		msg := cmd()
		switch msg := msg.(type) {
		case tea.BatchMsg:
			var next []tea.Cmd
			for _, c := range msg {
				_, n := m.Update(c())
				next = append(next, n)
			}
			cmd = tea.Batch(next...)
		default:
			was := m.loading
			_, cmd = m.Update(msg)
			if was && !m.loading {
				return // the refresh timer
			}
		}
	}
	if m.loading {
		t.Fatal("the load did not end")
	}
}

// TestPollingBacksOff: the refresh timer reloads (one request per tenant); while
// nothing changes its interval doubles up to the maximum, a change brings it back, a
// key press wakes it, and a timer that another replaced does nothing.
func TestPollingBacksOff(t *testing.T) {
	src := &cannedSource{failed: 1}
	m := New(screen.Deps{Now: func() time.Time { return time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC) }}, src)
	m.SetSize(100, 30)
	settle(t, m, m.Init())
	if m.refresh.Backoff.Current() != 5*time.Second || src.reqs != 1 {
		t.Fatalf("after the first load: interval %s, %d requests", m.refresh.Backoff.Current(), src.reqs)
	}
	var got []time.Duration
	for range 5 {
		stale := m.refresh.Pending()
		_, cmd := m.Update(m.refresh.Pending())
		if cmd == nil {
			t.Fatal("the timer did not reload")
		}
		settle(t, m, cmd)
		got = append(got, m.refresh.Backoff.Current())
		if _, cmd := m.Update(stale); cmd != nil {
			t.Fatal("a replaced timer reloaded")
		}
	}
	want := []time.Duration{10, 20, 40, 60, 60}
	for i := range want {
		if got[i] != want[i]*time.Second {
			t.Fatalf("intervals %v, want %v s", got, want)
		}
	}
	if src.reqs != 6 {
		t.Errorf("%d requests for 6 loads of one tenant", src.reqs)
	}
	// A key press while backed off brings the next refresh back to the shortest.
	if _, cmd := m.Update(tea.KeyPressMsg{Code: 'j', Text: "j"}); cmd == nil || m.refresh.Backoff.Current() != 5*time.Second {
		t.Errorf("a key did not wake the refresh: %s", m.refresh.Backoff.Current())
	}
	// A change: the shortest interval again.
	m.refresh.Backoff.Next(false)
	src.failed = 2
	_, cmd := m.Update(m.refresh.Pending())
	settle(t, m, cmd)
	if m.refresh.Backoff.Current() != 5*time.Second || m.groups[0].Failed != 2 {
		t.Errorf("after a change: interval %s, failed %d", m.refresh.Backoff.Current(), m.groups[0].Failed)
	}
}

func benchDeps(c graphql.Client) screen.Deps {
	return screen.Deps{Client: c, Now: func() time.Time { return time.Now() }}
}
