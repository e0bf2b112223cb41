package engine

import (
	"slices"
	"strings"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// A sorted page of rows whose whole filter finds its rows through indexes (a run
// name's text index, the runs of the flows named so, a label's holders), alone or as
// an _or of such branches, is read one of two ways, chosen as the statement runs by
// an estimate m of the matching rows (the rows each index finds, counted up to what
// decides, summed): walking the rows in order through the order's index, testing
// each (each index finds its rows once, as a set, and a row walked is looked up in
// it before the row itself is read), or letting SQLite read the rows each index
// finds and sort them. The walk is taken when m² × walkCost ≥ reach × n, as for one
// label (pagemerge.go). Left to itself, SQLite reads and sorts every match of the
// _or (20,000 runs named like "bobcat" for a page of 100), reading each row.

// path is an index condition of a filter: in, as the filter has it; walk, the same
// condition as SQLite tests it on each row it walks (no index drives the rows); rows
// (FROM ... WHERE ...), a superset of the rows it holds for, read from an index
// alone.
type path struct {
	in, walk, rows string
	// column, for a prefilter in front of a comparison of the column, is the
	// column: where an index in the walk's order holds it, the walk tests the
	// comparison on the index alone, without the prefilter.
	column string
	// list, when the path can list exactly the rows of its whole condition whole
	// from indexes (the rows of alias a from src), is the SELECT of their rowids,
	// as "r"; nil when it cannot.
	list func(src, whole string) string
}

// way is what finds every row of the condition whole through indexes: one path
// (a comparison or a relationship filter), or, for an _or, its branches, each
// with its own conjuncts.
type way struct {
	paths    []path
	branches []branch
	whole    string
}

// branch is one condition of an _or (where, as compiled) and its conjuncts.
type branch struct {
	where string
	conj  conjuncts
}

// notePath records a path among the conjuncts of the filter being compiled; its
// whole is set by wholeWays once the condition holding it is compiled.
func (c *compiler) notePath(p path) {
	if c.conj != nil {
		c.conj.ways = append(c.conj.ways, way{paths: []path{p}})
	}
}

// ways returns how many ways the conjuncts hold (0 outside them).
func (c *compiler) ways() int {
	if c.conj == nil {
		return 0
	}
	return len(c.conj.ways)
}

// wholeWays sets the condition of the way noted since there were from to whole,
// when it is the only one: of a comparison with two (two labels), neither finds
// its rows alone.
func (c *compiler) wholeWays(from int, whole string) {
	if c.conj != nil && len(c.conj.ways) == from+1 {
		c.conj.ways[from].whole = whole
	}
}

// orBranches compiles the branches of an _or (each with f) and returns them with
// a way of the _or when it is a conjunct and every branch is the whole condition of
// a way of its own (a branch with another condition could make a walk read far
// more rows than the page before it finds them, or SQLite read all of a table).
func (c *compiler) orBranches(n int, f func(i int) (string, error)) ([]string, *way, error) {
	outer := c.conj
	defer func() { c.conj = outer }()
	union := &way{}
	parts := make([]string, 0, n)
	for i := range n {
		var b branch
		c.conj = nil
		if outer != nil {
			c.conj = &b.conj
		}
		s, err := f(i)
		if err != nil {
			return nil, nil, err
		}
		parts = append(parts, s)
		b.where = s
		if wholeWay(b.conj.ways, s) != nil && union != nil {
			union.branches = append(union.branches, b)
		} else {
			union = nil
		}
	}
	if outer == nil || union == nil || len(union.branches) == 0 {
		return parts, nil, nil
	}
	return parts, union, nil
}

// wholeWay returns the way whose condition is the whole of where, or nil.
func wholeWay(ways []way, where string) *way {
	for i, w := range ways {
		if w.whole != "" && strings.Trim(strings.Replace(where, w.whole, "", 1), "() ") == "" {
			return &ways[i]
		}
	}
	return nil
}

// walkFilter is filter with each path of w tested on each row of t walked in
// order.
func (w *way) walkFilter(t *catalog.Table, filter string, order []orderTerm) string {
	for _, p := range w.leaves() {
		walk := p.walk
		if p.column != "" && indexCovers(t.StoreName(), order, p.column) {
			walk = "1"
		}
		filter = strings.Replace(filter, p.in, walk, 1)
	}
	return filter
}

// indexCovers reports whether an index of table (holding every row) starts with
// the columns of order and holds column too.
func indexCovers(table string, order []orderTerm, column string) bool {
	for _, ix := range store.Indexes() {
		if ix.Table != table || ix.Partial || len(ix.Columns) < len(order) || !slices.Contains(ix.Columns, column) {
			continue
		}
		leads := true
		for i, o := range order {
			leads = leads && o.column == ix.Columns[i]
		}
		if leads {
			return true
		}
	}
	return false
}

// held is the SQL of the estimate m of the rows of w: each path's rows counted up
// to need, summed.
func (w *way) held(need string) string {
	paths := w.leaves()
	parts := make([]string, len(paths))
	for i, p := range paths {
		parts[i] = "(SELECT count(*) FROM (SELECT 1" + p.rows + " LIMIT " + need + "))"
	}
	return "(SELECT " + strings.Join(parts, " + ") + " AS " + q("m") + ")"
}

// pick is the SELECT of the rowids of a sorted page of t (alias a from src): the
// rows meeting base (" WHERE ...": the field's own condition and scope) and where
// (as compiled, with its conjuncts conj), in order (ord), LIMIT limit OFFSET offset
// ("" for none). It reads the rows its indexes find in the cheapest way it knows:
// one stream per value of a driving column (pagemerge.go), a walk or a sort (one
// label, one text search), or, for an _or whose branches each have a way, each
// branch's first rows up to the end of the page read in its own way, then the page
// of their union. When candidates is true, the SELECT is of the candidates the page
// is among, not yet the page: the rows of an _or's branches (each up to the end of
// the page), of which the caller takes the page.
func (c *compiler) pick(t *catalog.Table, src, a, base, where string, conj *conjuncts, order []orderTerm, limit, offset string) (sql string, candidates bool) {
	filter := base
	if where != "1" {
		filter += " AND (" + where + ")"
	}
	ord := " ORDER BY " + joinTerms(order)
	page := " LIMIT " + limit
	reach := limit // the rows up to the end of the page
	if offset != "" {
		page += " OFFSET " + offset
		reach += " + " + offset
	}
	if d := pageDriver(t, conj.drives, order); d != nil {
		if strings.Count(filter, d.in) == 1 && slices.Contains(store.CountedTables, t.StoreName()) && orderLeads(t.StoreName(), order[0].column) {
			lead := ""
			if indexOrder(order[0].dir) {
				lead = " ORDER BY " + joinTerms(order[:1])
			}
			return c.walkedOrMerged(d, t.StoreName(), src, a, filter, ord, lead, page, limit, offset, reach, c.storedCount(t)), false
		}
		return c.mergedPage(d, src, a, filter, ord, page, reach), false
	}
	if !slices.Contains(store.CountedTables, t.StoreName()) {
		return "SELECT " + a + ".rowid FROM " + src + filter + ord + page, false
	}
	if e := pageElement(conj.elements, where); e != nil {
		walkFilter := strings.Replace(filter, e.in(""), e.exists(), 1)
		return c.walkedOrSorted(e.held, walkFilter, src, a, filter, ord, limit, offset, reach, c.storedCount(t)), false
	}
	w := wholeWay(conj.ways, where)
	switch {
	case w == nil:
	case len(w.branches) > 0:
		return c.walkedOrArms(t, src, a, base, filter, w, order, ord, reach), true
	case len(w.paths) == 1:
		return c.walkedOrSorted(w.held, w.walkFilter(t, filter, order), src, a, filter, ord, limit, offset, reach, c.storedCount(t)), false
	}
	return "SELECT " + a + ".rowid FROM " + src + filter + ord + page, false
}

// walkedOrArms is the SELECT of the candidates of a sorted page of t (alias a from
// src) whose filter (base and an _or, way w) finds its rows through indexes: decided
// once, as for one path (walkedOrSorted), from the rows of all of w's paths counted up
// to what decides, either the first reach rows of the whole filter walked in order
// (each path tested on each row walked: a walk finds rows of every branch at once), or
// each branch's first reach rows read from its index and sorted (the runs of some
// flows as one stream a flow), the arms of the way not taken reading no row. A row
// meeting two branches is a candidate twice: the caller's IN takes it once.
func (c *compiler) walkedOrArms(t *catalog.Table, src, a, base, filter string, w *way, order []orderTerm, ord, reach string) string {
	decide, walk := c.walkDecision(w.held, reach, c.storedCount(t))
	walked := "SELECT " + a + ".rowid FROM " + src + w.walkFilter(t, filter, order) + ord + " LIMIT (CASE WHEN " + walk + " THEN " + reach + " ELSE 0 END)"
	sortPage := " LIMIT (CASE WHEN " + walk + " THEN 0 ELSE " + reach + " END)"
	arms := []string{"SELECT * FROM (" + walked + ")"}
	for _, arm := range c.sortedArms(t, src, a, base, w, order, ord, sortPage, "NOT "+walk, reach) {
		arms = append(arms, "SELECT * FROM ("+arm+")")
	}
	return decide + strings.Join(arms, " UNION ALL ")
}

// sortedArms are the SELECTs of each branch's first rows of a sorted page under
// base (" WHERE ...") in order ord, LIMIT page (streams of at most reach rows, and
// none unless the condition none holds): a branch that is an _or of its own gives
// one arm a branch.
func (c *compiler) sortedArms(t *catalog.Table, src, a, base string, w *way, order []orderTerm, ord, page, none, reach string) []string {
	var arms []string
	for _, b := range w.branches {
		if bw := wholeWay(b.conj.ways, b.where); len(bw.branches) > 0 {
			arms = append(arms, c.sortedArms(t, src, a, base, bw, order, ord, page, none, reach)...)
			continue
		}
		filter := base + " AND (" + b.where + ")"
		if d := pageDriver(t, b.conj.drives, order); d != nil {
			// No value when the walk is taken: no stream is even begun.
			streams := *d
			streams.values = "SELECT * FROM (" + d.values + ") WHERE " + none
			arms = append(arms, c.mergedPage(&streams, src, a, filter, ord, page, reach))
			continue
		}
		arms = append(arms, "SELECT "+a+".rowid FROM "+src+filter+ord+page)
	}
	return arms
}

// leaves are the paths of w: its own, or those of its branches' ways.
func (w *way) leaves() []path {
	out := w.paths
	for _, b := range w.branches {
		out = append(slices.Clip(out), wholeWay(b.conj.ways, b.where).leaves()...)
	}
	return out
}

// rowList is the SELECT of the rowids (as "r") of exactly the rows of t (alias a
// from src) meeting way w's whole condition, read from indexes, or "" when a path
// of w cannot list its rows. The rows of an _or's branches are listed one branch
// after the other, each without the rows of the branches before it (a row meeting
// two is listed once), so that a limited count stops at its limit.
func rowList(w *way, src string) string {
	if len(w.branches) == 0 {
		if len(w.paths) != 1 || w.paths[0].list == nil {
			return ""
		}
		return w.paths[0].list(src, w.whole)
	}
	var arms, before []string
	for _, b := range w.branches {
		bw := wholeWay(b.conj.ways, b.where)
		l := rowList(bw, src)
		if l == "" {
			return ""
		}
		arm := "SELECT " + q("r") + " FROM (" + l + ")"
		for i, p := range before {
			if i == 0 {
				arm += " WHERE "
			} else {
				arm += " AND "
			}
			arm += q("r") + " NOT IN (SELECT " + q("r") + " FROM (" + p + "))"
		}
		arms = append(arms, arm)
		before = append(before, l)
	}
	return strings.Join(arms, " UNION ALL ")
}
