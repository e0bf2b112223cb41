package logs

import (
	"testing"

	"github.com/prefect-tui/prefect-tui/ui/theme"
)

// TestRowCacheFollowsCursorAndTheme: rows come from the cache, the selected one too,
// and the view is the one drawn afresh after cursor moves and after the theme is
// switched in place (as the root does when it learns the terminal's background).
func TestRowCacheFollowsCursorAndTheme(t *testing.T) {
	m, _, _, _ := open(t, 100, 30, Options{})
	fresh := func() string {
		m.rowCache, m.cacheKey = nil, cacheKey{}
		return m.View()
	}
	for _, k := range []string{"up", "up", "pgup", "down"} {
		m.View()
		m, _ = press(m, k)
		if got, want := m.View(), fresh(); got != want {
			t.Fatalf("after %s the cached view differs", k)
		}
	}
	before := m.View()
	*m.deps.Styles = *theme.NewStyles(false, false)
	if got, want := m.View(), fresh(); got != want || got == before {
		t.Fatal("the rows kept the old theme's colours")
	}
}
