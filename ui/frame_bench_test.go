package ui_test

import (
	"fmt"
	"testing"
	"time"

	"charm.land/bubbles/v2/table"
	"charm.land/lipgloss/v2"

	"github.com/prefect-tui/prefect-tui/ui"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
	"github.com/prefect-tui/prefect-tui/ui/uitest/runtest"
)

// The size every frame benchmark draws at.
const (
	width  = 120
	height = 40
)

// scene is one screen of the explorer with a big installation's data behind it.
type scene struct {
	name  string
	build func(tb testing.TB) *ui.App
	// shows are texts the loaded frame must contain (else the benchmark times a
	// loading or error screen).
	shows []string
	// first is the way the cursor can move from where the screen puts it.
	first, back string
}

var scenes = []scene{
	{"RunsList10k", func(tb testing.TB) *ui.App {
		return startApp(tb, newFake(map[string][]byte{"ListFlowRuns": runsAnswer(10000)}), screen.Route{Kind: screen.RouteRuns}, width, height)
	}, []string{"brave-otter0", "etl-nightly"}, "down", "up"},
	{"Timeline2000", func(tb testing.TB) *ui.App {
		run := runtest.FakeRun(2000, 0, runtest.Now.Add(-time.Hour))
		return startApp(tb, newFake(map[string][]byte{"FlowRunPage": runPageAnswer(run)}), screen.Route{Kind: screen.RouteRun, ID: run.ID}, width, height)
	}, []string{"brave-otter", "task-0"}, "down", "up"},
	{"Logs", func(tb testing.TB) *ui.App {
		return startApp(tb, newFake(map[string][]byte{"LogPage": logsAnswer(500, 20000)}), screen.Route{Kind: screen.RouteLogs, ID: "run"}, width, height)
	}, []string{"Finished task run"}, "up", "down"},
}

// TestScenesLoad: each benchmark's scene shows its data (a scene that showed an error
// or a spinner would make its benchmark meaningless).
func TestScenesLoad(t *testing.T) {
	for _, sc := range scenes {
		t.Run(sc.name, func(t *testing.T) {
			app := sc.build(t)
			mustShow(t, app, sc.shows...)
			term := runtest.NewTerminal(width, height)
			term.Frame(frame(app))
			for range 3 {
				app.Update(uitest.Press(sc.first))
				if n := term.Frame(frame(app)); n == 0 {
					t.Fatal("a cursor move drew nothing")
				}
			}
		})
	}
}

// BenchmarkFrame times one whole frame after a cursor move: the key through the root
// model's Update, its View (header, breadcrumb, the sized body, footer) and bubbletea
// v2's diffing renderer writing the difference, at 120×40. Target: ≤ 1 ms a frame.
// It reports bytes/move too, and the process's CPU time a frame (ours-cpu-ms/frame, with
// its target max-cpu-ms/frame), which a busy machine does not inflate as it does the
// wall time (ms/frame).
func BenchmarkFrame(b *testing.B) {
	for _, sc := range scenes {
		b.Run(sc.name, func(b *testing.B) {
			app := sc.build(b)
			mustShow(b, app, sc.shows...)
			term := runtest.NewTerminal(width, height)
			term.Frame(frame(app))
			first, back := uitest.Press(sc.first), uitest.Press(sc.back)
			bytes := 0
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				// 150 rows one way then back, so the frames include scrolling.
				k := first
				if (i/150)%2 == 1 {
					k = back
				}
				app.Update(k)
				bytes += term.Frame(frame(app))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/frame")
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N)/1e6, "ours-cpu-ms/frame")
			b.ReportMetric(1, "max-cpu-ms/frame") // the target (make bench's table)
			b.ReportMetric(float64(bytes)/float64(b.N), "bytes/move")
		})
	}
}

// steadyMoves is how many cursor moves BenchmarkBytesPerMove makes before it counts (so
// the cursor has left the first page and every counted move is at steady state);
// movesPerOp is how many it counts in each iteration (make bench: 20 × 10).
const (
	steadyMoves = 100
	movesPerOp  = 10
)

// BenchmarkBytesPerMove: the bytes bubbletea v2's renderer writes per cursor move at
// steady state (after steadyMoves moves down; then 200 down, 200 up, … so scrolling is
// included both ways) for the explorer's runs list (whole frame, 120×40) and, as the
// baseline in the same run, a stock bubbles table of the same rows filling the same
// terminal. Target: ours ≤ the table (max-ratio 1).
func BenchmarkBytesPerMove(b *testing.B) {
	b.Run("RunsList10k", func(b *testing.B) {
		app := scenes[0].build(b)
		mustShow(b, app, scenes[0].shows...)
		t := stockTable(10000)
		down, up := uitest.Press("down"), uitest.Press("up")
		ours, base := newSteady(func() string { return frame(app) }, func(d bool) {
			if d {
				app.Update(down)
			} else {
				app.Update(up)
			}
		}), newSteady(func() string { return t.View() }, func(d bool) {
			if d {
				t.MoveDown(1)
			} else {
				t.MoveUp(1)
			}
		})
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			ours.step()
			base.step()
		}
		b.ReportMetric(ours.perMove(), "ours-bytes/move")
		b.ReportMetric(base.perMove(), "base-bytes/move")
		b.ReportMetric(1, "max-ratio")
	})
}

// steady draws a view on a terminal and moves its cursor: newSteady makes steadyMoves
// moves down first, then each step makes movesPerOp moves (200 down, 200 up, …) and
// counts the bytes of those frames.
type steady struct {
	term         *runtest.Terminal
	view         func() string
	move         func(down bool)
	total, moves int
}

func newSteady(view func() string, move func(down bool)) *steady {
	s := &steady{term: runtest.NewTerminal(width, height), view: view, move: move}
	s.term.Frame(view())
	for range steadyMoves {
		move(true)
		s.term.Frame(view())
	}
	return s
}

func (s *steady) step() {
	for range movesPerOp {
		s.move((s.moves/200)%2 == 0)
		s.total += s.term.Frame(s.view())
		s.moves++
	}
}

func (s *steady) perMove() float64 { return float64(s.total) / float64(max(s.moves, 1)) }

// stockTable is charm.land/bubbles/v2's table, default styles, with the runs list's
// columns and n rows, filling 120×40 and focused.
func stockTable(n int) *table.Model {
	cols := []table.Column{{Title: "State", Width: 12}, {Title: "Run", Width: 22}, {Title: "Flow", Width: 16},
		{Title: "Scheduled", Width: 14}, {Title: "Started", Width: 14}, {Title: "Duration", Width: 9}, {Title: "Labels", Width: 14}}
	states := []string{"✓ Success", "✗ Failed", "▶ Running", "◌ Scheduled", "⊘ Cancelled", "✓ Success", "⏱ TimedOut", "◍ Pending"}
	rows := make([]table.Row, n)
	for i := range rows {
		rows[i] = table.Row{states[i%len(states)], []string{"brave-otter", "calm-heron", "eager-lynx", "tidy-wombat"}[i%4] + fmt.Sprint(i),
			[]string{"etl-nightly", "reports", "ml-train"}[i%3], "Mar 14 11:" + fmt.Sprintf("%02d", i%60), "Mar 14 11:" + fmt.Sprintf("%02d", (i+1)%60),
			fmt.Sprintf("%dm%02ds", i%7, i%60), "prod,eu"}
	}
	s := table.DefaultStyles()
	s.Selected = s.Selected.Foreground(lipgloss.Color("229")).Background(lipgloss.Color("57"))
	t := table.New(table.WithColumns(cols), table.WithRows(rows), table.WithFocused(true),
		table.WithHeight(height), table.WithWidth(width), table.WithStyles(s))
	return &t
}
