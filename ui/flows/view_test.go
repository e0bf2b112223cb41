package flows_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/charmbracelet/x/ansi"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/ui/flows"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func TestView(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := loadedModel(t, sz[0], sz[1])
			m, _ = settle(m, pressKey("down"), pressKey("down"))
			assertSize(t, m.View(), sz[0], sz[1])
			uitest.Golden(t, m.View())
		})
	}
}

func TestViewStates(t *testing.T) {
	t.Run("loading", func(t *testing.T) {
		m := flows.New(newDeps(t, nil), screen.Route{Kind: screen.RouteFlows}, flows.Options{})
		m.SetSize(80, 24)
		m.Init()
		uitest.Golden(t, m.View())
	})
	t.Run("filtering", func(t *testing.T) {
		m := loadedModel(t, 80, 24)
		m.SetDebounce(time.Millisecond)
		m, _ = settle(m, append(press("/"), uitest.Type("nomatchatall")...)...)
		uitest.Golden(t, m.View())
	})
	t.Run("error", func(t *testing.T) {
		m := flows.New(newDeps(t, failing{&graphql.HTTPError{StatusCode: 502}}), screen.Route{Kind: screen.RouteFlows}, flows.Options{})
		m.SetSize(80, 24)
		m, _ = settle(m, uitest.RunCmd(m.Init())...)
		if m.Err() == nil {
			t.Fatal("no error")
		}
		uitest.Golden(t, m.View())
	})
	t.Run("project scope and archived", func(t *testing.T) {
		m := loadedModel(t, 120, 40)
		m, _ = settle(m, press("p", "a", "s")...)
		uitest.Golden(t, m.View())
	})
}

// TestPartialData: data with a GraphQL error shows the data and a warning line.
func TestPartialData(t *testing.T) {
	c := partial{}
	m := flows.New(newDeps(t, c), screen.Route{Kind: screen.RouteFlows}, flows.Options{})
	m.SetSize(80, 24)
	m, _ = settle(m, uitest.RunCmd(m.Init())...)
	if m.Err() != nil || len(m.RowNames()) != 1 || !strings.Contains(m.Warn(), "field is gone") {
		t.Fatalf("err %v rows %v warn %q", m.Err(), m.RowNames(), m.Warn())
	}
	if v := uitest.Strip(m.View()); !strings.Contains(v, "! partial result: field is gone") || !strings.Contains(v, "only-one") {
		t.Errorf("view:\n%s", v)
	}
}

func assertSize(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(uitest.Strip(v), "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := len([]rune(l)); n > w {
			t.Errorf("line %d is %d wide: %q", i, n, l)
		}
	}
}

// failing answers every request with err.
type failing struct{ err error }

func (f failing) MakeRequest(context.Context, *graphql.Request, *graphql.Response) error {
	return f.err
}

// partial answers one flow and a GraphQL error.
type partial struct{}

func (partial) MakeRequest(_ context.Context, _ *graphql.Request, resp *graphql.Response) error {
	data := `{"flow":[{"id":"f1","name":"only-one","version":1,"flow_group_id":"g1","archived":false,"is_schedule_active":false,"schedule":null,"project":{"id":"p1","name":"proj"},"flow_group":{"id":"g1","labels":["k8s"],"schedule":null},"flow_runs":[{"id":"r1","state":"Failed"}]}],"flow_aggregate":{"aggregate":{"count":1}},"project":[]}`
	if err := jsonUnmarshal(data, resp.Data); err != nil {
		return err
	}
	return gqlerror.List{{Message: "field is gone"}}
}

// TestProjectNamesNotCutWhenThereIsRoom: at 80 columns "data-warehouse" used to show
// as "data-wareho…" beside a NAME column with room to spare.
func TestProjectNamesNotCutWhenThereIsRoom(t *testing.T) {
	m := loadedModel(t, 80, 24)
	v := ansi.Strip(m.View())
	if strings.Contains(v, "data-wareho…") || !strings.Contains(v, "data-warehouse ") {
		t.Errorf("project cut although NAME has room:\n%s", v)
	}
	if !strings.Contains(v, "daily-revenue-report") {
		t.Errorf("flow name cut:\n%s", v)
	}
}

// TestLoadErrorIsWrappedNotCut: the reason of a load error ends the message ("…:
// connection refused"); at 80 columns it used to be cut off.
func TestLoadErrorIsWrappedNotCut(t *testing.T) {
	err := &url.Error{Op: "Post", URL: "http://127.0.0.1:4399/graphql", Err: errors.New("dial tcp 127.0.0.1:4399: connect: connection refused")}
	m := flows.New(newDeps(t, failing{err}), screen.Route{Kind: screen.RouteFlows}, flows.Options{})
	m.SetSize(80, 24)
	m, _ = settle(m, uitest.RunCmd(m.Init())...)
	v := ansi.Strip(m.View())
	if !strings.Contains(strings.Join(strings.Fields(v), " "), "connection refused") {
		t.Errorf("the reason is cut:\n%s", v)
	}
	assertSize(t, m.View(), 80, 24)
}
