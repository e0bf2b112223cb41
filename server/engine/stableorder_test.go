package engine_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/engine"
)

// newestID is the id of the row added last to every table: smaller than every other
// id, so that an id-ordered read (a covering index) puts it first where insertion order
// puts it last.
const newestID = "00000000-0000-4000-8000-000000000001"

// addNewest inserts into every table with an id a row whose id is newestID, whose
// tenant is T1 and whose many-to-one relationships point at the table's first rows.
func addNewest(t *testing.T, fx *fixture, cloud bool) []*catalog.Table {
	t.Helper()
	var tables []*catalog.Table
	for i := range catalog.Tables {
		tb := &catalog.Tables[i]
		if tb.Virtual || tb.Cloud != cloud || tb.Column("id") == nil {
			continue
		}
		r := row{"id": newestID}
		for _, c := range tb.Private { // secrets' hashes are unique
			r[c.Name] = "newest"
		}
		if tb.HasTenant() {
			r["tenant_id"] = T1
		}
		for _, rel := range tb.Rels {
			target := catalog.Lookup(rel.Table)
			if rel.Array || rel.Local == "id" || target.Virtual {
				continue
			}
			var v any
			_ = fx.db.QueryRow(fmt.Sprintf(`SELECT %q FROM %q WHERE %q IS NOT NULL ORDER BY rowid LIMIT 1`, rel.Remote, target.StoreName(), rel.Remote)).Scan(&v)
			if v != nil {
				r[rel.Local] = v
			}
		}
		switch tb.Name {
		case "tenant":
			r["slug"], r["name"] = "newest", "Newest"
		case "membership": // bob's second membership
			r["tenant_id"], r["user_id"] = T2, U2
		}
		if len(storeOrder(t, fx, tb, "1")) == 0 {
			// An empty table gets an older row with a larger id first.
			older := row{}
			for k, v := range r {
				older[k] = v
			}
			older["id"] = "ffffffff-0000-4000-8000-000000000002"
			for _, c := range tb.Private {
				older[c.Name] = "older"
			}
			if tb.Name == "membership" {
				older["tenant_id"] = T2
			}
			insert(t, fx.db, tb.Name, older)
		}
		insert(t, fx.db, tb.Name, r)
		tables = append(tables, tb)
	}
	return tables
}

// scalars is a selection of every column of tb.
func scalars(tb *catalog.Table) string {
	var cols []string
	for _, c := range tb.Columns {
		cols = append(cols, c.Name)
	}
	return strings.Join(cols, " ")
}

// ids reads the "id" of every object of a JSON list.
func ids(t *testing.T, list []any) []string {
	t.Helper()
	out := make([]string, len(list))
	for i, e := range list {
		out[i], _ = e.(map[string]any)["id"].(string)
	}
	return out
}

// storeOrder returns the ids of tb's rows matching cond (with args), in rowid order.
func storeOrder(t *testing.T, fx *fixture, tb *catalog.Table, cond string, args ...any) []string {
	t.Helper()
	rows, err := fx.db.Query(fmt.Sprintf(`SELECT id FROM %q WHERE %s ORDER BY rowid`, tb.StoreName(), cond), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		_ = rows.Scan(&id)
		out = append(out, id)
	}
	return out
}

func checkStableOrder(t *testing.T, fx *fixture, p engine.Principal, tables []*catalog.Table, minNested int) {
	t.Helper()
	read := func(q string) map[string]any {
		t.Helper()
		res := fx.exec(t, p, q, nil)
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %s", q, res.Errors[0].Message)
		}
		var d map[string]any
		_ = json.Unmarshal(res.Data, &d)
		return d
	}
	nested := 0
	for _, tb := range tables {
		want := storeOrder(t, fx, tb, "1")
		if len(want) < 2 || want[len(want)-1] != newestID {
			t.Fatalf("%s: rowid order %v does not end with the newest row", tb.Name, want)
		}
		queries := []string{
			`{ ` + tb.Name + ` { id } }`,
			`{ ` + tb.Name + ` { ` + scalars(tb) + ` } }`,
			`{ ` + tb.Name + `(where: {id: {_is_null: false}}) { id } }`,
		}
		if tb.HasAggregate() {
			queries = append(queries, `{ `+tb.Name+`_aggregate { nodes { id } } }`)
		}
		for _, q := range queries {
			d := read(q)
			list, _ := d[tb.Name].([]any)
			if list == nil {
				list, _ = d[tb.Name+"_aggregate"].(map[string]any)["nodes"].([]any)
			}
			if got := ids(t, list); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s:\n got %v\nwant %v (insertion order)", q, got, want)
			}
		}
		// Every array relationship lists its rows in insertion order too.
		for _, rel := range tb.Rels {
			target := catalog.Lookup(rel.Table)
			if !rel.Array || target.Virtual || target.Column("id") == nil {
				continue
			}
			for _, sel := range []string{"id", scalars(target)} {
				q := `{ ` + tb.Name + ` { ` + rel.Local + ` ` + rel.Name + ` { ` + sel + ` } } }`
				for _, parent := range read(q)[tb.Name].([]any) {
					pm := parent.(map[string]any)
					want := storeOrder(t, fx, target, fmt.Sprintf("%q = ?", rel.Remote), pm[rel.Local])
					if got := ids(t, pm[rel.Name].([]any)); strings.Join(got, ",") != strings.Join(want, ",") {
						t.Errorf("%s (%v):\n got %v\nwant %v (insertion order)", q, pm[rel.Local], got, want)
					}
					if len(want) > 1 && want[len(want)-1] == newestID {
						nested++
					}
				}
			}
		}
	}
	if nested < minNested {
		t.Fatalf("only %d relationships hold the newest row among others: the test proves little", nested)
	}
}

// TestUnorderedReadsKeepInsertionOrder: without order_by every table, its aggregate
// nodes and every array relationship list rows in insertion order, whatever the
// selection (a covering index would read them in id order) or filter.
func TestUnorderedReadsKeepInsertionOrder(t *testing.T) {
	fx := newFixture(t)
	checkStableOrder(t, fx, noPrincipal, addNewest(t, fx, false), 10)
}

// TestUnorderedCloudReadsKeepInsertionOrder: the same for the Cloud tables.
func TestUnorderedCloudReadsKeepInsertionOrder(t *testing.T) {
	fx := cloudFixture(t, func(engine.Principal, string) (map[string]any, bool) { return map[string]any{}, true })
	tables := addNewest(t, fx, true)
	checkStableOrder(t, fx, engine.Principal{Cloud: true, UserID: U1, TenantID: T1, Scope: "ACCESS"}, tables, 2)
}
