package seed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// A store file that does not exist yet is seeded whole into PATH.partial, set up for a
// bulk load (store.OpenBulk: no journal, no fsync until the end), and renamed to PATH
// only once complete, sealed and synced. PATH therefore never exists half-seeded: an
// interrupted or failed seed leaves at most PATH.partial, which nothing opens as a
// store and the next seed of PATH removes. Seeding into a file that already exists is
// left to Demo and Generate, which write a tenant in one transaction.

// PartialSuffix is added to a store file's path while NewFile seeds it.
const PartialSuffix = ".partial"

// ErrPartialInUse means another process is seeding the same file.
var ErrPartialInUse = errors.New("another process is seeding this file")

// NewFile creates the store file path, which must not exist, by running fill on a
// bulk-loading store at path+PartialSuffix and renaming that to path once fill has
// returned nil. On an error or a cancelled ctx nothing is left behind, path included.
func NewFile(ctx context.Context, path string, fill func(ctx context.Context, db *store.DB) error) (err error) {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s already exists", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	partial := path + PartialSuffix
	if err := removeStale(partial); err != nil {
		return err
	}
	db, err := store.OpenBulk(partial)
	if err != nil {
		if store.IsBusy(err) {
			// Another seed took the file between removeStale and here: it is theirs.
			return fmt.Errorf("%s: %w", partial, ErrPartialInUse)
		}
		removePartial(partial)
		return err
	}
	sealed := false
	defer func() {
		if !sealed {
			db.Close()
		}
		if err != nil {
			removePartial(partial)
		}
	}()
	if err := fill(ctx, db); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	sealed = true
	if err := db.Seal(ctx); err != nil {
		return err
	}
	// A hard link does not replace a path that appeared meanwhile, as a rename would.
	if err := os.Link(partial, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s appeared while it was being seeded", path)
		}
		if err := os.Rename(partial, path); err != nil {
			return err
		}
	}
	removePartial(partial)
	return syncDir(path)
}

// removeStale removes what an interrupted seed left at partial, unless a live seed
// still holds it (its exclusive lock).
func removeStale(partial string) error {
	if _, err := os.Stat(partial); errors.Is(err, fs.ErrNotExist) {
		removePartial(partial)
		return nil
	}
	held, err := store.Locked(partial)
	if err != nil {
		return err
	}
	if held {
		return fmt.Errorf("%s: %w", partial, ErrPartialInUse)
	}
	removePartial(partial)
	return nil
}

// removePartial removes a partial file and its journals.
func removePartial(partial string) {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		_ = os.Remove(partial + suffix)
	}
}

// syncDir makes a rename in path's directory durable.
func syncDir(path string) error {
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	// Not every platform can sync a directory (Windows cannot): the file itself is.
	_ = d.Sync()
	return nil
}
