package queryeditor

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dustin/go-humanize"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/answer"
	"github.com/prefect-tui/prefect-tui/api/gqlprep"
	"github.com/prefect-tui/prefect-tui/ui/components"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor/complete"
	"github.com/prefect-tui/prefect-tui/ui/queryeditor/results"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/timefmt"
)

// confirmID names the mutation confirmation dialog.
const confirmID = "queryeditor.mutation"

// requestTimeout bounds one run (long answers over slow links included).
const requestTimeout = 2 * time.Minute

// MSG

// queryRanMsg is the answer to a run.
type queryRanMsg struct {
	reqID   screen.RequestID
	res     api.RawResult
	err     error
	sent    string
	vars    string
	opName  string
	limited []string
}

// resultParsedMsg carries the flattened answer (parsed in a command).
type resultParsedMsg struct {
	reqID screen.RequestID
	tree  *answer.Tree
	err   error
}

// runPrepared is the plan to send, after the guards and (for mutations) the
// confirmation.
type runPrepared struct {
	plan    gqlprep.Plan
	vars    map[string]any
	varText string
}

func completeAt(s *ast.Schema, text string, off int) complete.Result {
	return complete.Complete(s, text, off)
}

// validate checks the query against the schema (live, as the user types): the
// errors mark their lines; they are drawn inline after a run attempt. Nothing is
// reported before anything was written (the template or a blank text).
func (m *Model) validate() {
	m.errsVersion = m.query.Version()
	plan, errs := gqlprep.Prepare(m.schema, m.query.Text(), "", m.query.Offset())
	m.op = plan.Op
	if len(errs) == 1 && strings.Contains(errs[0].Message, "operations: name the one") {
		errs = nil // several operations: the one at the cursor runs
	}
	if m.quiet() {
		errs = nil
	}
	m.errs = errs
}

// validateVariables checks the variables as the user types: the JSON, then (with a
// schema and a valid query) their types against the operation.
func (m *Model) validateVariables() {
	m.varsVersion = m.variables.Version()
	if _, err := gqlprep.Variables(nil, nil, m.variables.Text()); err != nil {
		m.varErr = err.Error()
		return
	}
	m.varErr = ""
	// With a schema and a valid query, check the types too.
	if m.schema != nil && m.op != nil && m.errsVersion == m.query.Version() {
		if _, err := gqlprep.Variables(m.schema, m.op, m.variables.Text()); err != nil {
			m.varErr = err.Error()
		}
	}
}

// startRun validates, applies the guards and sends (or asks to confirm a mutation).
func (m *Model) startRun() tea.Cmd {
	if m.running {
		return nil
	}
	text := m.query.Text()
	plan, errs := gqlprep.Prepare(m.schema, text, "", m.query.Offset())
	if len(errs) > 0 {
		m.errs = errs
		m.showErrs = true
		m.focus = focusEditor
		return screen.Status(screen.LevelError, fmt.Sprintf("not sent: %d error(s) in the query — %s", len(errs), errorLine(errs[0])))
	}
	varText := m.variables.Text()
	vars, err := gqlprep.Variables(m.schema, plan.Op, varText)
	if err != nil {
		m.varErr = err.Error()
		m.showHeaders = false
		return screen.Status(screen.LevelError, "not sent: "+err.Error())
	}
	m.varErr = ""
	p := runPrepared{plan: plan, vars: vars, varText: varText}
	if plan.IsMutation() {
		if m.deps.ReadOnly {
			return screen.Status(screen.LevelError, "read-only mode: mutations are refused")
		}
		m.confirm = components.NewConfirm(m.deps.Styles, components.ConfirmSpec{
			ID:        confirmID,
			Title:     "Send this mutation?",
			Body:      "It changes data on " + orDefault(m.deps.Session.APIURL, "the API") + ".",
			Mutation:  plan.Query,
			Variables: vars,
			Touches:   -1,
			OnConfirm: func() tea.Msg { return p },
		})
		m.confirm.SetSize(max(m.width, 20), max(m.height, 12)) // as View draws it
		return nil
	}
	return m.send(p)
}

// send starts the request of p.
func (m *Model) send(p runPrepared) tea.Cmd {
	m.reqID = screen.NewRequestID()
	ctx, cancel := context.WithTimeout(m.deps.Ctx, requestTimeout)
	m.cancel = cancel
	m.running = true
	m.notice = ""
	if len(p.plan.Limited) > 0 {
		m.notice = fmt.Sprintf("guard: added limit: %d to %s (as the Prefect UI does; set your own limit to change it)",
			gqlprep.DefaultLimit, strings.Join(p.plan.Limited, ", "))
	}
	return tea.Batch(runCmd(ctx, cancel, m.deps.Client, m.reqID, p), m.clearDraft())
}

// errorLine is "line:column message" (no source name).
func errorLine(e *gqlerror.Error) string {
	if len(e.Locations) > 0 {
		return fmt.Sprintf("%d:%d %s", e.Locations[0].Line, e.Locations[0].Column, e.Message)
	}
	return e.Message
}

// handleResultMsg handles the messages of the editor's commands.
func (m *Model) handleResultMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case runPrepared:
		return m.send(msg)
	case queryRanMsg:
		return m.ran(msg)
	case resultParsedMsg:
		if msg.reqID != m.reqID {
			return nil
		}
		m.parsing = false
		if msg.err != nil {
			m.resultErr = msg.err.Error()
			return nil
		}
		m.tree = msg.tree
		m.treeView = results.NewTreeView(msg.tree)
		m.table = nil
		if m.tableMode {
			m.tableMode = m.openTable()
		}
		m.layoutResults()
		return nil
	}
	return m.handleIOMsg(msg)
}

func (m *Model) ran(msg queryRanMsg) tea.Cmd {
	if msg.reqID != m.reqID {
		return nil // stale: a newer run (or none) is current
	}
	m.running = false
	m.cancel = nil
	m.sent = msg.sent
	res := msg.res
	m.result = &res
	m.resultErr = ""
	m.tree, m.treeView, m.table = nil, nil, nil
	entryErr := ""
	var cmds []tea.Cmd
	switch {
	case errors.Is(msg.err, context.Canceled):
		m.result = nil
		m.resultErr = "request cancelled"
		entryErr = "cancelled"
		cmds = append(cmds, screen.Status(screen.LevelWarn, "request cancelled"))
	case msg.err != nil:
		m.resultErr = api.Describe(msg.err)
		entryErr = m.resultErr
		m.logf("query %s: %v", msg.opName, msg.err)
	default:
		if len(res.Errors) > 0 {
			entryErr = res.Errors[0].Message
		}
		if !bytes.Equal(res.Data, []byte("null")) || len(res.Errors) == 0 {
			m.parsing = true
			cmds = append(cmds, parseCmd(m.reqID, res.Data))
		}
		cmds = append(cmds, screen.Status(screen.LevelInfo, fmt.Sprintf("query ran in %s · %s", timefmt.Elapsed(res.Elapsed), humanize.Bytes(uint64(res.Bytes)))))
	}
	cmds = append(cmds, addHistoryCmd(m.store, historyEntry(msg, m.deps.Now(), entryErr)))
	return tea.Batch(cmds...)
}

func (m *Model) logf(format string, args ...any) {
	if m.deps.Log != nil {
		m.deps.Log.Printf(format, args...)
	}
}

// prettify reformats the focused text: the query with gqlprep.Pretty (only when it
// parses and keeps every comment), the variables as indented JSON.
func (m *Model) prettify() tea.Cmd {
	if m.focus == focusVariables {
		text := strings.TrimSpace(m.variables.Text())
		if text == "" {
			return nil
		}
		var out bytes.Buffer
		if err := jsonIndent(&out, text); err != nil {
			return screen.Status(screen.LevelError, "cannot prettify: "+err.Error())
		}
		m.variables.SetText(out.String())
		m.validateVariables()
		return nil
	}
	pretty, err := gqlprep.Pretty(m.query.Text())
	switch {
	case errors.Is(err, gqlprep.ErrDropsComments):
		// Refuse rather than lose the user's text.
		return screen.Status(screen.LevelWarn, "not prettified: the formatter would drop comments")
	case err != nil:
		return screen.Status(screen.LevelError, "cannot prettify: "+err.Error())
	}
	m.query.SetText(pretty)
	m.edited(false)
	return nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// operationName is the name of the document's first operation, if any (cheap: tokens
// only, so the breadcrumb can show it while the text is half-typed).
func operationName(text string) string {
	fields := strings.Fields(text)
	for i := 0; i+1 < len(fields); i++ {
		switch fields[i] {
		case "query", "mutation", "subscription":
			name := fields[i+1]
			if j := strings.IndexAny(name, "({"); j >= 0 {
				name = name[:j]
			}
			return name
		}
	}
	return ""
}
