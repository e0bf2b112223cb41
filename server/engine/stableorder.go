package engine

import "github.com/prefect-tui/prefect-tui/server/catalog"

// Reads without order_by return rows in one stable order, insertion order, as Postgres
// does in practice for a table that is only appended to: Prefect's client relies on it
// (it takes `tenant { id }[0]` as the default tenant), and the same query must not
// return another order when its selection changes the plan (a covering index). The
// order is the rowid's, applied only where it shows: lists and aggregate nodes, and
// the rows a page or distinct_on picks; an aggregate's values are computed unsorted.

// insertionOrder is the ORDER BY term of insertion order for rows of alias a.
func insertionOrder(a string) orderTerm { return orderTerm{expr: a + ".rowid", dir: "ASC"} }

// unordered records that rows statement s (alias a) has no order of its own.
func (c *compiler) unordered(s, a string) {
	if c.unsorted == nil {
		c.unsorted = map[string]string{}
	}
	c.unsorted[s] = a
}

// listed is rows statement s as a list shows it: in insertion order unless it has an
// order of its own.
func (c *compiler) listed(s string) string {
	if a, ok := c.unsorted[s]; ok {
		return s + " ORDER BY " + a + ".rowid"
	}
	return s
}

// countsOnly reports whether aggregate selection f over t asks only how many rows
// there are (count of every row): which rows a limit keeps does not change it, so
// they need not be the first in insertion order ("at most N" counts stop at N rows
// found in any order, through any index).
func (c *compiler) countsOnly(t *catalog.Table, f *cfield) bool {
	counts := false
	for _, sf := range c.x.collect(f.Sels, t.Name+"_aggregate") {
		switch sf.Name {
		case "__typename":
		case "aggregate":
			for _, af := range c.x.collect(sf.Sels, t.Name+"_aggregate_fields") {
				switch af.Name {
				case "__typename":
				case "count":
					if e, err := countExpr(t, "", c.x.args(af.Field)); err != nil || e != "count(*)" {
						return false
					}
					counts = true
				default:
					return false
				}
			}
		default:
			return false
		}
	}
	return counts
}
