package mutations

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// FlowRunInput is create_flow_run's input (and what the simulator schedules).
type FlowRunInput struct {
	FlowID, VersionGroupID string
	// Tenant limits which flows are visible ("" = all).
	Tenant     string
	Parameters map[string]any
	Context    map[string]any
	// Labels are the run's labels when non-nil (an empty list included).
	Labels         []string
	RunConfig      map[string]any
	ScheduledStart *time.Time
	IdempotencyKey string
	Name           string
	AutoScheduled  bool
}

// flowInfo is what create_flow_run reads of a flow and its flow group.
type flowInfo struct {
	id, tenantID, flowGroupID string
	archived                  bool
	params, runConfig, env    sql.NullString
	fgLabels, fgRunConfig     sql.NullString
	fgDefaults                sql.NullString
}

func (m Machine) resolveFlow(ctx context.Context, q Querier, in FlowRunInput) (flowInfo, error) {
	var f flowInfo
	const cols = `f.id, f.tenant_id, f.flow_group_id, f.archived, f.parameters, f.run_config, f.environment,
		g.labels, g.run_config, g.default_parameters FROM flow f LEFT JOIN flow_group g ON g.id = f.flow_group_id`
	var row *sql.Row
	switch {
	case in.FlowID != "":
		row = q.QueryRowContext(ctx, `SELECT `+cols+` WHERE f.id = ? AND (? = '' OR f.tenant_id = ?)`, in.FlowID, in.Tenant, in.Tenant)
	case in.VersionGroupID != "":
		row = q.QueryRowContext(ctx, `SELECT `+cols+` WHERE f.version_group_id = ? AND f.archived = 0 AND (? = '' OR f.tenant_id = ?)
			ORDER BY f.version DESC, f.created DESC LIMIT 1`, in.VersionGroupID, in.Tenant, in.Tenant)
	default:
		return f, fmt.Errorf("A flow id or version group ID must be provided.")
	}
	var tid sql.NullString
	err := row.Scan(&f.id, &tid, &f.flowGroupID, &f.archived, &f.params, &f.runConfig, &f.env, &f.fgLabels, &f.fgRunConfig, &f.fgDefaults)
	if errors.Is(err, sql.ErrNoRows) {
		if in.FlowID != "" {
			return f, notFound("Flow", in.FlowID)
		}
		return f, fmt.Errorf("%w: No unarchived flows found in version group %s", ErrNotFound, in.VersionGroupID)
	}
	f.tenantID = tid.String
	return f, err
}

func decodeJSON(s sql.NullString, into any) {
	if s.Valid && s.String != "" {
		_ = json.Unmarshal([]byte(s.String), into)
	}
}

// labelsOf returns the "labels" list of a run_config or environment, if any.
func labelsOf(s sql.NullString) ([]string, bool) {
	var m map[string]any
	decodeJSON(s, &m)
	return stringList(m["labels"])
}

func stringList(v any) ([]string, bool) {
	l, ok := v.([]any)
	if !ok {
		if s, ok := v.([]string); ok {
			return s, true
		}
		return nil, false
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out, true
}

// CreateFlowRun implements create_flow_run (server api/runs.py create_flow_run): it
// resolves the flow (by id, or the latest unarchived version of a version group),
// merges parameters and labels, upserts on (flow_id, idempotency_key), creates the
// task runs and sets the initial Scheduled state. It returns the flow run id.
func (m Machine) CreateFlowRun(ctx context.Context, q Querier, in FlowRunInput, now time.Time) (string, error) {
	f, err := m.resolveFlow(ctx, q, in)
	if err != nil {
		return "", err
	}
	if f.archived {
		return "", fmt.Errorf("Flow %s is archived.", f.id)
	}
	if in.IdempotencyKey != "" {
		var id string
		err := q.QueryRowContext(ctx, `SELECT id FROM flow_run WHERE flow_id = ? AND idempotency_key = ?`, f.id, in.IdempotencyKey).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
	}
	// Parameters: flow defaults, then the flow group's defaults, then the input.
	var defs []map[string]any
	decodeJSON(f.params, &defs)
	params := map[string]any{}
	var required []string
	for _, p := range defs {
		name, _ := p["name"].(string)
		if req, _ := p["required"].(bool); req {
			required = append(required, name)
		} else if d, ok := p["default"]; ok {
			params[name] = d
		}
	}
	var fgDefaults map[string]any
	decodeJSON(f.fgDefaults, &fgDefaults)
	for k, v := range fgDefaults {
		params[k] = v
	}
	for k, v := range in.Parameters {
		params[k] = v
	}
	var missing []string
	for _, r := range required {
		if _, ok := params[r]; !ok {
			missing = append(missing, "'"+r+"'")
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return "", fmt.Errorf("Required parameters were not supplied: {%s}", strings.Join(missing, ", "))
	}
	// run_config: input, else the flow group's, else the flow's.
	runConfig := jsonValue(in.RunConfig)
	if in.RunConfig == nil {
		if f.fgRunConfig.Valid {
			runConfig = f.fgRunConfig.String
		} else if f.runConfig.Valid {
			runConfig = f.runConfig.String
		}
	}
	labels := m.runLabels(in, f)
	sched := now
	if in.ScheduledStart != nil {
		sched = *in.ScheduledStart
	}
	name := in.Name
	if name == "" {
		name = GenerateName(m.Rand)
	}
	ctxv := any(in.Context)
	if in.Context == nil {
		ctxv = map[string]any{}
	}
	id := m.id()
	ts := store.FormatTime(now)
	if _, err := q.ExecContext(ctx, `INSERT INTO flow_run (id, tenant_id, created, updated, flow_id, parameters,
		scheduled_start_time, auto_scheduled, version, name, context, times_resurrected, idempotency_key, labels, run_config)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?, ?, ?)`,
		id, nullString(f.tenantID), ts, ts, f.id, jsonValue(params), store.FormatTime(sched), in.AutoScheduled,
		name, jsonValue(ctxv), nullString(in.IdempotencyKey), jsonValue(labels), runConfig); err != nil {
		return "", err
	}
	if err := m.CreateTaskRuns(ctx, q, id, f.id, f.tenantID, now); err != nil {
		return "", err
	}
	st := NewState("Scheduled", "Flow run scheduled.").WithStartTime(sched)
	return id, m.SetFlowRunState(ctx, q, id, "", st, now, "")
}

// runLabels applies create_flow_run's label precedence: input labels, input run_config,
// flow group labels, flow group run_config, flow run_config, flow environment.
func (m Machine) runLabels(in FlowRunInput, f flowInfo) []string {
	if in.Labels != nil {
		return in.Labels
	}
	if l, ok := stringList(in.RunConfig["labels"]); ok {
		return l
	}
	if f.fgLabels.Valid && f.fgLabels.String != "null" {
		var l []string
		decodeJSON(f.fgLabels, &l)
		if l != nil {
			return l
		}
	}
	for _, src := range []sql.NullString{f.fgRunConfig, f.runConfig, f.env} {
		if l, ok := labelsOf(src); ok {
			return l
		}
	}
	return []string{}
}

// CreateTaskRuns does what the insert_task_runs_after_flow_run_insert trigger does: one
// task run (map_index -1, version 0) per task of the flow, Pending "Task run created",
// with its history row.
func (m Machine) CreateTaskRuns(ctx context.Context, q Querier, flowRunID, flowID, tenant string, now time.Time) error {
	rows, err := q.QueryContext(ctx, `SELECT id, cache_key FROM task WHERE flow_id = ? ORDER BY id`, flowID)
	if err != nil {
		return err
	}
	type task struct {
		id       string
		cacheKey sql.NullString
	}
	var tasks []task
	for rows.Next() {
		var t task
		if err := rows.Scan(&t.id, &t.cacheKey); err != nil {
			rows.Close()
			return err
		}
		tasks = append(tasks, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tasks {
		if _, err := m.InsertTaskRun(ctx, q, flowRunID, t.id, tenant, -1, t.cacheKey, now); err != nil {
			return err
		}
	}
	return nil
}

// pendingSerialized is the serialized state the insert trigger writes.
const pendingSerialized = `{"type": "Pending", "message": "Task run created"}`

// InsertTaskRun inserts one Pending task run (and its version-0 history row) and
// returns its id.
func (m Machine) InsertTaskRun(ctx context.Context, q Querier, flowRunID, taskID, tenant string, mapIndex int, cacheKey sql.NullString, now time.Time) (string, error) {
	id := m.id()
	ts := store.FormatTime(now)
	if _, err := q.ExecContext(ctx, `INSERT INTO task_run (id, tenant_id, created, updated, flow_run_id, task_id, map_index,
		version, state, state_timestamp, state_message, serialized_state, cache_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, 0, 'Pending', ?, 'Task run created', ?, ?)`,
		id, nullString(tenant), ts, ts, flowRunID, taskID, mapIndex, ts, pendingSerialized, cacheKey); err != nil {
		return "", err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO task_run_state (id, tenant_id, task_run_id, timestamp, state, message,
		serialized_state, created, updated, version) VALUES (?, ?, ?, ?, 'Pending', 'Task run created', ?, ?, ?, 0)`,
		m.id(), nullString(tenant), id, ts, pendingSerialized, ts, ts)
	return id, err
}

var adjectives = []string{
	"able", "amber", "ancient", "bold", "brave", "bright", "calm", "clever", "cobalt", "cosmic",
	"crimson", "curious", "daring", "dazzling", "eager", "electric", "emerald", "fancy", "fearless", "fluffy",
	"gentle", "golden", "graceful", "happy", "hidden", "humble", "icy", "jolly", "keen", "lively",
	"lucky", "magnetic", "mellow", "mighty", "nimble", "noble", "olive", "orange", "patient", "polite",
	"proud", "quick", "quiet", "rapid", "rustic", "scarlet", "shiny", "silver", "smart", "spiffy",
	"steady", "sturdy", "swift", "tidy", "tiny", "vivid", "warm", "wise", "witty", "zealous",
}

var animals = []string{
	"aardvark", "albatross", "alpaca", "antelope", "badger", "bat", "beaver", "bison", "bobcat", "buffalo",
	"camel", "caribou", "cheetah", "chipmunk", "cobra", "cougar", "coyote", "crane", "dingo", "dolphin",
	"eagle", "eel", "elk", "falcon", "ferret", "finch", "gazelle", "gecko", "gibbon", "gopher",
	"heron", "hyena", "ibex", "iguana", "jackal", "jaguar", "kestrel", "koala", "lemur", "lion",
	"llama", "lynx", "marmot", "mink", "moose", "newt", "ocelot", "okapi", "oriole", "otter",
	"panda", "pelican", "puma", "quail", "rabbit", "raven", "seal", "sloth", "tapir", "walrus",
}

// GenerateName returns an "adjective-animal" run name (names.generate_slug(2)); r nil
// uses the global source.
func GenerateName(r *rand.Rand) string {
	if r == nil {
		return adjectives[rand.IntN(len(adjectives))] + "-" + animals[rand.IntN(len(animals))]
	}
	return adjectives[r.IntN(len(adjectives))] + "-" + animals[r.IntN(len(animals))]
}
