package store

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOpenMigrates(t *testing.T) {
	db, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM flow_run`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("flow_run: %d %v", n, err)
	}
}

func TestParseTime(t *testing.T) {
	cases := map[string]string{
		"2021-03-04T12:00:00Z":             "2021-03-04T12:00:00.000000+00:00",
		"2021-03-04T12:00:00.123456+00:00": "2021-03-04T12:00:00.123456+00:00",
		"2021-03-04T14:00:00+02:00":        "2021-03-04T12:00:00.000000+00:00",
		"2021-03-04T12:00:00":              "2021-03-04T12:00:00.000000+00:00",
		"2021-03-04 12:00:00+00":           "2021-03-04T12:00:00.000000+00:00",
		"2021-03-04":                       "2021-03-04T00:00:00.000000+00:00",
	}
	for in, want := range cases {
		got, err := NormalizeTime(in)
		if err != nil || got != want {
			t.Errorf("%s: got %q %v, want %q", in, got, err, want)
		}
	}
	if _, err := NormalizeTime("yesterday"); err == nil {
		t.Error("want error")
	}
	if FormatTime(time.Date(2020, 1, 2, 3, 4, 5, 6000, time.UTC)) != "2020-01-02T03:04:05.000006+00:00" {
		t.Error("format")
	}
}

// TestCloudTables: the Cloud auth tables keep their unique keys, and a file made
// before they were created from the catalog (by the auth package's own DDL) opens.
func TestCloudTables(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE TABLE cloud_user (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE,
			email TEXT, first_name TEXT, last_name TEXT, default_membership_id TEXT, created TEXT NOT NULL)`,
		`CREATE TABLE cloud_membership (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL,
			user_id TEXT NOT NULL, role TEXT NOT NULL, created TEXT NOT NULL, UNIQUE (tenant_id, user_id))`,
		`CREATE TABLE cloud_api_token (id TEXT PRIMARY KEY, name TEXT, scope TEXT NOT NULL,
			created TEXT NOT NULL, updated TEXT NOT NULL, expires_at TEXT, last_used TEXT, tenant_id TEXT,
			user_id TEXT, token_hash TEXT NOT NULL UNIQUE)`,
		`INSERT INTO cloud_user (id, username, created) VALUES ('u1', 'demo', '2026')`,
	} {
		if _, err := old.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	for _, p := range []string{path, ""} {
		db, err := Open(p)
		if err != nil {
			t.Fatalf("%q: %v", p, err)
		}
		for _, stmt := range []string{
			`INSERT OR IGNORE INTO cloud_user (id, username, created) VALUES ('u1', 'demo', '2026')`,
			`INSERT INTO cloud_membership (id, tenant_id, user_id, role, created) VALUES ('m1', 't', 'u1', 'USER', '2026')`,
			`INSERT INTO cloud_api_token (id, scope, created, updated, token_hash) VALUES ('k1', 'USER', '2026', '2026', 'h')`,
		} {
			if _, err := db.Exec(stmt); err != nil {
				t.Fatalf("%q: %s: %v", p, stmt, err)
			}
		}
		for _, dup := range []string{
			`INSERT INTO cloud_user (id, username, created) VALUES ('u2', 'demo', '2026')`,
			`INSERT INTO cloud_membership (id, tenant_id, user_id, role, created) VALUES ('m2', 't', 'u1', 'USER', '2026')`,
			`INSERT INTO cloud_api_token (id, scope, created, updated, token_hash) VALUES ('k2', 'USER', '2026', '2026', 'h')`,
		} {
			if _, err := db.Exec(dup); err == nil {
				t.Errorf("%q: %s: accepted a duplicate", p, dup)
			}
		}
		db.Close()
	}
}

// A text index's Wide index is one of the store's indexes, on its column, holding
// exactly the rows WideCondition names (the engine's query of it must meet its
// condition word for word to be read from it), and SQLite reads those rows from it.
func TestWideIndexes(t *testing.T) {
	db, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, x := range TextIndexes {
		if x.Wide == "" {
			continue
		}
		found := false
		for _, ix := range Indexes() {
			if ix.Name == x.Wide {
				found = ix.Table == x.Table && ix.Partial && strings.HasSuffix(ix.Create, " WHERE "+WideCondition(x.Column))
			}
		}
		if !found {
			t.Errorf("%s: no partial index %s on %s WHERE %s", x.Index, x.Wide, x.Table, WideCondition(x.Column))
		}
		var plan, detail string
		var id, parent, notused int
		q := `EXPLAIN QUERY PLAN SELECT rowid FROM "` + x.Table + `" WHERE ` + WideCondition(`"`+x.Column+`"`)
		if err := db.QueryRow(q).Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = detail
		if !strings.Contains(plan, x.Wide) {
			t.Errorf("%s: %s", q, plan)
		}
	}
}
