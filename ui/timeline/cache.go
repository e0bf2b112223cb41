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

// rowKey is what a cached row shows besides its task: the cursor on it, the columns of
// its bar (zero when it has none) and its duration.
type rowKey struct {
	cursor bool
	c0, c1 int
	dur    string
}

type cachedRow struct {
	key  rowKey
	text string
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

func (c *rowCache) row(i int, k rowKey) (string, bool) {
	e, ok := c.rows[i]
	if !ok || e.key != k {
		return "", false
	}
	return e.text, true
}

func (c *rowCache) putRow(i int, k rowKey, text string) {
	if c.rows == nil || len(c.rows) >= maxCachedRows {
		c.rows = make(map[int]cachedRow, 64)
	}
	c.rows[i] = cachedRow{key: k, text: text}
}
