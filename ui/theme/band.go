package theme

import (
	"crypto/sha256"
	"encoding/binary"

	"charm.land/lipgloss/v2"
)

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

// tenantBands are the colours a tenant's band is picked from: the six hues, then their
// bright halves, at index hash mod 12. Black, white and their bright halves are left
// out (they read as no band at all on one background or the other). An 8-colour
// terminal shows a bright colour as its dark half, so there two tenants differ when
// their hash mod 6 does.
var tenantBands = [...]string{
	"red", "green", "yellow", "blue", "magenta", "cyan",
	"bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan",
}

// SetBand paints the header's tenant band in the named ANSI colour ("red",
// "bright-cyan"; see bandColors), so that a context (production, say) is told apart
// at a glance; it then applies to every tenant (TenantBand). Unknown names and ""
// leave the theme's band; without colour the band stays in reverse video.
func (s *Styles) SetBand(name string) {
	c, ok := bandColors[name]
	if !ok || s.NoColor {
		return
	}
	s.bandFixed = true
	s.Theme.Tenant = ansiColor(c[0])
	s.App.HeaderTenant = s.App.HeaderTenant.Background(ansiColor(c[0])).Foreground(ansiColor(c[1]))
}

// TenantBandName is the colour (a bandColors name) of the band of the tenant with
// this id: taken from a hash of the id, so a tenant has the same colour in every run
// and on every machine.
func TenantBandName(tenantID string) string {
	sum := sha256.Sum256([]byte(tenantID))
	return tenantBands[binary.BigEndian.Uint32(sum[:4])%uint32(len(tenantBands))]
}

// TenantBand is the style of the header's band for the tenant with this id: the
// context's colour when it named one (SetBand), else the tenant's own
// (TenantBandName), so that tenants are told apart at a glance. Without colour, and
// for a tenant not known by id, it is App.HeaderTenant (reverse video without colour:
// the tenant's name is what tells them apart).
func (s *Styles) TenantBand(tenantID string) lipgloss.Style {
	if s.bandFixed || s.NoColor || tenantID == "" {
		return s.App.HeaderTenant
	}
	c := bandColors[TenantBandName(tenantID)]
	return s.App.HeaderTenant.Background(ansiColor(c[0])).Foreground(ansiColor(c[1]))
}
