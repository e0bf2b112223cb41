package servertest_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/servertest"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// hashDB hashes every row of every table in a fixed order.
func hashDB(t *testing.T, db *store.DB) string {
	t.Helper()
	h := sha256.New()
	for _, tb := range catalog.Tables {
		if tb.Virtual {
			continue
		}
		var cols []string
		for _, c := range tb.Columns {
			cols = append(cols, fmt.Sprintf("quote(%q)", c.Name))
		}
		rows, err := db.Query(fmt.Sprintf("SELECT %s FROM %q ORDER BY 1", strings.Join(cols, " || '|' || "), tb.StoreName()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "#%s\n", tb.Name)
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(h, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestCopiesAreTheSeededDemo checks that a server's copy holds exactly the rows a
// fresh seeding writes, and that copies are independent of each other.
func TestCopiesAreTheSeededDemo(t *testing.T) {
	demo := seed.DemoOptions{Now: servertest.Now, Runs: 25, Seed: 4}
	fresh, err := server.New(server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if _, err := seed.Demo(context.Background(), fresh.DB, demo); err != nil {
		t.Fatal(err)
	}
	want := hashDB(t, fresh.DB)
	a := servertest.New(t, servertest.Options{Demo: demo})
	if got := hashDB(t, a.DB); got != want {
		t.Fatalf("copy differs from a fresh seeding: %s vs %s", got, want)
	}
	if _, err := a.DB.Exec(`DELETE FROM flow_run`); err != nil {
		t.Fatal(err)
	}
	b := servertest.New(t, servertest.Options{Demo: demo})
	if got := hashDB(t, b.DB); got != want {
		t.Fatal("a change in one copy shows in the next")
	}
	var n int
	if err := b.DB.QueryRow(`SELECT count(*) FROM flow_run`).Scan(&n); err != nil || n < 25 {
		t.Fatalf("runs in the second copy: %d %v", n, err)
	}
}

// TestCloudCopy checks the Cloud mode copy: the three demo tenants at the server's
// clock, the demo user and its token set up by server.New.
func TestCloudCopy(t *testing.T) {
	now := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	s := servertest.New(t, servertest.Options{Demo: seed.DemoOptions{Runs: 5}, Server: server.Options{Cloud: true, Now: func() time.Time { return now }}})
	if s.DemoUserToken() == "" {
		t.Fatal("no demo user token")
	}
	var tenants int
	if err := s.DB.QueryRow(`SELECT count(*) FROM tenant`).Scan(&tenants); err != nil || tenants != len(server.CloudDemoTenants) {
		t.Fatalf("tenants: %d %v", tenants, err)
	}
	fresh, err := server.New(server.Options{Cloud: true, Seed: "demo", Scale: 5, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	for _, q := range []string{`SELECT count(*) || '/' || max(id) || '/' || max(updated) FROM flow_run`, `SELECT count(*) || '/' || max(id) FROM log`} {
		var got, want string
		if err := s.DB.QueryRow(q).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if err := fresh.DB.QueryRow(q).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: copy %s, fresh server %s", q, got, want)
		}
	}
}
