package engine

import (
	"strconv"
	"strings"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// A query's one statement (batch.go) may read a sorted page of rows and count the
// same rows up to a cap: the runs list's page and its "1–100 of 10000+". The page's
// walk-or-sort decision counts the rows up to what decides (walkedOrSorted); when
// the count is capped at no fewer, the decision reads that count instead, so that
// the rows' indexes are read once for both. The count is one materialized CTE of the
// statement, which the count field answers and the decision reads (SQLite computes
// it once, at its first use).

// sharing holds, while a query's one statement is compiled, the decisions that may
// read a count and the counts they may read.
type sharing struct {
	decisions []decision
	counts    map[string]sharedCount
	ctes      []string
}

// decision is a page's estimate of its rows awaiting the statement's counts: its
// own SQL of m (a FROM subquery), the count it needs, and its rows' key.
type decision struct {
	key, own, need string
}

// sharedCount is a count of rows up to limit, the CTE cte("n").
type sharedCount struct {
	cte, limit string
}

// rowsKey identifies the rows of root field f of t to all root fields of a
// statement: one table under one where argument (the same variable, or the same
// literal); "" for none.
func rowsKey(t *catalog.Table, f *cfield) string {
	if f.Field == nil {
		return ""
	}
	w := f.Field.Arguments.ForName("where")
	if w == nil || w.Value == nil {
		return ""
	}
	return t.Name + "\x00" + w.Value.String()
}

// decisionMarker stands for decision i in the SQL until the statement is complete.
func decisionMarker(i int) string { return "\x00decision" + strconv.Itoa(i) + "\x00" }

// estimate is the SQL of m, the rows of the page being compiled counted up to need
// (a FROM subquery whose column is "m"): own, or in a query's one statement the
// count of the same rows when one is capped at need or more (resolved by
// resolveShared).
func (c *compiler) estimate(own func(need string) string, need string) string {
	if c.share == nil || c.rowsKey == "" {
		return own(need)
	}
	c.share.decisions = append(c.share.decisions, decision{key: c.rowsKey, own: own(need), need: need})
	return decisionMarker(len(c.share.decisions) - 1)
}

// shareCount returns the SQL of the count of rows inner, up to limit, as a count of
// the statement the pages of the same rows (key) read: "" when none reads it.
func (c *compiler) shareCount(key, inner, limit string) string {
	if c.share == nil || key == "" {
		return ""
	}
	if _, ok := c.share.counts[key]; ok {
		return ""
	}
	for _, d := range c.share.decisions {
		if d.key != key {
			continue
		}
		cte := "n" + c.alias()
		c.share.ctes = append(c.share.ctes, cte+"("+q("n")+") AS MATERIALIZED (SELECT count(*) FROM ("+inner+"))")
		if c.share.counts == nil {
			c.share.counts = map[string]sharedCount{}
		}
		c.share.counts[key] = sharedCount{cte: cte, limit: limit}
		return "(SELECT " + q("n") + " FROM " + cte + ")"
	}
	return ""
}

// resolveShared is sql, the statement's SELECT list, with each decision's estimate
// in place, and the shared counts' CTEs before it.
func (s *sharing) resolveShared(sql string) string {
	for i, d := range s.decisions {
		m := d.own
		if sc, ok := s.counts[d.key]; ok {
			m = "(SELECT CASE WHEN " + sc.limit + " >= " + d.need + " THEN (SELECT " + q("n") + " FROM " + sc.cte + ") ELSE (SELECT " + q("m") + " FROM " + d.own + ") END AS " + q("m") + ")"
		}
		sql = strings.Replace(sql, decisionMarker(i), m, 1)
	}
	if len(s.ctes) > 0 {
		sql = "WITH " + strings.Join(s.ctes, ", ") + " " + sql
	}
	return sql
}
