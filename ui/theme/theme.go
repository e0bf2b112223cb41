// Package theme holds prefect-tui's one theme: semantic colours from the 16 ANSI colours
// (so the user's palette applies) and the styles built from them. NO_COLOR is honoured
// by the styles (see DefaultStyles). The UI shell work fills this in.
package theme

// Styles is every style the UI uses, grouped per screen.
type Styles struct{}
