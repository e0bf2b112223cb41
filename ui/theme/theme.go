// Package theme holds prefect-tui's one theme: semantic colours taken from the 16 ANSI
// colours (so the user's terminal palette applies) and the styles built from them
// (styles.go). NO_COLOR (any non-empty value) turns every colour off; emphasis then
// comes from bold, reverse and underline only, and states stay readable because they
// are always drawn as glyph + word (ui/components).
package theme

import (
	"image/color"
	"os"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Theme is the palette of semantic colours (gh-dash theme.Theme). Every value is one of
// the 16 ANSI colours, picked for a dark or a light background, or lipgloss.NoColor{}
// when colours are off.
type Theme struct {
	TextPrimary   color.Color
	TextSecondary color.Color
	TextFaint     color.Color
	// TextInverse is text drawn on an Accent or Tenant band.
	TextInverse color.Color
	Accent      color.Color
	// Tenant is the background of the tenant band in the header when the tenant is not
	// known by id; a known tenant gets a colour of its own (Styles.TenantBand), so the
	// active tenant is never mistaken.
	Tenant         color.Color
	BorderActive   color.Color
	BorderInactive color.Color
	SelectedBg     color.Color
	SelectedFg     color.Color
	Success        color.Color
	Warning        color.Color
	Error          color.Color
	// Running / Pending / Cancelled are the state families of Prefect runs.
	Running   color.Color
	Pending   color.Color
	Cancelled color.Color
}

// ANSI colour indexes (the terminal's own palette).
const (
	black = iota
	red
	green
	yellow
	blue
	magenta
	cyan
	white
	brightBlack
	brightRed
	brightGreen
	brightYellow
	brightBlue
	brightMagenta
	brightCyan
	brightWhite
)

// ansiColor is colour i of the 16 ANSI colours, as a basic colour: the renderer writes
// it as SGR 30–37/90–97 (5 bytes) rather than 38;5;i (10 bytes), the same colour of the
// terminal's palette in fewer bytes per styled cell.
func ansiColor(i int) color.Color {
	if i >= 0 && i < 16 {
		return ansi.BasicColor(i)
	}
	return lipgloss.ANSIColor(i)
}

// DefaultTheme returns the palette for a dark (isDark) or light terminal background.
func DefaultTheme(isDark bool) Theme {
	ld := lipgloss.LightDark(isDark)
	pick := func(light, dark int) color.Color { return ld(ansiColor(light), ansiColor(dark)) }
	// The selected row's bar is blue, not a grey, on a dark background: an 8-colour
	// terminal (the Linux console) draws bright black as black, its own background, and
	// the row under the cursor would look like the rest.
	return Theme{
		TextPrimary:    pick(black, brightWhite),
		TextSecondary:  pick(brightBlack, white),
		TextFaint:      pick(brightBlack, brightBlack),
		TextInverse:    pick(brightWhite, black),
		Accent:         pick(blue, brightCyan),
		Tenant:         pick(magenta, magenta),
		BorderActive:   pick(blue, brightCyan),
		BorderInactive: pick(brightBlack, brightBlack),
		SelectedBg:     pick(white, blue),
		SelectedFg:     pick(black, brightWhite),
		Success:        pick(green, brightGreen),
		Warning:        pick(yellow, brightYellow),
		Error:          pick(red, brightRed),
		Running:        pick(blue, brightBlue),
		Pending:        pick(yellow, yellow),
		Cancelled:      pick(brightBlack, white),
	}
}

// NoColorTheme is the palette when colours are off: every colour is lipgloss.NoColor.
func NoColorTheme() Theme {
	n := lipgloss.NoColor{}
	return Theme{
		TextPrimary: n, TextSecondary: n, TextFaint: n, TextInverse: n, Accent: n, Tenant: n,
		BorderActive: n, BorderInactive: n, SelectedBg: n, SelectedFg: n, Success: n,
		Warning: n, Error: n, Running: n, Pending: n, Cancelled: n,
	}
}

// NoColorEnv reports whether the NO_COLOR convention asks for no colours (any non-empty
// value, https://no-color.org).
func NoColorEnv() bool { return os.Getenv("NO_COLOR") != "" }
