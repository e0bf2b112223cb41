package run_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prefect-tui/prefect-tui/ui/run"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest/demo"
)

// The demo's waiting runs, found by what makes each one wait.
const (
	whereMissingLabel = `{"_and":[{"state":{"_eq":"Scheduled"}},{"labels":{"_contains":["a100"]}}]}`
	whereUnhealthy    = `{"_and":[{"state":{"_eq":"Scheduled"}},{"flow":{"name":{"_eq":"legacy-import"}}},{"scheduled_start_time":{"_lt":"2026-03-14T12:00:00+00:00"}}]}`
	whereRestarted    = `{"_and":[{"state":{"_eq":"Scheduled"}},{"flow":{"archived":{"_eq":true}}},{"start_time":{"_is_null":false}}]}`
	whereStuck        = `{"_and":[{"state":{"_eq":"Submitted"}},{"state_timestamp":{"_lt":"2026-03-14T11:55:00+00:00"}}]}`
	whereFuture       = `{"_and":[{"state":{"_eq":"Scheduled"}},{"flow":{"name":{"_eq":"etl-orders"}}},{"scheduled_start_time":{"_gt":"2026-03-14T12:00:00+00:00"}}]}`
)

// TestWhyIsntItRunning opens each waiting run of the demo: the panel states its
// reason first, from the page's one request.
func TestWhyIsntItRunning(t *testing.T) {
	c := demo.Client(t)
	cases := []struct {
		name, where string
		want        []string
	}{
		{"missing label", whereMissingLabel, []string{
			"No agent has all of its labels (a100, gpu, k8s): missing label: a100 (no healthy agent has it).",
			"The closest agent, k8s-prod-agent, lacks a100."}},
		{"unhealthy agent", whereUnhealthy, []string{
			"Only old-vm-agent has its labels, and it last queried 3d ago (unhealthy): it is not asking for work."}},
		{"restarted, archived", whereRestarted, []string{
			"k8s-prod-agent has all of its labels, last queried 2s ago and gets this run when it asks for work",
			"Its flow, etl-orders v2, is archived"}},
		{"never started", whereStuck, []string{
			"Submitted 8m ago by k8s-prod-agent and never started", "The last logs for the run:",
			"k8s-infra Event: 'BackOff' on pod 'prefect-job-", "Back-off pulling image"}},
		{"future", whereFuture, []string{"Scheduled to start in ", "k8s-prod-agent has all of its labels and last queried 2s ago: it will pick it up when it is due."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := openRun(t, c, findRun(t, c, tc.where), 120, 40)
			v := ansi.Strip(m.View())
			if !strings.Contains(v, run.WhyTitle) {
				t.Fatalf("no panel:\n%s", v)
			}
			flat := strings.Join(strings.Fields(v), " ")
			for _, w := range tc.want {
				if !strings.Contains(flat, w) {
					t.Errorf("panel lacks %q:\n%s", w, v)
				}
			}
			if n := strings.Count(m.View(), "\n") + 1; n != 40 {
				t.Errorf("%d lines, want 40", n)
			}
		})
	}
}

func TestWhyPanelGolden(t *testing.T) {
	c := demo.Client(t)
	for _, run := range []struct{ name, where string }{{"never_started", whereStuck}, {"missing_label", whereMissingLabel}} {
		for _, sz := range []struct {
			name string
			w, h int
		}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
			t.Run(run.name+"_"+sz.name, func(t *testing.T) {
				m := openRun(t, c, findRun(t, c, run.where), sz.w, sz.h)
				v := m.View()
				for i, l := range strings.Split(v, "\n") {
					if w := ansi.StringWidth(l); w > sz.w {
						t.Errorf("line %d is %d wide", i, w)
					}
				}
				if n := strings.Count(v, "\n") + 1; n != sz.h {
					t.Errorf("%d lines, want %d", n, sz.h)
				}
				uitest.Golden(t, v)
			})
		}
	}
}

// TestNoPanelOnceItRuns: a finished run has no panel, and after the first load the
// page stops asking for what the panel needs.
func TestNoPanelOnceItRuns(t *testing.T) {
	c := demo.Client(t)
	m := openRun(t, c, findRun(t, c, `{"state":{"_eq":"Success"}}`), 100, 30)
	if strings.Contains(ansi.Strip(m.View()), run.WhyTitle) {
		t.Fatal("a finished run has the panel")
	}
	_, vars := m.LastQuery()
	if vars["diagnose"] != false {
		t.Fatalf("a finished run's refresh asks for the diagnosis: %v", vars)
	}
	w := openRun(t, c, findRun(t, c, whereMissingLabel), 100, 30)
	if _, vars := w.LastQuery(); vars["diagnose"] != true {
		t.Fatalf("a waiting run's refresh does not: %v", vars)
	}
}

// TestWhyInDetails: the Details tab holds the whole diagnosis with the logs unfolded,
// for when the panel is cut.
func TestWhyInDetails(t *testing.T) {
	c := demo.Client(t)
	m := openRun(t, c, findRun(t, c, whereStuck), 80, 14)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "more in the Details tab") {
		t.Fatalf("a short terminal cuts the panel and says where the rest is:\n%s", v)
	}
	for i := 0; i < 5 && m.ActiveTab() != "Details"; i++ {
		_, cmd := m.Update(uitest.Press("tab"))
		runtest.Load(func(msg tea.Msg) { m.Update(msg) }, cmd)
	}
	if m.ActiveTab() != "Details" {
		t.Fatalf("tab %s", m.ActiveTab())
	}
	m.SetSize(80, 60)
	v := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	for _, want := range []string{"Why isn't it running?", "never reported Running", "ErrImagePull", "Back-off pulling image"} {
		if !strings.Contains(v, want) {
			t.Errorf("details lack %q:\n%s", want, v)
		}
	}
	var _ tea.Msg
}
