package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/answer"
	"github.com/prefect-tui/prefect-tui/api/gqlprep"
	"github.com/prefect-tui/prefect-tui/api/history"
	"github.com/prefect-tui/prefect-tui/api/schemacache"
)

// queryFlags are `prefect-tui query`'s own flags.
type queryFlags struct {
	query     string
	vars      []string
	variables string
	saved     string
	output    string
	operation string
	yes       bool
}

func newQueryCmd(c *cli) *cobra.Command {
	var f queryFlags
	cmd := &cobra.Command{
		Use:   "query [FILE | -]",
		Short: "Run a GraphQL operation and print the JSON answer",
		Long: `query sends one GraphQL operation to the API and prints the answer's data as JSON on
stdout (or as a table with --output table). GraphQL, JSON and transport errors go to
stderr and the exit status is 1.

The operation comes from FILE, from stdin ("-"), from --query, or from a query saved
in the editor (--saved NAME). When the editor has cached the API's schema, the
operation and its variables are validated against it before anything is sent.
As in the editor, every top-level list field without a limit gets limit: 100 (said on
stderr), and mutations are refused with --read-only and need --yes otherwise.`,
		Example: `  prefect-tui query --query '{ flow(where: {archived: {_eq: false}}) { name version } }'
  prefect-tui query runs.graphql --var state=Failed --output table
  prefect-tui query --saved failed-runs --variables '{"since": "2026-01-01"}'
  echo '{ hello }' | prefect-tui query -`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return c.runQuery(cmd, args, f) },
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.query, "query", "q", "", "the operation text")
	fl.StringArrayVar(&f.vars, "var", nil, "a variable, name=value (value as JSON when it parses, else a string); repeatable")
	fl.StringVar(&f.variables, "variables", "", "variables as a JSON object (--var values override)")
	fl.StringVar(&f.saved, "saved", "", "run the query saved in the editor under this name")
	fl.StringVarP(&f.output, "output", "o", "json", "json or table")
	fl.StringVar(&f.operation, "operation", "", "the operation to run when the document has several")
	fl.BoolVar(&f.yes, "yes", false, "send a mutation without asking")
	return cmd
}

func (c *cli) runQuery(cmd *cobra.Command, args []string, f queryFlags) error {
	if f.output != "json" && f.output != "table" {
		return fmt.Errorf("--output must be json or table, not %q", f.output)
	}
	l, closeLog, err := c.logger()
	if err != nil {
		return err
	}
	defer closeLog()
	s, err := c.settings()
	if err != nil {
		return err
	}
	apiURL := s.Endpoint
	store, herr := history.Open(c.userDir("config", "history"), apiURL)
	if herr != nil {
		l.Printf("query: history: %v", herr)
	}
	text, varText, err := c.queryText(args, f, store)
	if err != nil {
		return err
	}
	vars, err := mergeVars(varText, f.variables, f.vars)
	if err != nil {
		return err
	}
	var schema *ast.Schema
	if e, err := schemacache.Load(c.userDir("cache", "schema"), apiURL); err == nil {
		schema = e.Schema
	} else if !errors.Is(err, schemacache.ErrNotCached) {
		l.Printf("query: schema cache: %v", err)
	}
	plan, errs := gqlprep.Prepare(schema, text, f.operation, -1)
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintln(c.stderr, "error:", queryErrorLine(e.Message, e.Locations))
		}
		return errReported
	}
	varsJSON, _ := json.Marshal(vars)
	if _, err := gqlprep.Variables(schema, plan.Op, string(varsJSON)); err != nil {
		fmt.Fprintln(c.stderr, "error:", err)
		return errReported
	}
	if plan.IsMutation() {
		if c.flags.ReadOnly {
			return errors.New("read-only mode: mutations are refused")
		}
		if !f.yes {
			return errors.New("this is a mutation: add --yes to send it")
		}
	}
	if len(plan.Limited) > 0 {
		fmt.Fprintf(c.stderr, "note: added limit: %d to %s (set your own limit to change it)\n", gqlprep.DefaultLimit, strings.Join(plan.Limited, ", "))
	}
	conn, err := c.connect(cmd.Context(), l)
	if err != nil {
		return err
	}
	res, runErr := api.Run(cmd.Context(), conn.Client, plan.Query, vars, plan.OpName)
	entry := history.Entry{Query: api.Scrub(plan.Query), Variables: api.Scrub(string(varsJSON)), OpName: plan.OpName, At: time.Now(), Elapsed: res.Elapsed, Bytes: res.Bytes}
	if runErr != nil {
		entry.Error = api.Describe(runErr)
	} else if len(res.Errors) > 0 {
		entry.Error = res.Errors[0].Message
	}
	if entry.Variables == "null" {
		entry.Variables = ""
	}
	if store != nil {
		if err := store.Add(entry); err != nil {
			l.Printf("query: history not saved: %v", err)
		}
	}
	if runErr != nil {
		return runErr
	}
	if string(res.Data) != "null" || len(res.Errors) == 0 {
		if err := writeAnswer(c.stdout, res.Data, f.output); err != nil {
			return err
		}
	}
	if len(res.Errors) > 0 {
		for _, e := range res.Errors {
			fmt.Fprintln(c.stderr, "error:", api.Scrub(queryErrorLine(e.Message, e.Locations)))
		}
		return errReported
	}
	return nil
}

// queryText reads the operation from exactly one source.
func (c *cli) queryText(args []string, f queryFlags, store *history.Store) (text, vars string, err error) {
	n := 0
	for _, set := range []bool{len(args) > 0, f.query != "", f.saved != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		return "", "", errors.New("give the operation as FILE, - (stdin), --query or --saved (exactly one)")
	}
	switch {
	case f.query != "":
		return f.query, "", nil
	case f.saved != "":
		if store == nil {
			return "", "", errors.New("saved queries are not available")
		}
		q, ok := store.Get(f.saved)
		if !ok {
			return "", "", fmt.Errorf("no saved query named %q for this API", f.saved)
		}
		return q.Query, q.Variables, nil
	case args[0] == "-":
		data, err := io.ReadAll(c.stdin)
		return string(data), "", err
	}
	data, err := os.ReadFile(args[0])
	return string(data), "", err
}

// mergeVars: the saved query's variables, then --variables, then each --var.
func mergeVars(saved, variables string, pairs []string) (map[string]any, error) {
	out := map[string]any{}
	for _, src := range []string{saved, variables} {
		if strings.TrimSpace(src) == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(src))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			return nil, gqlprep.JSONError(src, err)
		}
		for k, v := range m {
			out[k] = v
		}
	}
	for _, p := range pairs {
		name, value, ok := strings.Cut(p, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("--var %q: want name=value", p)
		}
		dec := json.NewDecoder(strings.NewReader(value))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil || dec.More() {
			v = value
		}
		out[name] = v
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func queryErrorLine(msg string, locs []gqlerror.Location) string {
	if len(locs) > 0 {
		return fmt.Sprintf("%d:%d %s", locs[0].Line, locs[0].Column, msg)
	}
	return msg
}

// writeAnswer prints data as indented JSON, or as a table of its first list of
// objects.
func writeAnswer(w io.Writer, data []byte, output string) error {
	if output == "json" {
		var out strings.Builder
		var v json.RawMessage = data
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return fmt.Errorf("the answer is not JSON: %w", err)
		}
		out.Write(b)
		out.WriteByte('\n')
		_, err = io.WriteString(w, out.String())
		return err
	}
	t, err := answer.Parse(data)
	if err != nil {
		return err
	}
	i := t.FirstTable(0)
	if i < 0 {
		return errors.New("the answer has no list of objects to show as a table (use --output json)")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, rec := range answer.NewTable(t, i).Records(true) {
		fmt.Fprintln(tw, strings.Join(rec, "\t"))
	}
	return tw.Flush()
}

// userDir is where the editor keeps its files: kind "cache" (the schema) or "config"
// (history and saved queries), read from the cli's environment so tests stay private.
func (c *cli) userDir(kind, sub string) string {
	if runtime.GOOS == "linux" || c.getenv("XDG_CACHE_HOME") != "" || c.getenv("XDG_CONFIG_HOME") != "" {
		xdg, fallback := "XDG_CACHE_HOME", ".cache"
		if kind == "config" {
			xdg, fallback = "XDG_CONFIG_HOME", ".config"
		}
		if d := c.getenv(xdg); d != "" {
			return filepath.Join(d, "prefect-tui", sub)
		}
		if h := c.getenv("HOME"); h != "" {
			return filepath.Join(h, fallback, "prefect-tui", sub)
		}
	}
	var d string
	var err error
	if kind == "config" {
		d, err = os.UserConfigDir()
	} else {
		d, err = os.UserCacheDir()
	}
	if err != nil {
		return filepath.Join(os.TempDir(), "prefect-tui", sub)
	}
	return filepath.Join(d, "prefect-tui", sub)
}
