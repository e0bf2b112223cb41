package screen_test

import (
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/ui/screen"
)

func TestUILink(t *testing.T) {
	s := screen.Session{UIURL: "https://cloud.prefect.io/", TenantSlug: "acme"}
	if got := s.UILink("flow-run", "id1"); got != "https://cloud.prefect.io/acme/flow-run/id1" {
		t.Errorf("UILink %q", got)
	}
}

func TestRequestIDsAreNew(t *testing.T) {
	a, b := screen.NewRequestID(), screen.NewRequestID()
	if a == 0 || b == 0 || a == b {
		t.Fatalf("ids %d %d", a, b)
	}
}

func TestBackoff(t *testing.T) {
	b := screen.DefaultBackoff()
	var got []time.Duration
	for _, changed := range []bool{false, false, false, false, false, false, true} {
		got = append(got, b.Next(changed))
	}
	want := []time.Duration{5, 10, 20, 40, 60, 60, 5}
	for i := range want {
		if got[i] != want[i]*time.Second {
			t.Fatalf("backoff %v, want %v s", got, want)
		}
	}
}
