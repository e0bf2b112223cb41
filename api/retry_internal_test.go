package api

import (
	"testing"
	"time"
)

func TestIsMutation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query, op string
		want      bool
	}{
		{"{ hello }", "", false},
		{"query Q { hello }", "Q", false},
		{"mutation M { archive_flow(input: {flow_id: \"x\"}) { success } }", "M", true},
		{"query A { hello } mutation B { log_out(input: {}) { success } }", "A", false},
		{"query A { hello } mutation B { log_out(input: {}) { success } }", "B", true},
		{"# comment\n  mutation { x }", "", true},
		{"not graphql", "", true},
	}
	for _, tc := range tests {
		if got := isMutation(tc.query, tc.op); got != tc.want {
			t.Errorf("isMutation(%q, %q) = %v, want %v", tc.query, tc.op, got, tc.want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              -1,
		"12":                            12 * time.Second,
		"soon":                          -1,
		"Fri, 02 Jan 2026 03:04:35 GMT": 30 * time.Second,
		"Fri, 02 Jan 2026 03:00:00 GMT": 0,
	}
	for in, want := range tests {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}
