package agents

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
	"github.com/prefect-tui/prefect-tui/ui/diagnose"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
)

// Run is a flow run as the screen lists it.
type Run = api.AgentRun

// Agent is one agent with what the screen shows of it.
type Agent struct {
	ID, Name, Type, Core string
	Labels               []string
	LastQueried, Created time.Time
	Health               agenthealth.State
	// Pickup are the runs it could pick up now in the project in scope, oldest due
	// first; PickupAll counts them in every project.
	Pickup    []Run
	PickupAll int
	// Recent are its latest runs submitted within RecentWindow (in the project in
	// scope); RecentCount counts them up to RecentCountCap, RecentCapped says that
	// there are more.
	Recent       []Run
	RecentCount  int
	RecentCapped bool
}

// build turns the answer into the agents in screen order: healthy, stale, then
// unhealthy ones (most recent query first), by name within each.
func build(resp *api.AgentsPageResponse, now time.Time, projectID string) []Agent {
	window := make([]diagnose.QueuedRun, len(resp.Queue))
	byID := make(map[string]Run, len(resp.Queue))
	for i, q := range resp.Queue {
		window[i] = diagnose.QueuedRun{ID: q.Id, Labels: rundata.Labels(q.Labels)}
		byID[q.Id] = q
	}
	out := make([]Agent, 0, len(resp.Agent))
	for _, a := range resp.Agent {
		ag := Agent{
			ID: a.Id, Name: a.Name, Type: a.Type, Core: a.Core_version, Labels: rundata.Labels(a.Labels),
			LastQueried: a.Last_queried, Created: a.Created, Health: agenthealth.Health(a.Last_queried, now),
			Recent: a.Recent, RecentCount: a.Recent_count.Aggregate.Count,
		}
		if ag.RecentCount > RecentCountCap {
			ag.RecentCount, ag.RecentCapped = RecentCountCap, true
		}
		for _, id := range diagnose.Pickup(ag.Labels, window) {
			r := byID[id]
			// The agent then keeps only Scheduled runs, and Running ones whose task
			// runs are due again (retries); the others took a place in its answer.
			if r.State != "Scheduled" && r.State != "Running" {
				continue
			}
			ag.PickupAll++
			if projectID == "" || r.Flow.Project_id == projectID {
				ag.Pickup = append(ag.Pickup, r)
			}
		}
		out = append(out, ag)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Health != b.Health {
			return a.Health < b.Health
		}
		if a.Health == agenthealth.Unhealthy && !a.LastQueried.Equal(b.LastQueried) {
			return a.LastQueried.After(b.LastQueried)
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ID < b.ID
	})
	return out
}

// signature is what a refresh compares to tell whether anything changed: health, the
// runs and their states (not the query times, which move on every poll).
func signature(as []Agent) string {
	var b strings.Builder
	for _, a := range as {
		b.WriteString(a.ID + a.Health.Word() + a.recentText() + strconv.Itoa(a.PickupAll))
		for _, r := range a.Pickup {
			b.WriteString(r.Id)
		}
		for _, r := range a.Recent {
			b.WriteString(r.Id + r.State)
		}
	}
	return b.String()
}

// counts are how many agents are in each health state.
func counts(as []Agent) map[agenthealth.State]int {
	out := map[agenthealth.State]int{}
	for _, a := range as {
		out[a.Health]++
	}
	return out
}

// recentText is the agent's recent count: "999+" when the count stopped there.
func (a Agent) recentText() string {
	if a.RecentCapped {
		return strconv.Itoa(a.RecentCount) + "+"
	}
	return strconv.Itoa(a.RecentCount)
}
