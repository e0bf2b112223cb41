package engine

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
