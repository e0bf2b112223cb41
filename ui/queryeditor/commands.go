package queryeditor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Khan/genqlient/graphql"
	"github.com/dustin/go-humanize"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/answer"
	"github.com/prefect-tui/prefect-tui/api/history"
	"github.com/prefect-tui/prefect-tui/api/history/atomicfile"
	"github.com/prefect-tui/prefect-tui/api/schemacache"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// MSG

// schemaLoadedMsg: the schema from the cache or from introspection.
type schemaLoadedMsg struct {
	entry   *schemacache.Entry
	err     error
	fetched bool
}

// historyOpenedMsg: the store of this API.
type historyOpenedMsg struct {
	store *history.Store
	err   error
}

// historySavedMsg: a saved query was written (or deleted).
type historySavedMsg struct {
	text string
	err  error
}

// headersLoadedMsg: the headers a request will carry (secrets masked).
type headersLoadedMsg struct {
	headers []headerLine
	err     error
}

// editorClosedMsg: $EDITOR exited; the text is read back.
type editorClosedMsg struct {
	text      string
	err       error
	variables bool
}

// exportedMsg: the answer was written to a file.
type exportedMsg struct {
	path, note string
	bytes      int
	err        error
}

// headerLine is one header as shown.
type headerLine struct{ name, value string }

// HeaderSource is implemented by clients that can tell which headers a request will
// carry (api.Client): the headers view lists them, secrets masked.
type HeaderSource interface {
	RequestHeaders(ctx context.Context) (http.Header, error)
}

// COMMANDS

func schemacacheDefaultDir() (string, error) { return schemacache.DefaultDir() }

// loadSchemaCmd reads the cached schema of the API; when there is none (or refresh is
// set) it introspects the API and caches the answer.
func loadSchemaCmd(deps screen.Deps, dir string, refresh bool) tea.Cmd {
	ctx, client, url, now := deps.Ctx, deps.Client, deps.Session.APIURL, deps.Now()
	return func() tea.Msg {
		if !refresh && dir != "" {
			// A missing or damaged cache falls through to introspection.
			if e, err := schemacache.Load(dir, url); err == nil {
				return schemaLoadedMsg{entry: e}
			}
		}
		if client == nil {
			return schemaLoadedMsg{err: errors.New("no client")}
		}
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		// With an entry and an error, the schema works and only the cache write failed.
		e, err := schemacache.Fetch(ctx, client, dir, url, now)
		return schemaLoadedMsg{entry: e, err: err, fetched: true}
	}
}

func openHistoryCmd(dir, url string) tea.Cmd {
	return func() tea.Msg {
		if dir == "" {
			return historyOpenedMsg{err: errors.New("no history directory")}
		}
		s, err := history.Open(dir, url)
		return historyOpenedMsg{store: s, err: err}
	}
}

// runCmd sends the prepared operation through the one client.
func runCmd(ctx context.Context, cancel context.CancelFunc, c graphql.Client, reqID screen.RequestID, p runPrepared) tea.Cmd {
	return func() tea.Msg {
		defer cancel()
		res, err := api.Run(ctx, c, p.plan.Query, p.vars, p.plan.OpName)
		if err != nil && ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled) {
			err = context.Canceled
		}
		return queryRanMsg{reqID: reqID, res: res, err: err, sent: p.plan.Query, vars: p.varText, opName: p.plan.OpName, limited: p.plan.Limited}
	}
}

// parseCmd flattens the answer off the UI goroutine (a 5 MB answer takes a while).
func parseCmd(reqID screen.RequestID, data json.RawMessage) tea.Cmd {
	return func() tea.Msg {
		t, err := answer.Parse(data)
		return resultParsedMsg{reqID: reqID, tree: t, err: err}
	}
}

// historyEntry records a run; known credentials are scrubbed from the texts (a query
// may carry a token as a literal or variable), so the history file never holds one.
func historyEntry(msg queryRanMsg, now time.Time, errText string) history.Entry {
	return history.Entry{
		Query: api.Scrub(msg.sent), Variables: api.Scrub(msg.vars), OpName: msg.opName, At: now,
		Elapsed: msg.res.Elapsed, Bytes: msg.res.Bytes, Error: errText,
	}
}

// addHistoryCmd records a run; a failure shows a warning (the run itself is fine).
func addHistoryCmd(s *history.Store, e history.Entry) tea.Cmd {
	if s == nil {
		return nil
	}
	return func() tea.Msg {
		if err := s.Add(e); err != nil {
			return screen.StatusMsg{Level: screen.LevelWarn, Text: "history not saved: " + err.Error()}
		}
		return nil
	}
}

func saveQueryCmd(s *history.Store, q history.Saved) tea.Cmd {
	return func() tea.Msg {
		if s == nil {
			return historySavedMsg{err: errors.New("history is not available")}
		}
		return historySavedMsg{text: fmt.Sprintf("saved %q", q.Name), err: s.Save(q)}
	}
}

func deleteSavedCmd(s *history.Store, name string) tea.Cmd {
	return func() tea.Msg {
		return historySavedMsg{text: fmt.Sprintf("deleted %q", name), err: s.Delete(name)}
	}
}

// headersCmd lists the headers requests carry, masking credentials to their last 4
// characters.
func headersCmd(deps screen.Deps) tea.Cmd {
	ctx, client, sess := deps.Ctx, deps.Client, deps.Session
	return func() tea.Msg {
		var h http.Header
		if hs, ok := client.(HeaderSource); ok {
			var err error
			if h, err = hs.RequestHeaders(ctx); err != nil {
				return headersLoadedMsg{err: err}
			}
		} else {
			// A client that cannot tell (api.Client can): what the session says.
			h = http.Header{"Content-Type": {"application/json"}}
			if sess.Identity != "" {
				h.Set("Authorization", sess.Identity)
			}
			if sess.TenantID != "" && sess.Backend == "cloud" {
				h.Set("X-Prefect-Tenant-Id", sess.TenantID)
			}
		}
		names := make([]string, 0, len(h))
		for k := range h {
			names = append(names, k)
		}
		sort.Strings(names)
		var out []headerLine
		for _, k := range names {
			for _, v := range h[k] {
				out = append(out, headerLine{name: k, value: maskHeader(k, v)})
			}
		}
		return headersLoadedMsg{headers: out}
	}
}

// maskHeader hides credentials: "Bearer ••••a1b2".
func maskHeader(name, v string) string {
	n := strings.ToLower(name)
	if n != "authorization" && !strings.Contains(n, "token") && !strings.Contains(n, "key") && !strings.Contains(n, "secret") {
		return v
	}
	scheme := ""
	if i := strings.IndexByte(v, ' '); i > 0 {
		scheme, v = v[:i+1], v[i+1:]
	}
	if strings.Contains(v, "…") || strings.Contains(v, "•") {
		return scheme + v // already a fingerprint
	}
	if len(v) <= 4 {
		return scheme + "••••"
	}
	return scheme + "••••" + v[len(v)-4:]
}

// externalEditorCmd opens the text in $VISUAL/$EDITOR (vi when unset) and reads it
// back when the editor exits.
func externalEditorCmd(text string, variables bool) tea.Cmd {
	ext := ".graphql"
	if variables {
		ext = ".json"
	}
	f, err := os.CreateTemp("", "prefect-tui-*"+ext)
	if err != nil {
		return screen.Status(screen.LevelError, "cannot open $EDITOR: "+err.Error())
	}
	path := f.Name()
	_, werr := f.WriteString(text)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		_ = os.Remove(path)
		return screen.Status(screen.LevelError, "cannot open $EDITOR: temporary file not written")
	}
	editor := os.Getenv("VISUAL")
	if editor == "" {
		editor = os.Getenv("EDITOR")
	}
	if editor == "" {
		editor = "vi"
	}
	parts := strings.Fields(editor)
	cmd := exec.Command(parts[0], append(parts[1:], path)...) //nolint:gosec // the user's own editor
	return tea.ExecProcess(cmd, editorDone(path, variables))
}

// editorDone reads the edited file back (and removes it) when $EDITOR exits.
func editorDone(path string, variables bool) tea.ExecCallback {
	return func(err error) tea.Msg {
		defer os.Remove(path)
		if err != nil {
			return editorClosedMsg{err: err, variables: variables}
		}
		data, rerr := os.ReadFile(path)
		return editorClosedMsg{text: string(data), err: rerr, variables: variables}
	}
}

// exportCmd writes the answer (or the table as CSV when the path ends in .csv) to
// path in the export directory dir (screen.ExportPath), private (screen.ExportMode).
func exportCmd(dir, path string, data []byte) tea.Cmd {
	return func() tea.Msg {
		full, note, err := screen.ExportPath(dir, path)
		if err != nil {
			return exportedMsg{path: path, err: err}
		}
		err = atomicfile.WriteFileMode(full, data, screen.ExportMode)
		return exportedMsg{path: full, note: note, bytes: len(data), err: err}
	}
}

// handleIOMsg handles the results of the commands above.
func (m *Model) handleIOMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case schemaLoadedMsg:
		m.schemaLoading = false
		if msg.entry != nil {
			m.schema = msg.entry.Schema
			m.schemaAt = msg.entry.FetchedAt
			m.schemaErr = ""
			m.validate()
			m.validateVariables()
		}
		if msg.err != nil {
			m.logf("query editor schema: %v", msg.err)
			if msg.entry == nil {
				m.schemaErr = api.Describe(msg.err)
				return screen.Status(screen.LevelWarn, "no schema (completion and validation off): "+m.schemaErr)
			}
			return screen.Status(screen.LevelWarn, "schema loaded, but not cached: "+msg.err.Error())
		}
		if msg.fetched {
			return screen.Status(screen.LevelInfo, fmt.Sprintf("schema introspected: %d types", len(m.schema.Types)))
		}
	case historyOpenedMsg:
		m.store = msg.store
		if msg.err != nil {
			m.logf("query editor history: %v", msg.err)
			return screen.Status(screen.LevelWarn, "history: "+msg.err.Error())
		}
		return m.restoreDraft()
	case historySavedMsg:
		if msg.err != nil {
			return screen.Status(screen.LevelError, "not saved: "+msg.err.Error())
		}
		if m.overlay == overlaySaved {
			m.openSaved()
		}
		return screen.Status(screen.LevelInfo, msg.text)
	case headersLoadedMsg:
		m.headers, m.headersErr = msg.headers, ""
		if msg.err != nil {
			m.headersErr = api.Describe(msg.err)
		}
	case editorClosedMsg:
		if msg.err != nil {
			return screen.Status(screen.LevelError, "$EDITOR: "+msg.err.Error())
		}
		text := strings.TrimRight(msg.text, "\n")
		if msg.variables {
			m.variables.SetText(text)
			m.validateVariables()
		} else {
			m.query.SetText(text)
			m.edited(false)
		}
	case exportedMsg:
		if msg.err != nil {
			return screen.Status(screen.LevelError, "export failed: "+msg.err.Error())
		}
		return screen.Status(screen.LevelInfo, fmt.Sprintf("exported to %s (%s)%s", msg.path, humanize.Bytes(uint64(msg.bytes)), msg.note))
	}
	return nil
}

func jsonIndent(out *bytes.Buffer, text string) error {
	return json.Indent(out, []byte(text), "", "  ")
}
