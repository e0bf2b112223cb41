package atomicfile_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/prefect-tui/prefect-tui/api/history/atomicfile"
)

// fullDisk accepts a few bytes and then fails like a full disk.
type fullDisk struct {
	w    io.Writer
	left int
}

func (f *fullDisk) Write(p []byte) (int, error) {
	if len(p) > f.left {
		n, _ := f.w.Write(p[:f.left])
		f.left = 0
		return n, syscall.ENOSPC
	}
	f.left -= len(p)
	return f.w.Write(p)
}

func TestWriteFileReplaces(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "sub", "f.json")
	for _, s := range []string{"one", "two"} {
		if err := atomicfile.WriteFile(p, []byte(s)); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(p)
		if string(got) != s {
			t.Fatalf("got %q want %q", got, s)
		}
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
}

func TestFailedWriteKeepsOldFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "history.json")
	if err := atomicfile.WriteFile(p, []byte(`{"old":true}`)); err != nil {
		t.Fatal(err)
	}
	err := atomicfile.WriteFileWrapped(p, []byte(`{"new":"a much longer document"}`), func(w io.Writer) io.Writer {
		return &fullDisk{w: w, left: 5}
	})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("err = %v, want ENOSPC", err)
	}
	got, _ := os.ReadFile(p)
	if string(got) != `{"old":true}` {
		t.Fatalf("old file damaged: %q", got)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("temporary file left behind: %v", ents)
	}
}
