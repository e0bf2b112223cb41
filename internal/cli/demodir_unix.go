//go:build unix

package cli

import (
	"errors"
	"syscall"
)

// processExists probes pid with signal 0; EPERM means it exists but is not ours.
func processExists(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
