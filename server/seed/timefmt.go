package seed

import (
	"time"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// formatTime is store.FormatTime (store.TimeLayout, UTC) without time.Format's
// general layout machinery: a seed formats a dozen times per row.
func formatTime(t time.Time) string {
	t = t.UTC()
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return store.FormatTime(t)
	}
	h, mi, s := t.Clock()
	us := t.Nanosecond() / 1000
	var b [32]byte
	put := func(i, v, n int) {
		for j := i + n - 1; j >= i; j-- {
			b[j] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, y, 4)
	b[4] = '-'
	put(5, int(mo), 2)
	b[7] = '-'
	put(8, d, 2)
	b[10] = 'T'
	put(11, h, 2)
	b[13] = ':'
	put(14, mi, 2)
	b[16] = ':'
	put(17, s, 2)
	b[19] = '.'
	put(20, us, 6)
	copy(b[26:], "+00:00")
	return string(b[:])
}
