package diagnose

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/agenthealth"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// agents explains which agent picks up a scheduled run: none registered, none with its
// labels, only stale or unhealthy ones, or a healthy one (due: which has not taken it
// yet; in the future: which will).
func agents(in Input, due bool) []Reason {
	r := in.Run
	if len(in.Agents) == 0 {
		cmd := "prefect agent local start"
		for _, l := range r.Labels {
			cmd += " --label " + l
		}
		return []Reason{{Kind: KindNoAgent, Short: "no agent",
			Text: "No agent is registered with this tenant, so nothing picks up its runs: start one with its labels (" + cmd + ")."}}
	}
	var match, healthy []Agent
	for _, a := range in.Agents {
		if Picks(a.Labels, r.Labels) {
			match = append(match, a)
			if agenthealth.Health(a.LastQueried, in.Now) == agenthealth.Healthy {
				healthy = append(healthy, a)
			}
		}
	}
	switch {
	case len(match) == 0:
		return []Reason{noMatch(in)}
	case len(healthy) == 0:
		return []Reason{down(in, match)}
	case !due:
		return []Reason{{Kind: KindWillRun, Short: "agent ready",
			Text: name(healthy[0]) + " has all of its labels and " + queried(healthy[0], in.Now) + ": it will pick it up when it is due."}}
	}
	return []Reason{notPicked(in, healthy)}
}

// noMatch: no agent has all of the run's labels. It names the labels no healthy agent
// has and the closest agent.
func noMatch(in Input) Reason {
	r := in.Run
	c := closest(in)
	if len(r.Labels) == 0 {
		return Reason{Kind: KindNoLabelMatch, Short: "no agent without labels",
			Text: "It has no labels, and only an agent without labels picks up such a run; every agent has labels (the closest, " +
				name(c) + ", has " + list(c.Labels) + ")."}
	}
	var missing []string
	for _, l := range r.Labels {
		found := false
		for _, a := range in.Agents {
			if agenthealth.Health(a.LastQueried, in.Now) == agenthealth.Healthy && contains(a.Labels, l) {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, l)
		}
	}
	var lacks []string
	for _, l := range r.Labels {
		if !contains(c.Labels, l) {
			lacks = append(lacks, l)
		}
	}
	closestText := "The closest agent, " + name(c) + health(c, in.Now) + ", lacks " + list(lacks) + "."
	if len(missing) == 0 {
		return Reason{Kind: KindNoLabelMatch, Short: "no agent has all labels",
			Text: "No agent has all of its labels (" + list(r.Labels) + ") together. " + closestText}
	}
	word, it := "label", "it"
	if len(missing) > 1 {
		word, it = "labels", "them"
	}
	short := "missing " + word + ": " + strings.Join(missing, ", ")
	return Reason{Kind: KindNoLabelMatch, Short: short,
		Text: "No agent has all of its labels (" + list(r.Labels) + "): " + short + " (no healthy agent has " + it + "). " + closestText}
}

// down: the agents that have the run's labels are all stale or unhealthy.
func down(in Input, match []Agent) Reason {
	sort.SliceStable(match, func(i, j int) bool { return match[i].LastQueried.After(match[j].LastQueried) })
	worst := agenthealth.Stale
	for _, a := range match {
		if agenthealth.Health(a.LastQueried, in.Now) == agenthealth.Unhealthy {
			worst = agenthealth.Unhealthy
		}
	}
	short := "agent " + worst.Word()
	if len(match) == 1 {
		a := match[0]
		return Reason{Kind: KindAgentDown, Short: short,
			Text: "Only " + name(a) + " has its labels, and it " + queried(a, in.Now) + health(a, in.Now) + ": it is not asking for work."}
	}
	parts := make([]string, len(match))
	for i, a := range match {
		parts[i] = name(a) + " " + queried(a, in.Now) + health(a, in.Now)
	}
	return Reason{Kind: KindAgentDown, Short: short,
		Text: "The agents with its labels are not asking for work: " + strings.Join(parts, "; ") + "."}
}

// notPicked: a healthy agent has the run's labels. With the queue known it says
// whether the run is in the work that agent gets or behind older runs.
func notPicked(in Input, healthy []Agent) Reason {
	r := in.Run
	a := healthy[0]
	if in.Queue != nil {
		pos := -1
		for i, q := range in.Queue {
			if q.ID == r.ID {
				pos = i
				break
			}
		}
		for _, h := range healthy {
			for _, id := range Pickup(h.Labels, in.Queue) {
				if id == r.ID {
					return Reason{Kind: KindNotPicked, Short: "not picked up",
						Text: name(h) + " has all of its labels, " + queried(h, in.Now) +
							" and gets this run when it asks for work, yet has not submitted it: its own log says why (a failing deployment, a full host)."}
				}
			}
		}
		if pos < 0 || pos >= QueueWindow {
			return Reason{Kind: KindQueueFull, Short: "behind " + strconv.Itoa(QueueWindow) + " older runs",
				Text: name(a) + " has all of its labels and " + queried(a, in.Now) + ", but an agent reads only the " +
					strconv.Itoa(QueueWindow) + " oldest due runs of the tenant, and older runs fill them: runs no agent can take hold that window until they are cancelled or deleted."}
		}
		return Reason{Kind: KindQueueFull, Short: "behind older runs",
			Text: name(a) + " has all of its labels and " + queried(a, in.Now) + ", but it takes at most " +
				strconv.Itoa(QueueLimit) + " runs per query and " + strconv.Itoa(QueueLimit) + " older due runs it can take come first."}
	}
	return Reason{Kind: KindNotPicked, Short: "not picked up",
		Text: name(a) + " has all of its labels and " + queried(a, in.Now) + ", yet has not submitted it: its own log says why (a failing deployment, a full host)."}
}

// closest is the agent with most of the run's labels: healthy first, then the most
// recent query, then by name.
func closest(in Input) Agent {
	score := func(a Agent) int {
		n := 0
		for _, l := range in.Run.Labels {
			if contains(a.Labels, l) {
				n++
			}
		}
		return n
	}
	best := in.Agents[0]
	for _, a := range in.Agents[1:] {
		sa, sb := score(a), score(best)
		ha, hb := agenthealth.Health(a.LastQueried, in.Now), agenthealth.Health(best.LastQueried, in.Now)
		switch {
		case sa != sb:
			if sa > sb {
				best = a
			}
		case ha != hb:
			if ha < hb {
				best = a
			}
		case !a.LastQueried.Equal(best.LastQueried):
			if a.LastQueried.After(best.LastQueried) {
				best = a
			}
		case name(a) < name(best):
			best = a
		}
	}
	return best
}

// name names an agent: its name, else its type, else its id.
func name(a Agent) string {
	switch {
	case a.Name != "":
		return a.Name
	case a.Type != "":
		return "a " + a.Type
	}
	return "agent " + a.ID
}

// queried says when an agent last asked for work: "queried 2s ago", "never queried".
func queried(a Agent, now time.Time) string {
	if a.LastQueried.IsZero() {
		return "never queried"
	}
	return "last queried " + timefmt.Ago(a.LastQueried, now)
}

// health is " (stale)" or " (unhealthy)"; nothing for a healthy agent.
func health(a Agent, now time.Time) string {
	if h := agenthealth.Health(a.LastQueried, now); h != agenthealth.Healthy {
		return " (" + h.Word() + ")"
	}
	return ""
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// list joins labels for a sentence; "no labels" when there are none.
func list(ls []string) string {
	if len(ls) == 0 {
		return "no labels"
	}
	return strings.Join(ls, ", ")
}

// ago is a past time's distance from now in the Ago form without " ago" ("3m").
func ago(t, now time.Time) string { return strings.TrimSuffix(timefmt.Ago(t, now), " ago") }

// agoText is "3m ago", or "some time ago" when unknown.
func agoText(t, now time.Time) string {
	if t.IsZero() {
		return "some time ago"
	}
	return timefmt.Ago(t, now)
}

// timeIn is "in 14m, at 12:14:00".
func timeIn(t, now time.Time) string { return timefmt.Ago(t, now) + ", at " + timefmt.Stamp(t, now) }

// retryAt is ", retried at 12:00:10" when t is in the future.
func retryAt(t, now time.Time) string {
	if t.After(now) {
		return "; it is tried again " + timeIn(t, now)
	}
	return ""
}

func itoa(i int) string { return strconv.Itoa(i) }
