package seed

import (
	"fmt"
	"io"
	"time"
)

// reporter writes a seed's progress lines, when the seed has an io.Writer for them
// and is big enough to take a while.
type reporter struct {
	w            io.Writer
	slug         string
	total, every int
	next         int
	began        time.Time
}

func newReporter(o buildOptions, total int, began time.Time) *reporter {
	r := &reporter{slug: o.slug, total: total, began: began}
	if o.progress != nil && o.runs >= o.scale.lean {
		r.w = o.progress
		r.every = max(total/20, 1)
		r.next = r.every
	}
	return r
}

func (r *reporter) runs(done int) {
	if r.w == nil || done < r.next {
		return
	}
	for r.next <= done {
		r.next += r.every
	}
	fmt.Fprintf(r.w, "seeding %s: %d of %d flow runs (%d%%)\n", r.slug, done, r.total, done*100/r.total)
}

func (r *reporter) indexes() {
	if r.w != nil {
		fmt.Fprintf(r.w, "seeding %s: creating indexes\n", r.slug)
	}
}

func (r *reporter) done() {
	if r.w != nil {
		fmt.Fprintf(r.w, "seeding %s: %d flow runs in %s\n", r.slug, r.total, time.Since(r.began).Round(100*time.Millisecond))
	}
}
