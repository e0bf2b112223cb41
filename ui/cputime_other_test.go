//go:build !unix

package ui_test

import "time"

// cpuTime is not measured here: the ours-cpu-ms/frame figures read 0.
func cpuTime() time.Duration { return 0 }
