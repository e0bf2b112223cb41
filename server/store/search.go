package store

import (
	"fmt"
	"strings"
)

// ElementIndex lists the string elements of a jsonb array column, one row per
// (element, row id), kept by triggers: `labels: {_contains: ["gpu"]}` finds its runs
// through it instead of decoding every run's labels. It holds at least the rows whose
// column contains the element; the query compiler still applies the exact condition.
type ElementIndex struct {
	// Table and Column are the indexed store table and jsonb column.
	Table, Column string
	// Index is the side table: ("element" TEXT, "id" TEXT), the row's id.
	Index string
}

// TextIndex is an FTS5 trigram index of a String column, kept by triggers: a LIKE or
// ILIKE pattern with a literal part of three or more characters finds its rows
// through it instead of testing every row. Its rows are the table's rowids, so a
// VACUUM of the table (which may renumber them) must be followed by a rebuild:
// INSERT INTO <index>(<index>) VALUES ('rebuild').
type TextIndex struct {
	Table, Column string
	// Index is the FTS5 table (external content: it stores no copy of the text).
	Index string
	// Wide is a partial index of the rows whose value holds a character beyond
	// ASCII (WideCondition): for the others, the index decides an ILIKE of a
	// substring of ASCII characters exactly (its case folding is ASCII's there).
	Wide string
}

// WideCondition is the condition of a TextIndex's Wide index on column: a value
// holding a character beyond ASCII is longer in bytes than in characters.
func WideCondition(column string) string {
	return `length(CAST(` + column + ` AS BLOB)) <> length(` + column + `)`
}

// CountedTables are the tables whose rows the store counts per tenant, by triggers, in
// the table row_count ("table", "tenant_id" (empty for none), "n"): a count of all
// the runs of a tenant (the runs list's total) is then one read, not a walk of an
// index of a million entries.
var CountedTables = []string{"flow_run"}

// ElementIndexes and TextIndexes are the store's search structures.
var (
	ElementIndexes = []ElementIndex{{Table: "flow_run", Column: "labels", Index: "flow_run_label"}}
	TextIndexes    = []TextIndex{{Table: "flow_run", Column: "name", Index: "flow_run_name_search", Wide: "flow_run_name_wide"}}
)

// ElementIndexOf returns the element index of a table's column, or nil.
func ElementIndexOf(table, column string) *ElementIndex {
	for i := range ElementIndexes {
		if ElementIndexes[i].Table == table && ElementIndexes[i].Column == column {
			return &ElementIndexes[i]
		}
	}
	return nil
}

// TextIndexOf returns the text index of a table's column, or nil.
func TextIndexOf(table, column string) *TextIndex {
	for i := range TextIndexes {
		if TextIndexes[i].Table == table && TextIndexes[i].Column == column {
			return &TextIndexes[i]
		}
	}
	return nil
}

// jsonArray is the SQL for x when it is a JSON array, else an empty one (json_each
// must not meet malformed JSON in a trigger: the write would fail).
func jsonArray(x string) string {
	return "CASE WHEN NOT json_valid(" + x + ") THEN '[]' WHEN json_type(" + x + ") = 'array' THEN " + x + " ELSE '[]' END"
}

// searchDDL creates the search structures and the row counts, and the triggers that
// keep them.
func searchDDL() []string {
	out := []string{`CREATE TABLE IF NOT EXISTS row_count ("table" TEXT NOT NULL, "tenant_id" TEXT NOT NULL, "n" INTEGER NOT NULL, PRIMARY KEY ("table", "tenant_id")) WITHOUT ROWID`}
	for _, t := range CountedTables {
		add := fmt.Sprintf(`INSERT INTO row_count ("table", "tenant_id", "n") VALUES (%s, coalesce(new."tenant_id", ''), 1) ON CONFLICT DO UPDATE SET "n" = "n" + 1;`, quoteText(t))
		remove := fmt.Sprintf(`UPDATE row_count SET "n" = "n" - 1 WHERE "table" = %s AND "tenant_id" = coalesce(old."tenant_id", '');`, quoteText(t))
		out = append(out,
			fmt.Sprintf(`CREATE TRIGGER IF NOT EXISTS %q AFTER INSERT ON %q BEGIN %s END`, t+"_count_insert", t, add),
			fmt.Sprintf(`CREATE TRIGGER IF NOT EXISTS %q AFTER DELETE ON %q BEGIN %s END`, t+"_count_delete", t, remove),
			fmt.Sprintf(`CREATE TRIGGER IF NOT EXISTS %q AFTER UPDATE OF "tenant_id" ON %q BEGIN %s %s END`, t+"_count_update", t, remove, add),
		)
	}
	for _, e := range ElementIndexes {
		add := func(row string) string {
			return fmt.Sprintf(`INSERT OR IGNORE INTO %q ("element", "id") SELECT value, %s."id" FROM json_each(%s) WHERE type = 'text';`,
				e.Index, row, jsonArray(fmt.Sprintf("%s.%q", row, e.Column)))
		}
		remove := func(row string) string {
			return fmt.Sprintf(`DELETE FROM %q WHERE "id" = %s."id" AND "element" IN (SELECT value FROM json_each(%s) WHERE type = 'text');`,
				e.Index, row, jsonArray(fmt.Sprintf("%s.%q", row, e.Column)))
		}
		out = append(out,
			fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %q ("element" TEXT NOT NULL, "id" TEXT NOT NULL, PRIMARY KEY ("element", "id")) WITHOUT ROWID`, e.Index),
			fmt.Sprintf(`CREATE TRIGGER IF NOT EXISTS %q AFTER INSERT ON %q BEGIN %s END`, e.Index+"_insert", e.Table, add("new")),
			fmt.Sprintf(`CREATE TRIGGER IF NOT EXISTS %q AFTER DELETE ON %q BEGIN %s END`, e.Index+"_delete", e.Table, remove("old")),
			fmt.Sprintf(`CREATE TRIGGER IF NOT EXISTS %q AFTER UPDATE OF %q, "id" ON %q BEGIN %s %s END`, e.Index+"_update", e.Column, e.Table, remove("old"), add("new")),
		)
	}
	for _, x := range TextIndexes {
		add := fmt.Sprintf(`INSERT INTO %q (rowid, %q) VALUES (new.rowid, new.%q);`, x.Index, x.Column, x.Column)
		remove := fmt.Sprintf(`INSERT INTO %q (%q, rowid, %q) VALUES ('delete', old.rowid, old.%q);`, x.Index, x.Index, x.Column, x.Column)
		out = append(out,
			fmt.Sprintf(`CREATE VIRTUAL TABLE IF NOT EXISTS %q USING fts5(%q, content=%q, content_rowid='rowid', tokenize='trigram')`, x.Index, x.Column, x.Table),
			fmt.Sprintf(`CREATE TRIGGER IF NOT EXISTS %q AFTER INSERT ON %q BEGIN %s END`, x.Index+"_insert", x.Table, add),
			fmt.Sprintf(`CREATE TRIGGER IF NOT EXISTS %q AFTER DELETE ON %q BEGIN %s END`, x.Index+"_delete", x.Table, remove),
			fmt.Sprintf(`CREATE TRIGGER IF NOT EXISTS %q AFTER UPDATE OF %q ON %q BEGIN %s %s END`, x.Index+"_update", x.Column, x.Table, remove, add),
		)
	}
	return out
}

// trigger is one of the statements of searchDDL that creates a trigger.
type trigger struct{ name, create string }

// insertTriggers are the triggers of searchDDL that run on an insert into table.
func insertTriggers(table string) []trigger {
	var out []trigger
	for _, stmt := range searchDDL() {
		rest, ok := strings.CutPrefix(stmt, `CREATE TRIGGER IF NOT EXISTS `)
		if !ok {
			continue
		}
		name, on, ok := strings.Cut(rest, ` AFTER INSERT ON `)
		if !ok || !strings.HasPrefix(on, fmt.Sprintf(`%q `, table)) {
			continue
		}
		out = append(out, trigger{name: strings.Trim(name, `"`), create: stmt})
	}
	return out
}

// fillSearch brings table's row counts and search structures up to date with its rows
// whose rowid is above the statements' one parameter, as its insert triggers
// would have, row by row.
func fillSearch(table string) []string {
	var out []string
	for _, t := range CountedTables {
		if t == table {
			out = append(out, fmt.Sprintf(`INSERT INTO row_count ("table", "tenant_id", "n") SELECT %s, coalesce("tenant_id", ''), count(*) FROM %q WHERE rowid > ?1 GROUP BY 2 ON CONFLICT DO UPDATE SET "n" = "n" + excluded."n"`,
				quoteText(t), t))
		}
	}
	for _, e := range ElementIndexes {
		if e.Table == table {
			out = append(out, fillElements(e, `r.rowid > ?1 AND `))
		}
	}
	for _, x := range TextIndexes {
		if x.Table == table {
			out = append(out, fmt.Sprintf(`INSERT INTO %q (rowid, %q) SELECT rowid, %q FROM %q WHERE rowid > ?1`, x.Index, x.Column, x.Column, x.Table))
		}
	}
	return out
}

// fillElements is the statement adding to e's index the elements of the rows (r)
// meeting cond (a condition followed by " AND ", or "" for all rows).
func fillElements(e ElementIndex, cond string) string {
	return fmt.Sprintf(`INSERT OR IGNORE INTO %q ("element", "id") SELECT j.value, r."id" FROM %q AS r, json_each(%s) AS j WHERE %sj.type = 'text'`,
		e.Index, e.Table, jsonArray(fmt.Sprintf("r.%q", e.Column)), cond)
}

func quoteText(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// recount sets the row counts from the tables' rows.
func recount() []string {
	var out []string
	for _, t := range CountedTables {
		out = append(out,
			fmt.Sprintf(`DELETE FROM row_count WHERE "table" = %s`, quoteText(t)),
			fmt.Sprintf(`INSERT INTO row_count ("table", "tenant_id", "n") SELECT %s, coalesce("tenant_id", ''), count(*) FROM %q GROUP BY 2`, quoteText(t), t))
	}
	return out
}

// rebuildSearch fills the search structures from the tables' rows (a migration of a
// file made before they existed).
func rebuildSearch() []string {
	var out []string
	for _, e := range ElementIndexes {
		out = append(out,
			fmt.Sprintf(`DELETE FROM %q`, e.Index),
			fillElements(e, ""))
	}
	for _, x := range TextIndexes {
		out = append(out, fmt.Sprintf(`INSERT INTO %q (%q) VALUES ('rebuild')`, x.Index, x.Index))
	}
	return out
}
