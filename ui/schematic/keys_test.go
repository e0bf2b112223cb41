package schematic

import (
	"strings"
	"testing"
)

func TestKeyMapHelp(t *testing.T) {
	m, _, _ := openRun(t, 80, 24)
	seen := map[string]string{}
	var labels []string
	for _, g := range m.FullHelp() {
		for _, k := range g {
			if !k.Enabled() {
				continue
			}
			labels = append(labels, k.Help().Desc)
			for _, s := range k.Keys() {
				if other, dup := seen[s]; dup {
					t.Errorf("key %q bound to %q and %q", s, other, k.Help().Desc)
				}
				seen[s] = k.Help().Desc
			}
		}
	}
	got := strings.Join(labels, "|")
	// The first node (a source) has no upstream: "go upstream" is hidden.
	if got != "up|down|page up|page down|first|last|go downstream|next failed|open task run|refresh" {
		t.Fatalf("help: %s", got)
	}
}
