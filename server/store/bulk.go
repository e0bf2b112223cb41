package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
)

// Bulk loads. A seed of many rows runs fastest into a new file that nobody reads
// until it is complete: no rollback journal, no fsync, one connection holding an
// exclusive lock, a big page cache, and the secondary indexes and search structures
// built once at the end (one sort, one statement each) instead of updated row by row.
// OpenBulk, DropIndexes, CreateIndexes, SuspendSearch and (*DB).Seal give a seed
// those; TuneForBulk gives an existing store what is safe there.

// Execer runs a statement: a *DB, *sql.Conn or *sql.Tx.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// bulkPageSize is the page size of a file made by a bulk load: 16 KiB pages take a
// sixth less CPU to fill than SQLite's default 4 KiB and pack rows a little tighter.
const bulkPageSize = 16384

// bulkCacheKiB is the page cache of a bulk-loading connection (256 MiB).
const bulkCacheKiB = 256 << 10

// OpenBulk creates the store at path, a new file that only this process uses until
// Seal, set up for a bulk load: 16 KiB pages, journal off, synchronous off, exclusive
// locking, a 256 MiB page cache and sorter threads, one connection. A crash or an error leaves
// the file corrupt or partial: the caller removes it and never opens it as a store.
func OpenBulk(path string) (*DB, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("page_size(%d)", bulkPageSize))
	q.Add("_pragma", "busy_timeout(0)")
	q.Add("_pragma", "foreign_keys(0)")
	q.Add("_pragma", "journal_mode(OFF)")
	q.Add("_pragma", "synchronous(OFF)")
	q.Add("_pragma", "locking_mode(EXCLUSIVE)")
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", bulkCacheKiB))
	q.Add("_pragma", "temp_store(FILE)")
	q.Add("_pragma", "threads(2)")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	s := &DB{DB: db, Path: path}
	if err := s.Migrate(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Seal ends a bulk load of a store opened with OpenBulk: it switches the file to the
// journal every store uses (WAL), so that it opens with Open like any other, closes it
// and fsyncs it. The file is complete on disk when Seal returns nil.
func (s *DB) Seal(ctx context.Context) error {
	var mode string
	if err := s.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode); err != nil {
		s.Close()
		return fmt.Errorf("seal %s: %w", s.Path, err)
	}
	if mode != "wal" {
		s.Close()
		return fmt.Errorf("seal %s: journal mode is %s, not wal", s.Path, mode)
	}
	if err := s.Close(); err != nil {
		return err
	}
	// Synchronous off wrote the pages without syncing them.
	f, err := os.OpenFile(s.Path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// TuneForBulk sets conn up for loading many rows into an existing store, as far as is
// safe there (the journal stays): a big page cache and sorter threads. restore puts
// the connection's defaults back.
func TuneForBulk(ctx context.Context, conn *sql.Conn) (restore func() error, err error) {
	var cache, threads int
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		return nil, err
	}
	if err := conn.QueryRowContext(ctx, `PRAGMA threads`).Scan(&threads); err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, bulkCacheKiB)); err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA threads = 2`); err != nil {
		return nil, err
	}
	return func() error {
		bg := context.Background()
		if _, err := conn.ExecContext(bg, fmt.Sprintf(`PRAGMA cache_size = %d`, cache)); err != nil {
			return err
		}
		_, err := conn.ExecContext(bg, fmt.Sprintf(`PRAGMA threads = %d`, threads))
		return err
	}, nil
}

// indexRE reads the name, table, columns and condition of one of the store's CREATE
// INDEX statements.
var indexRE = regexp.MustCompile(`^CREATE (?:UNIQUE )?INDEX IF NOT EXISTS (\w+) ON (\w+) \(([\w, ]+)\)( WHERE .*)?$`)

// Index is one of the store's secondary indexes.
type Index struct {
	Name, Table, Create string
	// Columns are the indexed columns, in order; Partial says the index holds only
	// the rows of a condition.
	Columns []string
	Partial bool
}

// Indexes returns the store's secondary indexes, in the order DDL creates them.
func Indexes() []Index {
	out := make([]Index, 0, len(indexes))
	for _, stmt := range indexes {
		m := indexRE.FindStringSubmatch(stmt)
		if m == nil {
			panic("store: index statement not in the form indexRE reads: " + stmt)
		}
		var cols []string
		for _, c := range strings.Split(m[3], ",") {
			cols = append(cols, strings.Fields(c)[0]) // without ASC or DESC
		}
		out = append(out, Index{Name: m[1], Table: m[2], Create: stmt, Columns: cols, Partial: m[4] != ""})
	}
	return out
}

// DropIndexes drops the secondary indexes of tables for a bulk load and returns them,
// for CreateIndexes once the rows are in: one sort per index instead of an update per
// row. Run both in the load's transaction, or on a file nobody reads yet, so that no
// reader sees the store without them.
func DropIndexes(ctx context.Context, ex Execer, tables ...string) ([]Index, error) {
	var dropped []Index
	for _, ix := range Indexes() {
		if !slices.Contains(tables, ix.Table) {
			continue
		}
		if _, err := ex.ExecContext(ctx, `DROP INDEX IF EXISTS "`+ix.Name+`"`); err != nil {
			return nil, err
		}
		dropped = append(dropped, ix)
	}
	return dropped, nil
}

// sorterCacheKiB is the page cache CreateIndexes gives a connection while it builds
// indexes (16 MiB). SQLite's sorter holds as many index entries in memory as the
// page cache could hold pages, and sorts what it holds in the foreground once the
// table is read: with a big cache, the whole of an index in one sort on one core.
// With a small one it cuts the entries into runs of this size, which its worker
// threads (PRAGMA threads) sort while the scan goes on and merge at the end, so that
// a bulk load's indexes are built on two cores: about a fifth faster.
const sorterCacheKiB = 16 << 10

// CreateIndexes creates indexes (IF NOT EXISTS), with the page cache of q's
// connection (one connection: a *sql.Conn or a store of one) set to sorterCacheKiB
// meanwhile.
func CreateIndexes(ctx context.Context, q Querier, indexes []Index) (err error) {
	var cache int
	if err := q.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, sorterCacheKiB)); err != nil {
		return err
	}
	defer func() {
		if _, rerr := q.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA cache_size = %d`, cache)); err == nil {
			err = rerr
		}
	}()
	for _, ix := range indexes {
		if _, err := q.ExecContext(ctx, ix.Create); err != nil {
			return fmt.Errorf("create index %s: %w", ix.Name, err)
		}
	}
	return nil
}

// sqliteBusy is SQLite's SQLITE_BUSY result code (the low byte of extended codes).
const sqliteBusy = 5

// IsBusy reports whether err is SQLite's "database is locked" (SQLITE_BUSY).
func IsBusy(err error) bool {
	var coded interface{ Code() int }
	return errors.As(err, &coded) && coded.Code()&0xff == sqliteBusy
}

// Locked reports whether another connection holds a write lock on the SQLite file at
// path, as a bulk load does (OpenBulk) from its first write to its end. A file that
// is not a database, or no longer one, is not locked.
func Locked(path string) (bool, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=rw&_pragma=busy_timeout(0)")
	if err != nil {
		return false, err
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return IsBusy(err), nil
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return IsBusy(err), nil
	}
	_, err = conn.ExecContext(ctx, `ROLLBACK`)
	return false, err
}

// Querier runs statements and reads a row: a *DB, *sql.Conn or *sql.Tx.
type Querier interface {
	Execer
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// SuspendSearch drops the insert triggers that keep table's row counts and search
// structures (search.go) for a bulk load, and returns resume, which brings those
// structures up to date with the rows inserted since, one statement each, and
// creates the triggers again. Row by row, the text index alone cost a bulk load a
// tenth of its insert time at 100,000 runs and a fifth at a million: each INSERT
// statement flushed its pending terms to a new segment, which later ones merged.
// Only inserts may happen between the two (an update or delete of a row inserted
// meanwhile would find it missing from the structures): run both in the load's
// transaction, or on a file nobody reads yet.
func SuspendSearch(ctx context.Context, q Querier, table string) (resume func(context.Context) error, err error) {
	var mark int64
	if err := q.QueryRowContext(ctx, fmt.Sprintf(`SELECT coalesce(max(rowid), 0) FROM %q`, table)).Scan(&mark); err != nil {
		return nil, err
	}
	triggers := insertTriggers(table)
	for _, tr := range triggers {
		if _, err := q.ExecContext(ctx, fmt.Sprintf(`DROP TRIGGER IF EXISTS %q`, tr.name)); err != nil {
			return nil, err
		}
	}
	return func(ctx context.Context) error {
		for _, stmt := range fillSearch(table) {
			if _, err := q.ExecContext(ctx, stmt, mark); err != nil {
				return fmt.Errorf("fill search structures of %s: %w", table, err)
			}
		}
		for _, tr := range triggers {
			if _, err := q.ExecContext(ctx, tr.create); err != nil {
				return fmt.Errorf("create trigger %s: %w", tr.name, err)
			}
		}
		return nil
	}, nil
}
