package logs

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

func helpKeys(t *testing.T, groups [][]key.Binding) (labels string, n int) {
	t.Helper()
	seen := map[string]string{}
	var b strings.Builder
	for _, g := range groups {
		for _, k := range g {
			if !k.Enabled() {
				continue
			}
			n++
			b.WriteString(k.Help().Desc + "|")
			for _, s := range k.Keys() {
				if other, dup := seen[s]; dup {
					t.Errorf("key %q bound to %q and %q", s, other, k.Help().Desc)
				}
				seen[s] = k.Help().Desc
			}
		}
	}
	return b.String(), n
}

func TestKeyMapHelp(t *testing.T) {
	m := bigModel(100)
	m.applySearch("step")
	labels, n := helpKeys(t, m.FullHelp())
	for _, want := range []string{"search", "next match", "filter (server)", "min level", "time window", "follow", "load newer", "copy line", "export to file"} {
		if !strings.Contains(labels, want) {
			t.Errorf("help lacks %q: %s", want, labels)
		}
	}
	// Pinned: 8 navigation + 6 filters + 5 actions ("load older" off: all loaded;
	// "stop export" off: none running; "open task run" off: no task run line).
	if n != 21 {
		t.Errorf("%d enabled bindings in help, want 21: %s", n, labels)
	}
	// While exporting, export turns into stop export.
	m.export = &exportState{}
	m.updateKeys()
	labels, _ = helpKeys(t, m.FullHelp())
	if strings.Contains(labels, "export to file") || !strings.Contains(labels, "stop export") {
		t.Errorf("export keys while exporting: %s", labels)
	}
}
