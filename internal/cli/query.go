package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/api"
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
in the editor (--saved NAME). FILE and stdin may also hold a JSON request body,
{"query": …, "variables": …, "operationName": …}, as curl users write it and the web
UI's "copy request" gives it (--variables, --var and --operation override its members).
When the editor has cached the API's schema, the operation and its variables are
validated against it before anything is sent; without one, the variables are still
checked against the Prefect schema prefect-tui is built with, when the operation fits it.
As in the editor, every top-level list field without a limit gets limit: 100 (said on
stderr), and mutations are refused with --read-only; otherwise they are sent with
--yes, or after you answer y when asked on a terminal.`,
		Example: `  prefect-tui query --query '{ flow(where: {archived: {_eq: false}}) { name version } }'
  prefect-tui query runs.graphql --var state=Failed --output table
  prefect-tui query --saved failed-runs --variables '{"since": "2026-01-01"}'
  echo '{ hello }' | prefect-tui query -
  echo '{"query": "query($n: Int!) { flow_run(limit: $n) { id } }", "variables": {"n": 2}}' | prefect-tui query -`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return c.runQuery(cmd, args, f) },
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.query, "query", "q", "", "the operation text")
	fl.StringArrayVar(&f.vars, "var", nil, "a variable, name=value (value as JSON when it parses, else a string); repeatable")
	fl.StringVar(&f.variables, "variables", "", "variables as a JSON object (--var values override)")
	fl.StringVar(&f.saved, "saved", "", "run the query saved in the editor under this name")
	fl.StringVarP(&f.output, "output", "o", outJSON, "output format: "+outputFormats+" (a table per root field)")
	fl.StringVar(&f.operation, "operation", "", "the operation to run when the document has several")
	fl.BoolVar(&f.yes, "yes", false, "send a mutation without asking (needed where there is no terminal to ask on)")
	return cmd
}

func (c *cli) runQuery(cmd *cobra.Command, args []string, f queryFlags) error {
	output, err := checkOutput(f.output)
	if err != nil {
		return err
	}
	f.output = output
	s, l, closeLog, err := c.start()
	if err != nil {
		return err
	}
	defer closeLog()
	q, err := c.prepareQuery(s.Endpoint, args, f, l)
	if err != nil {
		return err
	}
	conn, err := c.connectTo(cmd.Context(), s, l)
	if err != nil {
		return err
	}
	res, runErr := api.Run(cmd.Context(), conn.Client, q.plan.Query, q.vars, q.plan.OpName)
	q.record(res, runErr, l)
	if runErr != nil {
		return runErr
	}
	return c.printAnswer(res, f.output)
}

// preparedQuery is an operation ready to send, and the history it is recorded in.
type preparedQuery struct {
	plan     gqlprep.Plan
	vars     map[string]any
	varsJSON []byte
	store    *history.Store // nil when the history could not be opened
}

// prepareQuery reads the operation and its variables, checks them against the schema
// cached for apiURL (when there is one) and applies the editor's guards: limits added
// (said on stderr), mutations refused read-only and sent only with --yes.
func (c *cli) prepareQuery(apiURL string, args []string, f queryFlags, l *log.Logger) (*preparedQuery, error) {
	store, herr := history.Open(c.userDir("config", "history"), apiURL)
	if herr != nil {
		l.Printf("query: history: %v", herr)
	}
	text, varText, err := c.queryText(args, f, store)
	if err != nil {
		return nil, err
	}
	if isRequestBody(text) {
		var op string
		if text, varText, op, err = readRequestBody(text); err != nil {
			return nil, err
		}
		if f.operation == "" {
			f.operation = op
		}
	}
	vars, err := mergeVars(varText, f.variables, f.vars)
	if err != nil {
		return nil, err
	}
	schema := c.cachedSchema(apiURL, l)
	plan, errs := gqlprep.Prepare(schema, text, f.operation, -1)
	if len(errs) > 0 {
		c.printErrors(errs)
		return nil, errReported
	}
	varsJSON, _ := json.Marshal(vars)
	vschema, vop := variablesSchema(schema, plan)
	if _, err := gqlprep.Variables(vschema, vop, string(varsJSON)); err != nil {
		var verr *gqlprep.VariableError
		if errors.As(err, &verr) {
			fmt.Fprintln(c.stderr, "error:", verr.Describe())
		} else {
			fmt.Fprintln(c.stderr, "error:", err)
		}
		return nil, errReported
	}
	if plan.IsMutation() && c.readOnly() {
		return nil, errors.New("read-only mode: mutations are refused")
	}
	if plan.IsMutation() && !f.yes {
		if err := c.confirmMutation(plan, apiURL, len(args) > 0 && args[0] == "-"); err != nil {
			return nil, err
		}
	}
	if len(plan.Limited) > 0 {
		fmt.Fprintf(c.stderr, "note: added limit: %d to %s (set your own limit to change it)\n", gqlprep.DefaultLimit, strings.Join(plan.Limited, ", "))
	}
	return &preparedQuery{plan: plan, vars: vars, varsJSON: varsJSON, store: store}, nil
}

// cachedSchema is the schema the editor cached for apiURL, or nil.
func (c *cli) cachedSchema(apiURL string, l *log.Logger) *ast.Schema {
	e, err := schemacache.Load(c.userDir("cache", "schema"), apiURL)
	if err != nil {
		if !errors.Is(err, schemacache.ErrNotCached) {
			l.Printf("query: schema cache: %v", err)
		}
		return nil
	}
	return e.Schema
}

// record adds the run to the editor's history for the API, scrubbed of credentials.
func (q *preparedQuery) record(res api.RawResult, runErr error, l *log.Logger) {
	if q.store == nil {
		return
	}
	entry := history.Entry{Query: api.Scrub(q.plan.Query), Variables: api.Scrub(string(q.varsJSON)), OpName: q.plan.OpName,
		At: time.Now(), Elapsed: res.Elapsed, Bytes: res.Bytes}
	if runErr != nil {
		entry.Error = api.Describe(runErr)
	} else if len(res.Errors) > 0 {
		entry.Error = res.Errors[0].Message
	}
	if entry.Variables == "null" {
		entry.Variables = ""
	}
	if err := q.store.Add(entry); err != nil {
		l.Printf("query: history not saved: %v", err)
	}
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
		return "", "", usagef("give the operation as FILE, - (stdin), --query or --saved (exactly one)")
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
			return nil, usagef("--var %q: want name=value", p)
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
