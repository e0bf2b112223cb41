package cli

import (
	"context"
	"testing"
)

// TestOpenTakesAnIDPrefix: `prefect-tui open 4c6d3f1e` (the 8 characters the explorer
// prints) starts the explorer on the open route with the prefix; the open screen finds
// what starts with it.
func TestOpenTakesAnIDPrefix(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, nil)
	h := newHarness(t)
	if code := h.run(context.Background(), "--api", f.URL, "open", "4C6D3F1E"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr)
	}
	if len(h.programs) != 1 {
		t.Fatalf("programs = %d", len(h.programs))
	}
	if got := h.programs[0].Top().Title(); got != "open 4c6d3f1e" {
		t.Errorf("start screen = %q", got)
	}
}
