package agents_test

import (
	"os"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func TestMain(m *testing.M) {
	// The remove action runs its mutation through uitest.RunCmd: give it (and the race
	// detector) time.
	uitest.Timeout = time.Minute
	os.Exit(m.Run())
}
