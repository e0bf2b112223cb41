package timeline

import "time"

// frameKey is what every row of a frame depends on besides the data: the styles, the
// column widths, the visible window of time and where the now marker is. When it
// changes the cache empties; rebuild empties it when the data or the rows change.
type frameKey struct {
	gen       uint64
	lw, bw    int
	viewStart time.Time
	viewSpan  time.Duration
	nowCol    int
}

// rowKey is what a cached row's bar shows besides its task: the columns of the bar
// (zero when it has none) and the duration.
type rowKey struct {
	c0, c1 int
	dur    string
}

// cachedRow is a row in two parts: the label (with the cursor or not) and the rest.
type cachedRow struct {
	cursor bool
	label  string
	key    rowKey
	rest   string
}

// maxCachedRows bounds the cache: a few screens of rows.
const maxCachedRows = 512

// rowCache holds the styled rows by index in m.rows, and the axis and marks lines, for
// one frameKey.
type rowCache struct {
	frame frameKey
	head  string
	rows  map[int]cachedRow
}

func (c *rowCache) reset() { *c = rowCache{} }

// use empties the cache when the frame's key is not the one its rows were drawn for.
func (c *rowCache) use(k frameKey) {
	if c.frame != k {
		*c = rowCache{frame: k}
	}
}

func (c *rowCache) putRow(i int, e cachedRow) {
	if c.rows == nil || len(c.rows) >= maxCachedRows {
		c.rows = make(map[int]cachedRow, 64)
	}
	c.rows[i] = e
}
