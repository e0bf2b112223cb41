package history_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api/history"
)

// writerEnv makes the test binary a history writer: "dir|url|query" adds one entry to
// the store of url in dir and exits (TestMain), as one `prefect-tui query` would.
const writerEnv = "PREFECT_TUI_HISTORY_TEST_WRITER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(writerEnv); spec != "" {
		os.Exit(runWriter(spec))
	}
	os.Exit(m.Run())
}

func runWriter(spec string) int {
	parts := strings.SplitN(spec, "|", 3)
	if len(parts) != 3 {
		fmt.Fprintln(os.Stderr, "bad writer spec")
		return 2
	}
	s, err := history.Open(parts[0], parts[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := s.Add(history.Entry{Query: parts[2], At: time.Now()}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestConcurrentProcessesKeepEveryEntry: 20 processes add one entry each to the same
// history at once (20 `prefect-tui query` runs); all 20 are kept.
func TestConcurrentProcessesKeepEveryEntry(t *testing.T) {
	dir := t.TempDir()
	const url = "http://127.0.0.1:4200/graphql"
	const n = 20
	cmds := make([]*exec.Cmd, n)
	for i := range cmds {
		c := exec.Command(os.Args[0], "-test.run=^$")
		c.Env = append(os.Environ(), writerEnv+"="+dir+"|"+url+"|{ q"+strconv.Itoa(i)+" }")
		c.Stderr = os.Stderr
		cmds[i] = c
	}
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("writer: %v", err)
		}
	}
	s, err := history.Open(dir, url)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range s.Entries() {
		seen[e.Query] = true
	}
	if len(seen) != n {
		t.Fatalf("kept %d of %d entries: %v", len(seen), n, seen)
	}
	assertNoTemp(t, dir)
}

// TestTwoExplorersKeepEachOthersChanges: a second explorer's saved query survives the
// first one running a query, and deletes and saves of both apply.
func TestTwoExplorersKeepEachOthersChanges(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, _ := history.Open(dir, "u")
	b, _ := history.Open(dir, "u")
	if err := b.Save(history.Saved{Name: "failed-runs", Query: "{ flow_run { id } }"}); err != nil {
		t.Fatal(err)
	}
	if err := a.Add(history.Entry{Query: "{ flow { id } }"}); err != nil {
		t.Fatal(err)
	}
	if err := a.Save(history.Saved{Name: "flows", Query: "{ flow { name } }"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(history.Entry{Query: "{ project { id } }"}); err != nil {
		t.Fatal(err)
	}
	c, _ := history.Open(dir, "u")
	if len(c.SavedQueries()) != 2 || len(c.Entries()) != 2 {
		t.Fatalf("saved %+v, history %+v", c.SavedQueries(), c.Entries())
	}
	// Each store also sees the other's changes after its own write.
	if _, ok := a.Get("failed-runs"); !ok {
		t.Fatal("first explorer does not see the second one's saved query")
	}
	if err := a.Delete("failed-runs"); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(history.Entry{Query: "{ task { id } }"}); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Get("failed-runs"); ok {
		t.Fatal("a deleted saved query came back")
	}
}

// TestKilledWritersTempFilesAreRemoved: a writer killed between creating its temporary
// file and renaming it leaves ".<name>.tmp-*" behind; the next write removes it.
func TestKilledWritersTempFilesAreRemoved(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, _ := history.Open(dir, "u")
	if err := s.Add(history.Entry{Query: "{a}"}); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "."+filepath.Base(s.Path())+".tmp-12345")
	if err := os.WriteFile(stale, []byte(`{"half":`), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(history.Entry{Query: "{b}"}); err != nil {
		t.Fatal(err)
	}
	assertNoTemp(t, dir)
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Fatalf("temporary file left behind: %s", e.Name())
		}
	}
}
