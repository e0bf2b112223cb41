package history_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/api/history"
)

func TestPersistsAcrossRestarts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const url = "http://127.0.0.1:4200/graphql"
	s, err := history.Open(dir, url)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := s.Add(history.Entry{Query: "{ flow { id } }", At: at, Elapsed: 84 * time.Millisecond, Bytes: 120}); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(history.Entry{Query: "{ project { id } }", Variables: `{"a": 1}`, At: at.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(history.Saved{Name: "flows", Query: "{ flow { name } }"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(history.Saved{Name: "flows", Query: "{ flow { id name } }"}); err != nil {
		t.Fatal(err)
	}

	// A "restart": a new store on the same directory.
	s2, err := history.Open(dir, url)
	if err != nil {
		t.Fatal(err)
	}
	h := s2.Entries()
	if len(h) != 2 || h[0].Query != "{ project { id } }" || h[0].Variables != `{"a": 1}` || h[1].Elapsed != 84*time.Millisecond {
		t.Fatalf("history after restart = %+v", h)
	}
	q, ok := s2.Get("flows")
	if !ok || q.Query != "{ flow { id name } }" || len(s2.SavedQueries()) != 1 {
		t.Fatalf("saved after restart = %+v", s2.SavedQueries())
	}
	if err := s2.Delete("flows"); err != nil {
		t.Fatal(err)
	}
	s3, _ := history.Open(dir, url)
	if len(s3.SavedQueries()) != 0 {
		t.Fatal("delete not persisted")
	}

	// Another API has its own file.
	other, _ := history.Open(dir, "https://api.prefect.io")
	if len(other.Entries()) != 0 || other.Path() == s.Path() {
		t.Fatal("stores of two APIs are shared")
	}
}

func TestCapAndCorruptFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, _ := history.Open(dir, "u")
	for i := 0; i < history.MaxEntries+3; i++ {
		if err := s.Add(history.Entry{Query: "{a}"}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(s.Entries()); n != history.MaxEntries {
		t.Fatalf("kept %d", n)
	}
	if err := os.WriteFile(s.Path(), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	s2, err := history.Open(dir, "u")
	if err == nil || len(s2.Entries()) != 0 {
		t.Fatalf("corrupt file: err=%v entries=%d", err, len(s2.Entries()))
	}
	if _, err := os.Stat(s.Path() + ".corrupt"); err != nil {
		t.Fatal("corrupt file not moved aside")
	}
	if err := s2.Add(history.Entry{Query: "{b}"}); err != nil {
		t.Fatal(err)
	}
}

func TestFailedWriteKeepsOldFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, _ := history.Open(dir, "u")
	if err := s.Add(history.Entry{Query: "{a}"}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(s.Path())
	// Make the directory unwritable so the temporary file cannot be created (root
	// ignores permissions, so replace the directory's temp area with a file instead).
	blocker := filepath.Join(dir, "blocked")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s2, _ := history.Open(blocker, "u") // its directory is a regular file
	if err := s2.Add(history.Entry{Query: "{b}"}); err == nil {
		t.Fatal("write into a non-directory succeeded")
	}
	if len(s2.Entries()) != 0 {
		t.Fatal("failed write kept the entry in memory")
	}
	after, _ := os.ReadFile(s.Path())
	if string(before) != string(after) {
		t.Fatal("old file changed")
	}
}

// TestUnreadableFileIsNotReplaced: when the file is there but cannot be read (here it
// names a directory: reading fails as a disk error or a permission would), a change
// fails and leaves it as it is, instead of replacing it with a file that holds only
// that change.
func TestUnreadableFileIsNotReplaced(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := history.Open(dir, "http://127.0.0.1:4200/graphql")
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "elsewhere")
	if err := os.Mkdir(target, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, s.Path()); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(history.Entry{Query: "{ flow { id } }", At: time.Now()}); err == nil {
		t.Fatal("a change to a file that cannot be read succeeded")
	}
	fi, err := os.Lstat(s.Path())
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the unreadable file was replaced: %v %v", fi, err)
	}
	if got := s.Entries(); len(got) != 0 {
		t.Fatalf("the store holds %d entries after a failed change", len(got))
	}
}
