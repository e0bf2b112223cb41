package flows_test

import (
	"os"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

func TestMain(m *testing.M) {
	// Loads run through uitest.RunCmd: under the race detector, with every package's
	// tests at once, a ListFlows request can take longer than the default wait. The
	// screen has no timer longer than its 250 ms debounce, so a long wait costs nothing.
	uitest.Timeout = 10 * time.Second
	os.Exit(m.Run())
}
