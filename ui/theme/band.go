package theme

// bandColors are the ANSI colours a context may give the header's tenant band, by the
// names of the settings file, with the index of a text colour that reads on each.
var bandColors = map[string][2]int{
	"black": {black, brightWhite}, "red": {red, brightWhite}, "green": {green, black},
	"yellow": {yellow, black}, "blue": {blue, brightWhite}, "magenta": {magenta, brightWhite},
	"cyan": {cyan, black}, "white": {white, black},
	"bright-black": {brightBlack, brightWhite}, "bright-red": {brightRed, black},
	"bright-green": {brightGreen, black}, "bright-yellow": {brightYellow, black},
	"bright-blue": {brightBlue, black}, "bright-magenta": {brightMagenta, black},
	"bright-cyan": {brightCyan, black}, "bright-white": {brightWhite, black},
}

// SetBand paints the header's tenant band in the named ANSI colour ("red",
// "bright-cyan"; see bandColors), so that a context (production, say) is told apart
// at a glance. Unknown names and "" leave the theme's band; without colour the band
// stays in reverse video.
func (s *Styles) SetBand(name string) {
	c, ok := bandColors[name]
	if !ok || s.NoColor {
		return
	}
	s.Theme.Tenant = ansiColor(c[0])
	s.App.HeaderTenant = s.App.HeaderTenant.Background(ansiColor(c[0])).Foreground(ansiColor(c[1]))
}
