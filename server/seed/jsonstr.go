package seed

import (
	"encoding/json"
	"strings"
)

// writeJSONString writes s as encoding/json quotes it: as is between quotes when
// every byte is printable ASCII that json leaves unescaped (no quote, backslash,
// or HTML's <, > and &), through json.Marshal otherwise. A seed quotes a state
// message for every state row; most are plain text.
func writeJSONString(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			b.Write(q)
			return
		}
	}
	b.WriteByte('"')
	b.WriteString(s)
	b.WriteByte('"')
}
