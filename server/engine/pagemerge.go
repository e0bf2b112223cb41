package engine

import (
	"strconv"
	"strings"
	"sync"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// A sorted page of rows whose filter requires `col IN (SELECT ...)` (a filter through
// an object relationship: the runs of a flow group, of the flows named so) is read as
// a merge of one sorted stream per value: for each value, the first offset+limit
// matching rows in order, walking an index on (col, first order column) and stopping
// there; then the page is taken from those rows in order. Left to itself, SQLite
// finds every row of those values through the index on col and sorts them all (a
// flow group's 170,000 runs for a page of 50), or walks the whole order index when the
// values are rare. The streams read at most (values × (offset+limit)) rows and never
// more than the rows that match.

// conjuncts are the conditions of a filter that a sorted page reads in its own way.
type conjuncts struct {
	drives   []drive
	elements []element
	ways     []way
}

// drive is a condition every row of a filter must meet: column local of the
// filtered table in the values of SELECT values (one column, "value", distinct). in
// is the condition as the filter writes it, unindexed the same that no index serves
// (to walk the rows in order instead).
type drive struct {
	local, values string
	in, unindexed string
	// from, where and remote are the related rows (FROM from WHERE where) and their
	// value; unique says no two of them have the same value (remote is their primary
	// key).
	from, where, remote string
	unique              bool
}

// noteDriver records that the rows being filtered must meet drive d, when the
// condition is one of the filter's conjuncts.
func (c *compiler) noteDriver(d drive) {
	if c.conj != nil {
		c.conj.drives = append(c.conj.drives, d)
	}
}

// notConjunct compiles f outside the conjuncts of the filter (under _or, _not, or
// over another table): what it finds is no drive.
func (c *compiler) notConjunct(f func() (string, error)) (string, error) {
	saved := c.conj
	c.conj = nil
	defer func() { c.conj = saved }()
	return f()
}

// pageDriver returns the drive whose column leads an index of t followed by the
// first order column, or nil.
func pageDriver(t *catalog.Table, drives []drive, order []orderTerm) *drive {
	if len(order) == 0 || order[0].column == "" {
		return nil
	}
	for i, d := range drives {
		if indexLeads(t.StoreName(), d.local, order[0].column) {
			return &drives[i]
		}
	}
	return nil
}

var (
	leadsOnce sync.Once
	leads     map[[3]string]bool // table, first column, second column
)

// indexLeads reports whether an index of table (holding every row) starts with the
// columns first and second.
func indexLeads(table, first, second string) bool {
	leadsOnce.Do(func() {
		leads = map[[3]string]bool{}
		for _, ix := range store.Indexes() {
			if !ix.Partial && len(ix.Columns) >= 2 {
				leads[[3]string{ix.Table, ix.Columns[0], ix.Columns[1]}] = true
			}
		}
	})
	return leads[[3]string{table, first, second}]
}

// orderLeads reports whether an index of table (holding every row) starts with
// column: the rows can be walked in that order.
func orderLeads(table, column string) bool {
	for _, ix := range store.Indexes() {
		if !ix.Partial && ix.Table == table && len(ix.Columns) > 0 && ix.Columns[0] == column {
			return true
		}
	}
	return false
}

// When the values of a drive hold many of the rows (a project of many flows), the
// streams read values × reach index entries where walking the rows in order and
// testing each finds the page in fewer: with m of the n rows held, the walk reads about
// reach × n/m index entries, the k streams k × reach, each about streamCost times
// costlier (a seek, a sort). So the walk is taken when m × k × streamCost ≥ n, decided
// as the statement runs: k counted, then the held rows up to the threshold
// n / (k × streamCost), and only when counting them costs less than the streams
// would (threshold ≤ k × reach × streamCost): with few values the streams are cheap.
// A probe of the first rows in order comes first (below).
const streamCost = 12

// walkedOrMerged is the SELECT of the rowids of a sorted page (alias a of table t from
// src, filter, ORDER BY ord, LIMIT limit OFFSET offset: page) one of whose conjuncts
// is drive d: walked in order or merged from one stream per value (mergedPage) as
// above, n rows in all; reach is the rows up to the end of the page, lead the ORDER
// BY of the order's first term alone when an index gives that order ("" when SQLite
// would sort for it: no probe then).
func (c *compiler) walkedOrMerged(d *drive, t, src, a, filter, ord, lead, page, limit, offset, reach, n string) string {
	h := "h" + a
	k := "(SELECT count(*) FROM (" + d.values + "))"
	threshold := "(" + n + " / (" + strconv.Itoa(streamCost) + " * max(1, " + k + ")) + 1)"
	held := "(SELECT count(*) FROM (SELECT 1 FROM " + q(t) + " AS " + h + " WHERE " + col(h, d.local) + " IN (" + d.values + ") LIMIT " + threshold + "))"
	// Before counting, a probe: when the first reach × streamCost rows in the order of
	// its first column (lead: an index's order, read lazily) hold reach rows, at least
	// one row in streamCost is held and the walk is cheaper whatever k; the probe stops
	// as soon as it has found them.
	count := threshold + " <= " + k + " * (" + reach + ") * " + strconv.Itoa(streamCost) + " AND " + held + " >= " + threshold
	decide := "(" + count + ")"
	if lead != "" {
		probe := "(SELECT count(*) FROM (SELECT 1 FROM (SELECT " + col(a, d.local) + " AS " + q("v") + " FROM " + src + lead +
			" LIMIT (" + reach + ") * " + strconv.Itoa(streamCost) + ") WHERE " + q("v") + " IN (" + d.values + ") LIMIT " + reach + "))"
		decide = "(" + probe + " >= (" + reach + ") OR " + count + ")"
	}
	// Decided once, before any row is read (a materialized CTE): the walk's limit is 0
	// unless it is taken, the streams' values are none unless they are.
	w := "w" + c.alias()
	walk := "(SELECT " + q("walk") + " FROM " + w + ")"
	walkPage := " LIMIT (CASE WHEN " + walk + " THEN " + limit + " ELSE 0 END)"
	if offset != "" {
		walkPage += " OFFSET " + offset
	}
	walked := "SELECT " + a + ".rowid FROM " + src + strings.Replace(filter, d.in, d.unindexed, 1) + ord + walkPage
	merged := *d
	merged.values = "SELECT * FROM (" + d.values + ") WHERE NOT " + walk
	return "WITH " + w + " AS MATERIALIZED (SELECT " + decide + " AS " + q("walk") + ") SELECT * FROM (" + walked +
		") UNION ALL SELECT * FROM (" + c.mergedPage(&merged, src, a, filter, ord, page, reach) + ")"
}

// A count of the rows whose filter requires `col IN (SELECT key ...)` among its
// conjuncts, the related rows' primary key (a filter through an object
// relationship: a flow group's runs), where an index of the rows leads with col,
// joins the related rows to the rows instead: SQLite reads each related row's rows
// through the index either way, but an IN builds a temporary table of the values
// first, and a statement holding a hundred of them (a page's run history, one count
// per bucket) keeps them all until it ends, each costing more the more there are.

// countJoin returns the FROM source and filter of a count of src's rows (alias a of
// t) reading the related rows of a drive among drives first, or "" when none can.
func countJoin(t *catalog.Table, drives []drive, src, a, filter string) (string, string) {
	for _, d := range drives {
		if !d.unique || d.in == "" || !orderLeads(t.StoreName(), d.local) || strings.Count(filter, d.in) != 1 {
			continue
		}
		rest := strings.TrimPrefix(strings.Replace(filter, d.in, "1", 1), " WHERE ")
		return d.from + " CROSS JOIN " + src, " WHERE (" + d.where + ") AND " + col(a, d.local) + " = " + d.remote + " AND (" + rest + ")"
	}
	return "", ""
}

// mergedPage is the SELECT of the rowids of a sorted page (alias a from src, filter,
// ORDER BY ord, page) read as one stream per value of d, each of at most streamLimit
// rows.
func (c *compiler) mergedPage(d *drive, src, a, filter, ord, page, streamLimit string) string {
	k := c.alias()
	stream := "SELECT " + a + ".rowid FROM " + src + filter + " AND " + col(a, d.local) + " = " + k + "." + q("value") + ord + " LIMIT " + streamLimit
	return "SELECT " + a + ".rowid FROM (" + d.values + ") AS " + k + " CROSS JOIN " + src +
		" WHERE " + a + ".rowid IN (" + stream + ")" + ord + page
}

// A sorted page of the rows holding an element (the runs labelled "gpu") is read one
// of two ways, chosen as the statement runs by how many rows m of the n rows hold it:
// walking the rows in order through the order's index and testing each reads about
// (rows up to the end of the page) × n/m index entries; reading the holders through
// the element index and sorting them reads m rows, each a far costlier read of the
// row itself (about walkCost times an index entry). The walk is taken when it reads
// less: m² × walkCost ≥ reach × n.
const walkCost = 30

// walkNeeds is the SQL of the fewest holders m for which the walk is taken (m² ×
// walkCost ≥ reach × n), plus one: the holders are counted only up to it.
func walkNeeds(reach, n string) string {
	return "(CAST(sqrt(((" + reach + ") * " + n + ") / " + strconv.Itoa(walkCost) + ".0) AS INTEGER) + 1)"
}

// element is an element prefilter of the filter (search.go): the rows' id column
// (id) in the holders of the element (FROM ... WHERE ...: rows), which are the rows
// of index whose element is value (a parameter).
type element struct {
	id, rows, index, value string
}

// joined is src (alias a) with filter, whose prefilter is e, as a join of e's
// holders to the rows: one row per holder (the index holds an id once per element).
func (e element) joined(src, a, filter string) string {
	h := "h" + a
	on := h + "." + q("element") + " = " + e.value + " AND " + e.id + " = " + h + "." + q("id")
	return q(e.index) + " AS " + h + " CROSS JOIN " + src + strings.Replace(filter, e.in(""), on, 1)
}

// alone is the holders of e as rows under alias a (FROM ...), read from the index
// alone: a count of the rows whose only condition is e needs nothing else.
func (e element) alone(a string) string {
	return q(e.index) + " AS " + a + " WHERE " + col(a, "element") + " = " + e.value
}

// in is the prefilter, with the condition when on the holders ("" for none).
func (e element) in(when string) string {
	if when != "" {
		when = " AND " + when
	}
	return e.id + " IN (SELECT " + q("id") + e.rows + when + ")"
}

// exists is the prefilter as a test of one row.
func (e element) exists() string {
	return "EXISTS (SELECT 1" + e.rows + " AND " + q("id") + " = " + e.id + ")"
}

// noteElement records an element prefilter among the filter's conjuncts.
func (c *compiler) noteElement(e element) {
	if c.conj != nil {
		c.conj.elements = append(c.conj.elements, e)
	}
}

// pageElement returns the element prefilter that is the whole of a filter (where, as
// compiled), or nil: with other conditions the walk could read far more rows than
// the page before it finds them (a rare flow's runs holding a common label).
func pageElement(elements []element, where string) *element {
	if len(elements) != 1 || strings.Trim(strings.Replace(where, elements[0].in(""), "", 1), "() ") != "" {
		return nil
	}
	return &elements[0]
}

// walkedOrSorted is the SELECT of the rowids of a sorted page (alias a from src,
// filter, ORDER BY ord, LIMIT limit OFFSET offset, offset "" for none), walked with
// walkFilter (the filter as tested on each row walked) or read as SQLite reads
// filter and sorted, by an estimate of the matching rows (above): held(need), the
// SQL of m counted up to need; n rows in all; reach is the rows up to the end of the
// page.
func (c *compiler) walkedOrSorted(held func(need string) string, walkFilter, src, a, filter, ord, limit, offset, reach, n string) string {
	decide, walk := c.walkDecision(held, reach, n)
	off := ""
	if offset != "" {
		off = " OFFSET " + offset
	}
	walkPage := " LIMIT (CASE WHEN " + walk + " THEN " + limit + " ELSE 0 END)" + off
	sortPage := " LIMIT (CASE WHEN " + walk + " THEN 0 ELSE " + limit + " END)" + off
	walked := "SELECT " + a + ".rowid FROM " + src + walkFilter + ord + walkPage
	sorted := "SELECT " + a + ".rowid FROM " + src + filter + ord + sortPage
	return decide + "SELECT * FROM (" + walked + ") UNION ALL SELECT * FROM (" + sorted + ")"
}

// walkDecision is the WITH clause deciding whether a sorted page walks its order
// (from held(need), the SQL of the estimate m of its rows counted up to need; n rows
// in all; reach the rows up to the end of the page) and walk, the SQL of that
// decision. SQLite decides once (a materialized table of one value, read by both
// ways), before reading any row: the limit of the way not taken is 0, and SQLite then
// reads none of its rows (a constant condition in a WHERE would be tested on every
// row, or in the holders' IN list on every holder).
func (c *compiler) walkDecision(held func(need string) string, reach, n string) (decide, walk string) {
	d := "w" + c.alias()
	decide = "WITH " + d + "(" + q("w") + ") AS MATERIALIZED (SELECT " + q("m") + " * " + q("m") + " * " + strconv.Itoa(walkCost) + " >= (" + reach + ") * " + n + " FROM " + c.estimate(held, walkNeeds(reach, n)) + ") "
	return decide, "(SELECT " + q("w") + " FROM " + d + ")"
}

// held is the SQL of the holders of e counted up to need, as m.
func (e element) held(need string) string {
	return "(SELECT count(*) AS " + q("m") + " FROM (SELECT 1" + e.rows + " LIMIT " + need + "))"
}

// indexOrder reports whether an index on a column gives the order dir (SQLite's own
// null placement: NULLs first ascending, last descending), so that a probe in that
// order reads the index lazily instead of sorting the table.
func indexOrder(dir string) bool {
	switch dir {
	case "ASC", "DESC", "ASC NULLS FIRST", "DESC NULLS LAST":
		return true
	}
	return false
}
