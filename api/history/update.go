package history

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/prefect-tui/prefect-tui/api/history/atomicfile"
)

// lockTimeout bounds the wait for another process's write (each takes milliseconds; a
// process that holds the lock this long is stuck, and the change fails with a message).
const lockTimeout = 10 * time.Second

// staleTemp is the age past which a temporary file of this store was left by a killed
// writer: a live writer renames its own within milliseconds, under the lock.
const staleTemp = time.Minute

// update applies change to the file as it is on disk now, under the file's lock, and
// replaces the file; the store then holds the merged result. When change or the write
// fails, neither the file nor the store changes.
func (s *Store) update(change func(*file) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	unlock, err := lock(s.path)
	if err != nil {
		return err
	}
	defer unlock()
	// A file that cannot be parsed was moved aside by read: the change starts afresh.
	// A file that cannot be read is not replaced (that would drop what it holds).
	cur, err := s.read()
	var corrupt *corruptError
	if err != nil && !errors.As(err, &corrupt) {
		return err
	}
	if err := change(&cur); err != nil {
		return err
	}
	data, err := json.MarshalIndent(cur, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(s.path, append(data, '\n')); err != nil {
		return err
	}
	s.f = cur
	removeStaleTemps(s.path)
	return nil
}

// lock takes the exclusive lock of path (a "<path>.lock" file beside it, kept: removing
// it would let two processes lock two different files) and returns its release.
func lock(path string) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	l := flock.New(path+".lock", flock.SetPermissions(0o600))
	ctx, cancel := context.WithTimeout(context.Background(), lockTimeout)
	defer cancel()
	ok, err := l.TryLockContext(ctx, 10*time.Millisecond)
	if err != nil && !ok {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("history file %s is locked by another process (waited %s)", path, lockTimeout)
		}
		return nil, fmt.Errorf("locking history file %s: %w", path, err)
	}
	return func() { _ = l.Unlock() }, nil
}

// removeStaleTemps removes the temporary files that killed writers of path left behind
// (".<name>.tmp-*", older than staleTemp).
func removeStaleTemps(path string) {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)+".tmp-"
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleTemp {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
