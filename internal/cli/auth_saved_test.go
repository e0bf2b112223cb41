package cli

import "testing"

// TestSavedIn: the login's store in words, a file by its path alone.
func TestSavedIn(t *testing.T) {
	for where, want := range map[string]string{
		"OS keyring":                     "Saved in the OS keyring.",
		"file /home/me/credentials.json": "Saved in /home/me/credentials.json (readable by you only).",
	} {
		if got := savedIn(where); got != want {
			t.Errorf("savedIn(%q) = %q, want %q", where, got, want)
		}
	}
}
