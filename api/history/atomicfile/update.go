package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gofrs/flock"
)

// Update changes path under an exclusive lock, so that processes changing the same
// file one after the other each see the other's change (a read-modify-write without
// the lock lets the last writer drop what the first one wrote): it locks path+".lock"
// (flock on Unix, LockFileEx on Windows, through gofrs/flock), reads path (nil when it
// does not exist), calls change with its content and replaces path with what change
// returns, atomically (WriteFile). An error from change leaves the file as it was.
//
// The lock is advisory: it orders Update callers, not other writers.
func Update(path string, change func(old []byte) ([]byte, error)) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	lock := flock.New(path + ".lock")
	if err := lock.Lock(); err != nil {
		return fmt.Errorf("locking %s: %w", path, err)
	}
	defer func() { _ = lock.Unlock() }()
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	data, err := change(old)
	if err != nil {
		return err
	}
	return WriteFile(path, data)
}
