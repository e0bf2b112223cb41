package seed

import (
	"runtime/debug"
	"sync"
)

// A bulk seed allocates fast (a few hundred bytes a row) but keeps little: with Go's
// default GOGC of 100 the collector runs every few milliseconds and takes about a
// tenth of the seed's CPU. While bulk seeds run, the collector lets the heap grow to
// five times what is live (about 100 MB more), then the setting is restored.

// bulkGCPercent is the GOGC of the process while a bulk seed runs.
const bulkGCPercent = 400

var gcTune struct {
	sync.Mutex
	seeds int
	prev  int
}

// relaxGC raises GOGC to bulkGCPercent until the returned function is called; nested
// and concurrent seeds restore the setting when the last one ends.
func relaxGC() (restore func()) {
	gcTune.Lock()
	defer gcTune.Unlock()
	if gcTune.seeds == 0 {
		gcTune.prev = debug.SetGCPercent(bulkGCPercent)
		if gcTune.prev < 0 || gcTune.prev > bulkGCPercent {
			// GOGC=off, or higher than ours: keep the user's.
			debug.SetGCPercent(gcTune.prev)
		}
	}
	gcTune.seeds++
	return func() {
		gcTune.Lock()
		defer gcTune.Unlock()
		gcTune.seeds--
		if gcTune.seeds == 0 {
			debug.SetGCPercent(gcTune.prev)
		}
	}
}
