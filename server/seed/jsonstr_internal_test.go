package seed

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestWriteJSONString: the same quoting as encoding/json, plain text or not.
func TestWriteJSONString(t *testing.T) {
	for _, s := range []string{
		"", "Flow run scheduled.", "Task run created", `say "hi"`, `C:\tmp`, "a<b>&c", "tab\there", "line\nnext",
		"zürich", "\u2028", "bad \xff byte", "ctrl \x01 \x7f", failureMessages[0],
	} {
		var b strings.Builder
		writeJSONString(&b, s)
		want, _ := json.Marshal(s)
		if b.String() != string(want) {
			t.Errorf("writeJSONString(%q) = %s, want %s", s, b.String(), want)
		}
	}
}
