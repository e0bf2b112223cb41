package ui

import (
	"fmt"
	"strings"

	"github.com/prefect-tui/prefect-tui/ui/components"
)

// runStates reads the states of `:runs <state>…`: names separated by spaces or commas,
// each matched exactly but for case (Prefect's state names, and Late). A prefix is not
// taken for the state it starts: `:runs Fa` is an error (naming Failed as a guess), so
// that a typo never silently lists other runs than the ones asked for.
func runStates(args []string) (string, error) {
	valid := append([]string{"Late"}, components.StateNames()...)
	var out []string
	for _, a := range args {
		for _, s := range strings.Split(a, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			canon := ""
			for _, v := range valid {
				if strings.EqualFold(v, s) {
					canon = v
				}
			}
			if canon == "" {
				return "", unknownState(s, valid)
			}
			out = append(out, canon)
		}
	}
	return strings.Join(out, ","), nil
}

func unknownState(s string, valid []string) error {
	var guesses []string
	for _, v := range valid {
		if strings.HasPrefix(strings.ToLower(v), strings.ToLower(s)) {
			guesses = append(guesses, v)
		}
	}
	hint := ""
	if len(guesses) > 0 {
		hint = " (did you mean " + strings.Join(guesses, " or ") + "?)"
	}
	return fmt.Errorf("unknown state %q%s: states are %s", s, hint, strings.Join(valid, " "))
}
