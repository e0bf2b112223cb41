package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/api"
)

func newGetTaskRunsCmd(c *cli) *cobra.Command {
	var output string
	var limit int
	cmd := &cobra.Command{
		Use:     "task-runs RUN",
		Aliases: []string{"task-run", "tr"},
		Short:   "Print the task runs of a flow run, in the order they started",
		Args:    cobra.ExactArgs(1),
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
			res, err := api.FindTaskRuns(cmd.Context(), client, args[0], limit)
			if err != nil {
				return err
			}
			return show(c.stdout, format, res.TaskRuns, func() *table { return taskRunsTable(res.TaskRuns) })
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 0, "at most this many task runs (0: all)")
	addOutputFlag(cmd, &output, outTable)
	return cmd
}

func taskRunsTable(trs []api.TaskRunSummary) *table {
	t := newTableOf(col("id"), col("task"), col("state"), col("started"), col("duration"),
		wcol("map index"), wcol("slug"), wcol("message"))
	for _, tr := range trs {
		name := tr.Task.Name
		if tr.Map_index >= 0 {
			name += "[" + strconv.Itoa(tr.Map_index) + "]"
		}
		t.add(tr.Id, name, str(tr.State), when(tr.Start_time), duration(tr.Start_time, tr.End_time),
			strconv.Itoa(tr.Map_index), tr.Task.Slug, str(tr.State_message))
	}
	return t.shortIDs()
}

type logsFlags struct {
	level, output string
	follow        bool
	limit         int
}

func newGetLogsCmd(c *cli) *cobra.Command {
	var f logsFlags
	cmd := &cobra.Command{
		Use:     "logs RUN",
		Aliases: []string{"log"},
		Short:   "Print the logs of a flow run, oldest first (--follow: and keep printing new ones)",
		Long: `logs prints a flow run's logs, oldest first. With --follow it then polls for new lines
(every second while they come, backing off to every 15 seconds while none do) until the
run has finished and no more came, or until interrupted (Ctrl-C).

-o table prints one line a log (time, level, message); -o wide adds the logger and the
task run; -o json and -o yaml print the log records, as a list, or with --follow one
record at a time (a JSON object a line, YAML documents).`,
		Example: `  prefect-tui get logs 01a243cf --level warning
  prefect-tui get logs brave-caribou --follow`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return c.runLogs(cmd.Context(), args[0], f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.level, "level", "", "only logs at this level and above: debug, info, warning, error or critical")
	fl.BoolVarP(&f.follow, "follow", "f", false, "keep printing new lines until the run has finished")
	fl.IntVar(&f.limit, "limit", 0, "at most this many lines, the oldest first (0: all); --follow then prints only lines stored later")
	addOutputFlag(cmd, &f.output, outTable)
	return cmd
}

func (c *cli) runLogs(ctx context.Context, ref string, f logsFlags) error {
	format, err := checkOutput(f.output)
	if err != nil {
		return err
	}
	var levels []string
	if f.level != "" {
		if levels, err = api.LevelsFrom(f.level); err != nil {
			return usageError{err}
		}
	}
	client, done, err := c.client(ctx)
	if err != nil {
		return err
	}
	defer done()
	res, err := api.FindRunLogs(ctx, client, ref, levels, f.limit)
	if err != nil {
		return err
	}
	lp := &logPrinter{w: c.stdout, format: format}
	if !f.follow {
		return lp.all(res.Logs)
	}
	if err := lp.lines(res.Logs); err != nil {
		return err
	}
	return c.follow(ctx, client, res, levels, lp)
}

// follow polls for the run's logs stored after res, one request a poll, every
// c.followEvery while lines come and backing off to 15 times that while none do. It
// stops when the run has finished and a poll found nothing new, or when ctx ends
// (SIGINT), which is not an error.
func (c *cli) follow(ctx context.Context, client *api.Client, res *api.RunLogs, levels []string, lp *logPrinter) error {
	base := c.followEvery
	wait := base
	for {
		finished := api.IsFinished(res.State)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		next, err := api.TailRunLogs(ctx, client, res.RunID, levels, res.Next)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if err := lp.lines(next.Logs); err != nil {
			return err
		}
		switch {
		case len(next.Logs) > 0:
			wait = base
		case finished && api.IsFinished(next.State):
			return nil
		default:
			wait = min(wait*2, 15*base)
		}
		res = next
	}
}

// logPrinter prints log lines in a format: all of them at once (json and yaml as one
// list), or as they come (lines: json and yaml one record at a time).
type logPrinter struct {
	w      io.Writer
	format string
}

func (p *logPrinter) all(logs []api.LogRecord) error {
	if structured(p.format) {
		if logs == nil {
			logs = []api.LogRecord{}
		}
		return writeData(p.w, p.format, logs)
	}
	return p.lines(logs)
}

func (p *logPrinter) lines(logs []api.LogRecord) error {
	for _, l := range logs {
		if err := p.line(l); err != nil {
			return err
		}
	}
	return nil
}

func (p *logPrinter) line(l api.LogRecord) error {
	switch p.format {
	case outJSON:
		return writeCompactJSON(p.w, l)
	case outYAML:
		if _, err := io.WriteString(p.w, "---\n"); err != nil {
			return err
		}
		return writeData(p.w, outYAML, l)
	}
	ts := l.Timestamp.Local().Format("2006-01-02 15:04:05")
	extra := ""
	if p.format == outWide {
		extra = " " + orDash(str(l.Name))
		if l.Task_run_id != nil {
			extra += " task-run=" + *l.Task_run_id
		}
	}
	_, err := fmt.Fprintf(p.w, "%s %-8s%s %s\n", ts, str(l.Level), extra, strings.TrimRight(str(l.Message), "\n"))
	return err
}
