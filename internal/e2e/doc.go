// Package e2e holds the tests that drive the real prefect-tui program: each builds the
// binary with `go build`, runs it in a private tmux server at 80×24 (tmux sends keys and
// bracketed pastes as a terminal would, and renders the screen the user would see), and
// reads the screen with capture-pane. The package has no code outside its tests.
package e2e
