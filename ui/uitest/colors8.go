package uitest

import (
	"regexp"
	"strconv"
	"strings"
)

// sgr matches one SGR sequence (CSI params m).
var sgr = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// Fold8 shows s as an 8-colour terminal (TERM=linux) draws it: the bright colours of
// the 16 (SGR 90–97 and 100–107, indexed 8–15) become their dark halves, so black text
// stays black. Tests render, fold, and check that what the user must tell apart still
// differs.
func Fold8(s string) string {
	return sgr.ReplaceAllStringFunc(s, func(seq string) string {
		params := strings.Split(sgr.FindStringSubmatch(seq)[1], ";")
		for i := 0; i < len(params); i++ {
			n, err := strconv.Atoi(params[i])
			switch {
			case err != nil:
			case n >= 90 && n <= 97:
				params[i] = strconv.Itoa(n - 60)
			case n >= 100 && n <= 107:
				params[i] = strconv.Itoa(n - 60)
			case (n == 38 || n == 48) && i+2 < len(params) && params[i+1] == "5":
				if idx, err := strconv.Atoi(params[i+2]); err == nil && idx >= 8 && idx < 16 {
					params[i+2] = strconv.Itoa(idx - 8)
				}
				i += 2
			}
		}
		return "\x1b[" + strings.Join(params, ";") + "m"
	})
}

// HasBrightColor reports whether s uses one of the bright eight colours, which an
// 8-colour terminal cannot show.
func HasBrightColor(s string) bool { return Fold8(s) != s }
