package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// Now is the clock of the generated data and of every request's time filters.
var Now = time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)

// dataVersion names the generated data; bump it when the generator's output changes
// so that cached databases are built again.
const dataVersion = 1

// CacheDir is where generated databases are kept between runs: $BENCH_CACHE, else the
// user cache directory (~/.cache/prefect-tui-bench), else the temp directory.
func CacheDir() string {
	if d := os.Getenv("BENCH_CACHE"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "prefect-tui-bench")
	}
	return filepath.Join(os.TempDir(), "prefect-tui-bench")
}

// DBPath returns a database file with runs generated flow runs, generating it (once)
// when the cache does not have it, the way `prefect-tui server --db FILE --scale N`
// does (a bulk load into FILE.partial, renamed once complete). The file is opened with store.Open, which migrates
// it to the current schema (new indexes are built on the first open).
func DBPath(ctx context.Context, runs int, logf func(string, ...any)) (string, error) {
	dir := CacheDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("runs-%d-v%d.db", runs, dataVersion))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	start := time.Now()
	var st seed.Stats
	err := seed.NewFile(ctx, path, func(ctx context.Context, db *store.DB) error {
		var err error
		st, err = seed.Generate(ctx, db, seed.GenerateOptions{Runs: runs, Now: Now, Seed: 1})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("generate %d runs: %w", runs, err)
	}
	if logf != nil {
		logf("generated %d flow runs (%d rows) in %s: %s", st.FlowRuns, st.Rows, time.Since(start).Round(time.Second), path)
	}
	return path, nil
}
