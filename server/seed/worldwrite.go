package seed

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/server/mutations"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// world is the fixed part of a seeded tenant that runs refer to.
type world struct {
	tenantID string
	groups   []*groupRec
	agents   []agentRec
	cfgID    string
}

type groupRec struct {
	id, name string
	def      *flowDef
	versions []*flowRec // oldest first; the last one is current
	labels   []string   // effective run labels (flow group override, else run_config)
	runCfg   string     // run_config JSON of the current version
	params   map[string]any
}

type flowRec struct {
	id       string
	version  int
	archived bool
	created  time.Time
	tasks    []*taskRec // topological order
	group    *groupRec
}

type taskRec struct {
	id, name string
	def      *taskDef
	up       []*taskRec
	root     bool
	terminal bool
	ref      bool
}

type agentRec struct {
	id     string
	def    agentDef
	labels []string
}

func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with literal data of this package
	}
	return string(b)
}

func scheduleJSON(d *flowDef, start time.Time) any {
	var clock map[string]any
	switch {
	case d.interval > 0:
		clock = map[string]any{"type": "IntervalClock", "interval": d.interval.Microseconds(),
			"start_date": map[string]any{"dt": start.Format("2006-01-02T15:04:05"), "tz": "UTC"}, "parameter_defaults": map[string]any{}, "labels": nil, "__version__": mutations.CoreVersion}
	case d.cron != "":
		clock = map[string]any{"type": "CronClock", "cron": d.cron, "day_or": true,
			"start_date": map[string]any{"dt": start.Format("2006-01-02T15:04:05"), "tz": "UTC"}, "parameter_defaults": map[string]any{}, "labels": nil, "__version__": mutations.CoreVersion}
	default:
		return nil
	}
	return map[string]any{"type": "Schedule", "__version__": mutations.CoreVersion, "clocks": []any{clock},
		"filters": []any{}, "not_filters": []any{}, "or_filters": []any{}, "adjustments": []any{}}
}

func runConfigJSON(d *flowDef) map[string]any {
	rc := map[string]any{"type": d.runConfig, "labels": d.labels, "env": nil, "__version__": mutations.CoreVersion}
	switch d.runConfig {
	case "KubernetesRun":
		rc["image"] = "ghcr.io/acme/flows:2026.11"
		rc["cpu_request"] = "500m"
		rc["memory_request"] = "1Gi"
	case "DockerRun":
		rc["image"] = "acme/flows:latest"
	case "LocalRun":
		rc["working_dir"] = "/srv/flows"
	}
	return rc
}

// storageJSON is the storage a registration of the flow would have written. The demo's
// flows exist only as these rows, so each names where its code would be as Prefect
// does (the flows map that get_flow reads): a real agent that picks up a demo run then
// fails it with the true reason, e.g. Local storage's module "acme_flows.kpi_digest"
// is not installed ("No module named 'acme_flows'").
func storageJSON(d *flowDef, v int) map[string]any {
	switch d.runConfig {
	case "DockerRun":
		return map[string]any{"type": "Docker", "image_name": "acme/" + d.name, "image_tag": fmt.Sprintf("v%d", v),
			"registry_url": "registry.acme.io", "flows": map[string]any{d.name: "/opt/prefect/flows/" + d.name + ".prefect"},
			"stored_as_script": false, "secrets": []any{}, "__version__": mutations.CoreVersion}
	case "LocalRun":
		module := "acme_flows." + strings.ReplaceAll(d.name, "-", "_")
		return map[string]any{"type": "Local", "directory": "~/.prefect/flows", "path": module, "stored_as_script": true,
			"flows": map[string]any{d.name: module}, "secrets": []any{}, "__version__": mutations.CoreVersion}
	default:
		return map[string]any{"type": "GitHub", "repo": "acme/prefect-flows", "path": "flows/" + d.name + ".py", "ref": "main",
			"flows": map[string]any{d.name: "flows/" + d.name + ".py"}, "secrets": []any{}, "__version__": mutations.CoreVersion}
	}
}

func writeWorld(ctx context.Context, conn *sql.Conn, w *writer, g *ids, o buildOptions) (*world, error) {
	now := o.now
	wd := &world{tenantID: o.tenantID}
	ts := func(t time.Time) string { return store.FormatTime(t) }
	tenantCreated := now.Add(-60 * 24 * time.Hour).Truncate(24 * time.Hour)
	var exists int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM tenant WHERE id = ?`, o.tenantID).Scan(&exists); err != nil {
		return nil, err
	}
	if exists == 0 {
		if err := w.add("tenant", colsTenant, o.tenantID, ts(tenantCreated), ts(tenantCreated), o.tenantName, o.slug, nil, `{}`); err != nil {
			return nil, err
		}
	}
	projectIDs := map[string]string{}
	for i, p := range projects {
		id := g.named("project/" + p.name)
		projectIDs[p.name] = id
		c := tenantCreated.Add(time.Duration(i+1) * time.Hour)
		if err := w.add("project", colsProject, id, o.tenantID, ts(c), ts(c), p.name, p.description); err != nil {
			return nil, err
		}
	}
	schedStart := now.Add(-40 * 24 * time.Hour).Truncate(24 * time.Hour)
	for gi := range flowDefs {
		d := &flowDefs[gi]
		gr := &groupRec{id: g.named("flow_group/" + d.name), def: d, name: d.name}
		rc := runConfigJSON(d)
		gr.runCfg = js(rc)
		gr.labels = d.labels
		var fgLabels any
		if d.fgLabels != nil {
			gr.labels, fgLabels = d.fgLabels, js(d.fgLabels)
		}
		var paramDefs []any
		gr.params = map[string]any{}
		for _, p := range d.params {
			paramDefs = append(paramDefs, map[string]any{"name": p.name, "slug": p.name, "default": p.def, "required": p.required,
				"type": "prefect.core.parameter.Parameter", "description": nil, "tags": []any{}, "__version__": mutations.CoreVersion})
			if !p.required {
				gr.params[p.name] = p.def
			}
		}
		fgCreated := schedStart.Add(time.Duration(gi) * time.Hour)
		settings := js(map[string]any{"heartbeat_enabled": true, "lazarus_enabled": true, "version_locking_enabled": false})
		if err := w.add("flow_group", colsFG, gr.id, o.tenantID, ts(fgCreated), ts(fgCreated), gr.id, fgLabels, nil,
			settings, `{}`, nil, nullable(d.description)); err != nil {
			return nil, err
		}
		span := 35 * 24 * time.Hour / time.Duration(d.versions)
		for v := 1; v <= d.versions; v++ {
			f := &flowRec{id: g.named(fmt.Sprintf("flow/%s/%d", d.name, v)), version: v, group: gr,
				archived: v < d.versions, created: fgCreated.Add(time.Duration(v-1) * span)}
			if err := writeFlow(w, g, wd, o.tenantID, projectIDs[d.project], f, d, rc, paramDefs, schedStart); err != nil {
				return nil, err
			}
			gr.versions = append(gr.versions, f)
		}
		wd.groups = append(wd.groups, gr)
	}
	wd.cfgID = g.named("agent_config/default")
	c := ts(tenantCreated.Add(2 * time.Hour))
	if err := w.add("agent_config", colsAgentCfg, wd.cfgID, c, c, o.tenantID, "k8s-default",
		js(map[string]any{"concurrency": 10, "namespace": "prefect", "image_pull_policy": "IfNotPresent"})); err != nil {
		return nil, err
	}
	for i, a := range agentDefs {
		id := g.named("agent/" + a.name)
		last := now.Add(-time.Duration(2+i*3) * time.Second)
		if a.stale {
			last = now.Add(-3*24*time.Hour - 17*time.Minute)
		}
		var cfg any
		if a.typ == "KubernetesAgent" {
			cfg = wd.cfgID
		}
		created := ts(tenantCreated.Add(time.Duration(3+i) * time.Hour))
		if err := w.add("agent", colsAgent, id, created, created, o.tenantID, cfg, a.name, a.typ, mutations.CoreVersion,
			js(a.labels), ts(last)); err != nil {
			return nil, err
		}
		wd.agents = append(wd.agents, agentRec{id: id, def: a, labels: a.labels})
	}
	return wd, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func writeFlow(w *writer, g *ids, wd *world, tenant, projectID string, f *flowRec, d *flowDef, rc map[string]any, paramDefs []any, schedStart time.Time) error {
	ts := store.FormatTime(f.created)
	byName := map[string]*taskRec{}
	var tasks []any
	var edges []any
	for i := range d.shape {
		td := &d.shape[i]
		t := &taskRec{id: g.named(fmt.Sprintf("task/%s/%d/%s", d.name, f.version, td.name)), name: td.name, def: td}
		for _, u := range td.up {
			t.up = append(t.up, byName[u])
		}
		t.root = len(t.up) == 0
		byName[td.name] = t
		f.tasks = append(f.tasks, t)
	}
	down := map[*taskRec][]*taskRec{}
	for _, t := range f.tasks {
		for _, u := range t.up {
			down[u] = append(down[u], t)
		}
	}
	for _, t := range f.tasks {
		t.terminal = len(down[t]) == 0
		if t.terminal {
			if t.def.trigger == "prefect.triggers.all_finished" {
				for _, u := range t.up {
					u.ref = true
				}
			} else {
				t.ref = true
			}
		}
	}
	for _, t := range f.tasks {
		td := t.def
		trigger := td.trigger
		if trigger == "" {
			trigger = "prefect.triggers.all_successful"
		}
		var retryDelay, cacheKey any
		if td.retries > 0 {
			retryDelay = "00:01:00"
		}
		if td.cacheKey != "" {
			cacheKey = td.cacheKey
		}
		tags := []string{}
		if td.retries > 0 {
			tags = append(tags, "network")
		}
		slug := td.name + "-1"
		if err := w.add("task", colsTask, t.id, tenant, ts, ts, f.id, td.name, slug, nil, td.typ, td.retries, retryDelay,
			trigger, td.mapped, td.auto, cacheKey, t.root, t.terminal, t.ref, js(tags)); err != nil {
			return err
		}
		tasks = append(tasks, map[string]any{"name": td.name, "slug": slug, "type": td.typ})
		for j, u := range t.up {
			key := any(nil)
			if j < len(td.keys) {
				key = td.keys[j]
			}
			mapped := td.mapped && j == 0
			if err := w.add("edge", colsEdge, g.named(fmt.Sprintf("edge/%s/%d/%s/%s", d.name, f.version, u.name, td.name)), tenant, ts, ts,
				f.id, u.id, t.id, key, mapped); err != nil {
				return err
			}
			edges = append(edges, map[string]any{"upstream_task": map[string]any{"slug": u.name + "-1"},
				"downstream_task": map[string]any{"slug": slug}, "key": key, "mapped": mapped})
		}
	}
	sched := scheduleJSON(d, schedStart)
	var schedule any
	if sched != nil {
		schedule = js(sched)
	}
	storage := storageJSON(d, f.version)
	serialized := map[string]any{"name": d.name, "type": "prefect.core.flow.Flow", "__version__": mutations.CoreVersion,
		"tasks": tasks, "edges": edges, "parameters": paramDefs, "schedule": sched, "storage": storage, "run_config": rc,
		"reference_tasks": []any{}, "environment": nil}
	active := d.active && !f.archived && sched != nil
	desc := any(nil)
	if d.description != "" {
		desc = d.description
	}
	params := "[]"
	if paramDefs != nil {
		params = js(paramDefs)
	}
	return w.add("flow", colsFlow, f.id, tenant, ts, ts, f.version, d.name, desc, nil, params, projectID,
		f.archived, f.group.id, js(storage), mutations.CoreVersion, `{}`, js(serialized), schedule, active, f.group.id, js(rc))
}
