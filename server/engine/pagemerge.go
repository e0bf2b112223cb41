package engine

import (
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

// drive is a condition every row of a filter must meet: column local of the
// filtered table in the values of SELECT values (one column, "value", distinct).
type drive struct {
	local, values string
}

// noteDriver records that the rows being filtered must have column local in the
// rows of values, when the condition is one of the filter's conjuncts.
func (c *compiler) noteDriver(local, values string) {
	if c.drivers != nil {
		*c.drivers = append(*c.drivers, drive{local: local, values: values})
	}
}

// notConjunct compiles f outside the conjuncts of the filter (under _or, _not, or
// over another table): what it finds is no drive.
func (c *compiler) notConjunct(f func() (string, error)) (string, error) {
	saved := c.drivers
	c.drivers = nil
	defer func() { c.drivers = saved }()
	return f()
}

// pageDriver returns the drive whose column leads an index of t followed by the
// first order column, or nil.
func pageDriver(t *catalog.Table, drivers []drive, order []orderTerm) *drive {
	if len(order) == 0 || order[0].column == "" {
		return nil
	}
	for i, d := range drivers {
		if indexLeads(t.StoreName(), d.local, order[0].column) {
			return &drivers[i]
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

// mergedPage is the SELECT of the rowids of a sorted page (alias a from src, filter,
// ORDER BY ord, page) read as one stream per value of d, each of at most streamLimit
// rows.
func (c *compiler) mergedPage(d *drive, src, a, filter, ord, page, streamLimit string) string {
	k := c.alias()
	stream := "SELECT " + a + ".rowid FROM " + src + filter + " AND " + col(a, d.local) + " = " + k + "." + q("value") + ord + " LIMIT " + streamLimit
	return "SELECT " + a + ".rowid FROM (" + d.values + ") AS " + k + " CROSS JOIN " + src +
		" WHERE " + a + ".rowid IN (" + stream + ")" + ord + page
}
