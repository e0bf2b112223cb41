package engine

import (
	"strconv"
	"unicode/utf8"
)

// Limits on what one request may ask for. Each guards the server against a request
// that would hold a database connection (and a CPU) for a long time or exceed
// SQLite's own limits; exceeding one is a BAD_USER_INPUT error that says the limit.
const (
	// MaxListValues is the most values one _in, _nin or _has_keys_* list may hold.
	MaxListValues = 10_000
	// MaxPatternLength is the longest pattern (_like, _ilike, _similar, _regex, ...),
	// in characters.
	MaxPatternLength = 1_000
	// MaxConditions is the most conditions (comparisons, relationship filters,
	// _and/_or/_not terms) the boolean expressions of one root field may hold.
	MaxConditions = 1_000
	// MaxNesting is how deep boolean expressions may nest (_and, _or, _not and
	// relationship filters each add a level).
	MaxNesting = 32
)

// inlineListValues is the longest list written as one parameter per value; longer
// lists are one JSON array parameter read with json_each.
const inlineListValues = 32

// count writes n with thousands separators (10,000).
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// checkPattern refuses a pattern longer than MaxPatternLength characters.
func checkPattern(op, s string) error {
	if n := utf8.RuneCountInString(s); n > MaxPatternLength {
		return badInput("the %s pattern may be at most %s characters long (got %s)", op, count(MaxPatternLength), count(n))
	}
	return nil
}
