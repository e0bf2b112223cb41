package diagnose

// The limits of get_runs_in_queue, the query an agent asks for work with: it reads the
// QueueWindow oldest due runs of the tenant (by the start time of their state) and
// returns at most QueueLimit of them whose labels the agent has.
const (
	QueueLimit  = 25
	QueueWindow = 3 * QueueLimit
)

// QueueStates are the states get_runs_in_queue treats as scheduled: Scheduled and its
// subclasses, and Queued.
var QueueStates = []string{"Scheduled", "Paused", "Resume", "Retrying", "Queued"}

// QueuedRun is a due run as get_runs_in_queue reads it.
type QueuedRun struct {
	ID     string
	Labels []string
}

// Picks reports whether an agent with agentLabels picks up a run with runLabels, as
// Prefect 1.x's get_runs_in_queue decides: every label of the run must be among the
// agent's, and a run without labels goes only to an agent without labels.
func Picks(agentLabels, runLabels []string) bool {
	if len(runLabels) == 0 {
		return len(agentLabels) == 0
	}
	have := make(map[string]bool, len(agentLabels))
	for _, l := range agentLabels {
		have[l] = true
	}
	for _, l := range runLabels {
		if !have[l] {
			return false
		}
	}
	return true
}

// Pickup returns the ids get_runs_in_queue gives an agent with agentLabels: window
// holds the tenant's due runs oldest first (only its first QueueWindow count, as on
// the server); the agent gets those it picks, at most QueueLimit.
func Pickup(agentLabels []string, window []QueuedRun) []string {
	var out []string
	for i, r := range window {
		if i == QueueWindow || len(out) == QueueLimit {
			break
		}
		if Picks(agentLabels, r.Labels) {
			out = append(out, r.ID)
		}
	}
	return out
}
