package cli

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/api"
)

func newGetCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "get flows|flow-runs|task-runs RUN|logs RUN|agents|projects",
		Short: "Print flows, flow runs, task runs, logs, agents or projects (for scripts)",
		Long: `get prints what the API holds, for people (-o table, the default, or -o wide with
every column and whole ids) and for scripts (-o json or -o yaml: the API's own fields).

RUN is a flow run's id, a unique prefix of it (the explorer shows the first 8
characters), or its name; when it matches more than one run, get says so and names them.
A --limit beyond one page is read page by page.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newGetFlowRunsCmd(c), newGetFlowsCmd(c), newGetTaskRunsCmd(c), newGetLogsCmd(c),
		newGetAgentsCmd(c), newGetProjectsCmd(c))
	return cmd
}

// client opens the debug log and connects to the API as every command that reads data
// does; done closes the log.
func (c *cli) client(ctx context.Context) (client *api.Client, done func(), err error) {
	s, l, closeLog, err := c.start()
	if err != nil {
		return nil, nil, err
	}
	conn, err := c.connectTo(ctx, s, l)
	if err != nil {
		closeLog()
		return nil, nil, err
	}
	return conn.Client, closeLog, nil
}

type flowRunsFlags struct {
	flow, project, since, output string
	states, labels               []string
	limit                        int
}

func newGetFlowRunsCmd(c *cli) *cobra.Command {
	var f flowRunsFlags
	cmd := &cobra.Command{
		Use:     "flow-runs",
		Aliases: []string{"flow-run", "runs", "fr"},
		Short:   "Print flow runs, the latest scheduled first",
		Example: `  prefect-tui get flow-runs --state Failed --since 24h
  prefect-tui get flow-runs --flow etl-orders --label prod --limit 500 -o json | jq '.[].id'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := checkOutput(f.output)
			if err != nil {
				return err
			}
			filter, err := f.filter(time.Now())
			if err != nil {
				return err
			}
			client, done, err := c.client(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			runs, err := api.FindFlowRuns(cmd.Context(), client, filter, f.limit)
			if err != nil {
				return err
			}
			return show(c.stdout, format, runs, func() *table { return flowRunsTable(runs) })
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.flow, "flow", "", "only the runs of the flow with this name (every version)")
	fl.StringVar(&f.project, "project", "", "only the runs of flows in this project")
	fl.StringSliceVar(&f.states, "state", nil, "only runs in these states (Failed,Running; repeatable)")
	fl.StringArrayVar(&f.labels, "label", nil, "only runs with this label (repeatable: every one)")
	fl.StringVar(&f.since, "since", "", "only runs scheduled since: a duration back from now (90m, 24h, 7d) or a date or time (2026-03-01, RFC 3339)")
	fl.IntVar(&f.limit, "limit", 50, "at most this many runs (0: all)")
	addOutputFlag(cmd, &f.output, outTable)
	return cmd
}

func (f flowRunsFlags) filter(now time.Time) (api.FlowRunFilter, error) {
	out := api.FlowRunFilter{Flow: f.flow, Project: f.project, Labels: f.labels}
	for _, s := range f.states {
		name := api.StateName(strings.TrimSpace(s))
		if name == "" {
			return out, usagef("--state %q is not a Prefect state (%s)", s, strings.Join(api.StateNames, ", "))
		}
		out.States = append(out.States, name)
	}
	if f.since != "" {
		t, err := parseSince(f.since, now)
		if err != nil {
			return out, err
		}
		out.Since = t
	}
	if f.limit < 0 {
		return out, usagef("--limit must be 0 (all) or more")
	}
	return out, nil
}

// parseSince reads --since: a duration back from now (Go's, plus d for days) or an
// absolute date or time.
func parseSince(s string, now time.Time) (time.Time, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if days, err := strconv.Atoi(n); err == nil && days >= 0 {
			return now.Add(-time.Duration(days) * 24 * time.Hour), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("--since %q: want a duration (90m, 24h, 7d) or a date or time (2026-03-01, 2026-03-01T12:00:00Z)", s)
}

func flowRunsTable(runs []api.FlowRunSummary) *table {
	t := newTableOf(col("id"), col("name"), col("flow"), col("state"), col("scheduled"), col("started"), col("duration"),
		wcol("flow version"), wcol("project"), wcol("labels"), wcol("agent"), wcol("message"))
	for _, r := range runs {
		agent := ""
		if r.Agent != nil {
			agent = str(r.Agent.Name)
		}
		t.add(r.Id, str(r.Name), r.Flow.Name, str(r.State), when(&r.Scheduled_start_time), when(r.Start_time),
			duration(r.Start_time, r.End_time), intp(r.Flow.Version), r.Flow.Project.Name, labels(r.Labels), agent,
			str(r.State_message))
	}
	return t.shortIDs()
}

type flowsFlags struct {
	name, project, output string
	all                   bool
	limit                 int
}

func newGetFlowsCmd(c *cli) *cobra.Command {
	var f flowsFlags
	cmd := &cobra.Command{
		Use:     "flows",
		Aliases: []string{"flow"},
		Short:   "Print flows (their current versions) by name",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := checkOutput(f.output)
			if err != nil {
				return err
			}
			client, done, err := c.client(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			flows, err := api.FindFlows(cmd.Context(), client, api.FlowFilter{Name: f.name, Project: f.project, AllVersions: f.all}, f.limit)
			if err != nil {
				return err
			}
			return show(c.stdout, format, flows, func() *table { return flowsTable(flows) })
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.name, "name", "", "only the flow with this name")
	fl.StringVar(&f.project, "project", "", "only the flows of this project")
	fl.BoolVar(&f.all, "all-versions", false, "every version, not only the current one")
	fl.IntVar(&f.limit, "limit", 0, "at most this many flows (0: all)")
	addOutputFlag(cmd, &f.output, outTable)
	return cmd
}

func flowsTable(flows []api.FlowSummary) *table {
	t := newTableOf(col("id"), col("name"), col("version"), col("project"), col("schedule"), col("created"),
		wcol("archived"), wcol("flow group"), wcol("core version"))
	for _, f := range flows {
		sched := "off"
		if f.Is_schedule_active {
			sched = "on"
		}
		t.add(f.Id, f.Name, intp(f.Version), f.Project.Name, sched, when(&f.Created),
			strconv.FormatBool(f.Archived), f.Flow_group_id, str(f.Core_version))
	}
	return t.shortIDs()
}

// shortIDs marks the table's first column as ids, which table output shortens to the
// 8 characters the explorer shows and wide output prints whole.
func (t *table) shortIDs() *table {
	t.short = true
	return t
}

// ---- cell formatting ----

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func intp(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// when is a time in the local zone to the second ("" for none).
func when(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

// duration is end - start, rounded to the second ("" until both are known).
func duration(start, end *time.Time) string {
	if start == nil || end == nil || start.IsZero() || end.IsZero() {
		return ""
	}
	return end.Sub(*start).Round(time.Second).String()
}

// labels is a JSON list of labels as "a,b".
func labels(raw json.RawMessage) string {
	var ls []string
	if json.Unmarshal(raw, &ls) != nil {
		return ""
	}
	return strings.Join(ls, ",")
}
