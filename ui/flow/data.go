package flow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/schedule"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/rundata"
	"github.com/prefect-tui/prefect-tui/ui/runhistory"
)

// nextTimes is how many upcoming schedule events the page lists.
const nextTimes = 10

// version is one version of the flow group.
type version struct {
	id       string
	version  int
	archived bool
	created  time.Time
}

// param is a flow parameter with its default.
type param struct {
	name, value string // value: the default as JSON
	required    bool
	// group is true when the flow group's default_parameters set the value.
	group bool
}

// field is one key of a run config or storage: "image", "ghcr.io/acme/flows:1".
type field struct{ key, value string }

// config is a run config, environment or storage as the page shows it.
type config struct {
	typ    string
	fields []field // every set key but type and __version__, sorted
	// group is true when it is the flow group's (it overrides the version's).
	group bool
	// legacy is true for an environment (flows from before run configs).
	legacy bool
}

// get returns a field's value ("" when unset).
func (c config) get(key string) string {
	for _, f := range c.fields {
		if f.key == key {
			return f.value
		}
	}
	return ""
}

// run is one run of the flow group.
type run struct {
	id, name, state, message string
	version                  int
	scheduled, start, end    time.Time
	labels                   []string
}

// page is one FlowPage answer, as the page shows it.
type page struct {
	groupID, flowID     string
	name, project       string
	projectID           string
	version             int
	archived            bool
	description         string
	coreVersion         string
	created             time.Time
	versions            []version // newest first
	scheduleActive      bool
	hasSchedule         bool
	scheduleFromGroup   bool
	clocks              []string
	next                []time.Time
	scheduleErr         string
	params              []param
	runConfig           config
	storage             config
	agentLabels         []string
	labelsFromGroup     bool
	runs                []run
	runsCount           int
	runsCapped          bool // more than runsCount runs: the count stopped at CountCap
	buckets             []components.HistoryBucket
	groupDefaultsBroken bool
}

// found reports whether the flow exists (flow_group_by_pk and the version answered).
func (p *page) found() bool { return p.flowID != "" }

func newPage(r *api.FlowPageResponse, q query) *page {
	g := r.Flow_group_by_pk
	p := &page{groupID: g.Id}
	for _, f := range g.Flows {
		p.versions = append(p.versions, version{id: f.Id, version: f.Version, archived: f.Archived, created: f.Created})
	}
	if len(r.Flow) == 0 || g.Id == "" {
		return p
	}
	f := r.Flow[0]
	p.flowID, p.name, p.version, p.archived = f.Id, f.Name, f.Version, f.Archived
	p.project, p.projectID = f.Project.Name, f.Project.Id
	p.coreVersion, p.created = f.Core_version, f.Created
	p.description = g.Description
	if p.description == "" {
		p.description = f.Description
	}
	p.scheduleActive = f.Is_schedule_active
	sched := f.Schedule
	if !isNull(g.Schedule) {
		sched, p.scheduleFromGroup = g.Schedule, true
	}
	if !isNull(sched) {
		p.hasSchedule = true
		if s, err := schedule.Parse(sched); err != nil {
			p.scheduleErr = err.Error()
		} else {
			p.clocks = s.Describe()
			for _, e := range s.Next(nextTimes, q.now) {
				p.next = append(p.next, e.Start)
			}
		}
	}
	p.params, p.groupDefaultsBroken = params(f.Parameters, g.Default_parameters)
	switch {
	case !isNull(g.Run_config):
		p.runConfig = readConfig(g.Run_config)
		p.runConfig.group = true
	case !isNull(f.Run_config):
		p.runConfig = readConfig(f.Run_config)
	case !isNull(f.Environment):
		p.runConfig = readConfig(f.Environment)
		p.runConfig.legacy = true
	}
	p.storage = readConfig(f.Storage)
	src := rundata.LabelSources{GroupLabels: g.Labels, GroupRunConfig: g.Run_config, RunConfig: f.Run_config, Environment: f.Environment}
	p.agentLabels = rundata.AgentLabels(src)
	p.labelsFromGroup = !isNull(g.Labels)
	for _, x := range r.Runs {
		p.runs = append(p.runs, run{
			id: x.Id, name: x.Name, state: x.State, message: x.State_message, version: x.Flow.Version,
			scheduled: x.Scheduled_start_time, start: x.Start_time, end: x.End_time, labels: rundata.Labels(x.Labels),
		})
	}
	p.runsCount = max(r.Runs_count.Aggregate.Count, len(p.runs))
	if p.runsCount > CountCap {
		p.runsCount, p.runsCapped = CountCap, true
	}
	p.buckets = runhistory.HistoryBuckets(r.RunHistory, q.window, runhistory.HistoryEdges(q.window, q.now))
	return p
}

// runsText is how many runs the group has: "10000+" when the count stopped there.
func (p *page) runsText() string {
	if p.runsCapped {
		return strconv.Itoa(p.runsCount) + "+"
	}
	return strconv.Itoa(p.runsCount)
}

func isNull(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s == "" || s == "null"
}

// params reads the flow's parameter definitions and overlays the flow group's
// defaults (what a run gets without parameters); broken reports group defaults that
// are not a JSON object.
func params(defs, groupDefaults json.RawMessage) (out []param, broken bool) {
	var ds []struct {
		Name     string          `json:"name"`
		Default  json.RawMessage `json:"default"`
		Required bool            `json:"required"`
	}
	if !isNull(defs) {
		_ = json.Unmarshal(defs, &ds)
	}
	group := map[string]json.RawMessage{}
	if !isNull(groupDefaults) && json.Unmarshal(groupDefaults, &group) != nil {
		broken = true
	}
	seen := map[string]bool{}
	for _, d := range ds {
		p := param{name: d.Name, value: compact(d.Default), required: d.Required}
		if v, ok := group[d.Name]; ok {
			p.value, p.group = compact(v), true
		}
		seen[d.Name] = true
		out = append(out, p)
	}
	var extra []string
	for k := range group {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		out = append(out, param{name: k, value: compact(group[k]), group: true})
	}
	return out, broken
}

// compact is a JSON value on one line ("null" when absent).
func compact(raw json.RawMessage) string {
	if isNull(raw) {
		return "null"
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// readConfig reads a serialized run config, environment or storage: its type and its
// other set keys (strings as they are, other values as JSON).
func readConfig(raw json.RawMessage) config {
	var m map[string]json.RawMessage
	if isNull(raw) || json.Unmarshal(raw, &m) != nil {
		return config{}
	}
	var c config
	if t, ok := m["type"]; ok {
		_ = json.Unmarshal(t, &c.typ)
	}
	for k, v := range m {
		if k == "type" || k == "__version__" || isNull(v) {
			continue
		}
		val := compact(v)
		var s string
		if json.Unmarshal(v, &s) == nil {
			val = s
		}
		if val == "" || val == "[]" || val == "{}" {
			continue
		}
		c.fields = append(c.fields, field{k, val})
	}
	sort.Slice(c.fields, func(i, j int) bool { return c.fields[i].key < c.fields[j].key })
	return c
}

// storageWhere is where the storage keeps the flow, in one phrase: "acme/flows@main
// flows/etl.py", "s3://bucket/key", "registry/image:tag", a directory.
func (c config) storageWhere() string {
	switch {
	case c.get("repo") != "":
		s := c.get("repo")
		if ref := c.get("ref"); ref != "" {
			s += "@" + ref
		}
		if p := c.get("path"); p != "" {
			s += " " + p
		}
		return s
	case c.get("bucket") != "":
		return fmt.Sprintf("%s/%s", c.get("bucket"), c.get("key"))
	case c.get("image_name") != "":
		s := c.get("image_name")
		if r := c.get("registry_url"); r != "" {
			s = r + "/" + s
		}
		if t := c.get("image_tag"); t != "" {
			s += ":" + t
		}
		return s
	case c.get("module") != "":
		return "module " + c.get("module")
	case c.get("path") != "":
		return c.get("path")
	case c.get("directory") != "":
		return c.get("directory")
	}
	return ""
}
