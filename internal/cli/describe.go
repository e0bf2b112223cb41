package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/api"
)

func newDescribeCmd(c *cli) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "describe RUN|FLOW",
		Short: "Describe a flow run or a flow: state history, task runs, recent runs",
		Long: `describe looks its argument up as a flow run and as a flow at once: an id, a unique
prefix of one, a run's name, or a flow's name (its current version), and prints what it
found. -o json and -o yaml print {"flow_run": {...}} or {"flow": {...}}.`,
		Example: `  prefect-tui describe brave-caribou
  prefect-tui describe etl-payments -o wide`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := checkOutput(output)
			if err != nil {
				return err
			}
			client, done, err := c.client(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			d, err := api.DescribeRef(cmd.Context(), client, args[0])
			if err != nil {
				return err
			}
			wide := format == outWide
			switch {
			case structured(format) && d.Run != nil:
				return writeData(c.stdout, format, map[string]any{"flow_run": d.Run})
			case structured(format):
				return writeData(c.stdout, format, map[string]any{"flow": d.Flow})
			case d.Run != nil:
				return describeRun(c.stdout, d.Run, wide)
			}
			return describeFlow(c.stdout, d.Flow, wide)
		},
	}
	addOutputFlag(cmd, &output, outTable)
	return cmd
}

// fields prints "Name:  value" lines aligned, leaving out empty values.
type fields struct{ tw *tabwriter.Writer }

func newFields(w io.Writer) fields { return fields{tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)} }

func (f fields) add(name, value string) {
	if value != "" {
		fmt.Fprintf(f.tw, "%s:\t%s\n", name, value)
	}
}

func (f fields) flush() error { return f.tw.Flush() }

func describeRun(w io.Writer, r *api.DescribeRunOrFlowFlow_run, wide bool) error {
	f := newFields(w)
	f.add("Flow run", str(r.Name))
	f.add("ID", r.Id)
	flow := r.Flow.Name
	if v := intp(r.Flow.Version); v != "" {
		flow += " (version " + v + ", project " + r.Flow.Project.Name + ")"
	}
	f.add("Flow", flow)
	state := str(r.State)
	if m := str(r.State_message); m != "" {
		state += ": " + m
	}
	f.add("State", state)
	f.add("Scheduled", when(&r.Scheduled_start_time))
	f.add("Started", when(r.Start_time))
	f.add("Ended", when(r.End_time))
	f.add("Duration", duration(r.Start_time, r.End_time))
	f.add("Labels", labels(r.Labels))
	if r.Agent != nil {
		f.add("Agent", str(r.Agent.Name)+" ("+r.Agent.Id+")")
	}
	f.add("Task runs", taskRunCounts(r))
	if wide {
		f.add("Version", strconv.Itoa(r.Version))
		f.add("Idempotency key", str(r.Idempotency_key))
		f.add("Parameters", compactJSON(r.Parameters))
		f.add("Run config", compactJSON(r.Run_config))
	}
	if err := f.flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "States:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, s := range r.States {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", when(&s.Timestamp), str(s.State), strings.ReplaceAll(str(s.Message), "\n", " "))
	}
	return tw.Flush()
}

// taskRunCounts is "12 (Success 10, Failed 2)": the task runs and how many are in each
// state (of the unmapped ones read).
func taskRunCounts(r *api.DescribeRunOrFlowFlow_run) string {
	n := r.Task_runs_aggregate.Aggregate.Count
	if n == 0 {
		return "0"
	}
	count := map[string]int{}
	for _, tr := range r.Task_runs {
		count[str(tr.State)]++
	}
	states := make([]string, 0, len(count))
	for s := range count {
		states = append(states, s)
	}
	sort.Slice(states, func(i, j int) bool {
		if count[states[i]] != count[states[j]] {
			return count[states[i]] > count[states[j]]
		}
		return states[i] < states[j]
	})
	parts := make([]string, len(states))
	for i, s := range states {
		parts[i] = s + " " + strconv.Itoa(count[s])
	}
	return strconv.Itoa(n) + " (" + strings.Join(parts, ", ") + ")"
}

func describeFlow(w io.Writer, fl *api.DescribeRunOrFlowFlow, wide bool) error {
	f := newFields(w)
	f.add("Flow", fl.Name)
	f.add("ID", fl.Id)
	f.add("Version", intp(fl.Version))
	f.add("Project", fl.Project.Name)
	sched := "off"
	if fl.Is_schedule_active {
		sched = "on"
	}
	f.add("Schedule", sched)
	f.add("Archived", strconv.FormatBool(fl.Archived))
	f.add("Labels", labels(fl.Flow_group.Labels))
	f.add("Tasks", strconv.Itoa(fl.Tasks_aggregate.Aggregate.Count))
	f.add("Created", when(&fl.Created))
	f.add("Description", str(fl.Description))
	if wide {
		f.add("Flow group", fl.Flow_group_id)
		f.add("Core version", str(fl.Core_version))
		f.add("Parameters", compactJSON(fl.Parameters))
		f.add("Schedule spec", compactJSON(fl.Schedule))
		f.add("Run config", compactJSON(fl.Run_config))
		f.add("Storage", compactJSON(fl.Storage))
	}
	if err := f.flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "Recent runs:")
	t := newTableOf(col("id"), col("name"), col("state"), col("scheduled"))
	for _, r := range fl.Flow_runs {
		t.add(r.Id, str(r.Name), str(r.State), when(&r.Scheduled_start_time))
	}
	if !wide {
		t.shortIDs()
	}
	return t.write(w, wide)
}

// compactJSON is a JSON value on one line ("" for null).
func compactJSON(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return ""
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return s
	}
	return b.String()
}
