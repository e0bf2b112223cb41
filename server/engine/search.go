package engine

import (
	"strings"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// The store keeps search structures next to some columns (store.ElementIndexes,
// store.TextIndexes). A comparison the compiler can narrow with one gets a prefilter
// ANDed in front of it: the structure finds a superset of the matching rows through an
// index, and the comparison itself still decides. A prefilter is only added where the
// comparison is not under _not: there a row whose comparison is NULL (a NULL name)
// counts as not matching either way, while under NOT the prefilter's false would
// turn into true.

// maxSearchElements is the most strings of a _contains list narrowed by an element index.
const maxSearchElements = 8

// searchFilter returns the prefilter of comparison v on column cl of t (alias a), or
// "", and the operators of v it decides by itself (the comparison need not test them).
func (c *compiler) searchFilter(t *catalog.Table, cl *catalog.Column, a string, v any) (string, map[string]bool, error) {
	o, _ := v.(obj)
	var parts []string
	var exact map[string]bool
	for _, e := range o {
		if e.V == nil {
			continue
		}
		switch {
		case e.K == "_contains" && cl.Type == catalog.JSONB:
			ix := store.ElementIndexOf(t.StoreName(), cl.Name)
			if ix == nil {
				continue
			}
			elems := stringElements(resolve(e.V, c.inputs))
			for i := range elems {
				p, err := c.bind(e.V, func(v any) (any, error) { return stringElements(v)[i], nil })
				if err != nil {
					return "", nil, err
				}
				e := element{id: col(a, "id"), index: ix.Index, value: p, rows: " FROM " + q(ix.Index) + " WHERE " + q("element") + " = " + p}
				c.noteElement(e)
				pa := path{in: e.in(""), walk: e.exists(), rows: e.rows}
				if len(o) == 1 {
					// The holders are the rows of the comparison when it has
					// nothing else to test.
					list := "SELECT rowid AS " + q("r") + " FROM " + q(t.StoreName()) + " WHERE " + q("id") + " IN (SELECT " + q("id") + e.rows + ")"
					pa.list = func(string, string) string { return list }
				}
				c.notePath(pa)
				parts = append(parts, e.in(""))
			}
			if len(elems) > 0 {
				// A jsonb value contains an array of strings exactly when it is an
				// array holding each of them: what the index lists.
				if exact == nil {
					exact = map[string]bool{}
				}
				exact[e.K] = true
			}
		case (e.K == "_like" || e.K == "_ilike") && cl.Type == catalog.String:
			ix := store.TextIndexOf(t.StoreName(), cl.Name)
			if ix == nil || len(searchTerms(resolve(e.V, c.inputs))) == 0 {
				continue
			}
			p, err := c.bind(e.V, func(v any) (any, error) { return searchQuery(searchTerms(v)), nil })
			if err != nil {
				return "", nil, err
			}
			rows := " FROM " + q(ix.Index) + " WHERE " + q(ix.Index) + " MATCH " + p
			in := a + ".rowid IN (SELECT rowid" + rows + ")"
			pa := path{in: in, walk: "+" + in, rows: rows, column: cl.Name}
			if _, ok := asciiSubstring(resolve(e.V, c.inputs)); ok && e.K == "_ilike" && ix.Wide != "" && len(o) == 1 {
				// The index finds exactly the rows whose value is ASCII and holds
				// the substring; a wide value is tested. When no value is wide
				// (decided once: an uncorrelated EXISTS), no row is looked up among
				// the wide ones.
				s := "s" + a
				wide := " FROM " + q(t.StoreName()) + " WHERE " + store.WideCondition(q(cl.Name))
				pa.list = func(src, whole string) string {
					return "SELECT " + s + ".rowid AS " + q("r") + " FROM " + q(ix.Index) + " AS " + s + " WHERE " + s + "." + q(ix.Index) + " MATCH " + p +
						" AND (NOT EXISTS (SELECT 1" + wide + ") OR " + s + ".rowid NOT IN (SELECT rowid" + wide + ")" +
						" OR EXISTS (SELECT 1 FROM " + src + " WHERE " + a + ".rowid = " + s + ".rowid AND " + whole + "))"
				}
			}
			c.notePath(pa)
			parts = append(parts, in)
		}
	}
	return strings.Join(parts, " AND "), exact, nil
}

// stringElements returns the strings of a list holding only strings (at most
// maxSearchElements of them), else nil.
func stringElements(v any) []string {
	list, ok := v.([]any)
	if !ok || len(list) == 0 || len(list) > maxSearchElements {
		return nil
	}
	out := make([]string, len(list))
	for i, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil
		}
		out[i] = s
	}
	return out
}

// searchTerms returns the literal runs of three or more characters of a LIKE pattern
// (between the wildcards % and _, backslash escapes resolved): every string the
// pattern matches contains each. Nil when there are none, or v is no valid pattern.
func searchTerms(v any) []string {
	pat, ok := v.(string)
	if !ok || len(pat) > 4*MaxPatternLength {
		return nil
	}
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) >= 3 {
			out = append(out, string(cur))
		}
		cur = cur[:0]
	}
	rs := []rune(pat)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case '%', '_':
			flush()
		case '\\':
			if i+1 >= len(rs) {
				return nil // an invalid pattern: the comparison reports it
			}
			i++
			cur = append(cur, rs[i])
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// asciiSubstring returns the literal of a LIKE pattern that is one run of ASCII
// characters, three or more, between runs of % ("%bobcat%"), and whether it is one.
// ILIKE matches an ASCII value by it exactly when the value holds it, ignoring
// ASCII case, as the trigram index finds it.
func asciiSubstring(v any) (string, bool) {
	pat, ok := v.(string)
	if !ok || len(pat) > 4*MaxPatternLength {
		return "", false
	}
	// The pattern read as wildcards (%, _) and literal bytes: %+, literal+, %+.
	var lit []byte
	lead, trail := false, false
	for i := 0; i < len(pat); i++ {
		b, literal := pat[i], true
		switch b {
		case '%', '_':
			literal = false
		case '\\':
			if i++; i >= len(pat) {
				return "", false // invalid: the comparison reports it
			}
			b = pat[i]
		}
		switch {
		case !literal && b == '%' && len(lit) == 0:
			lead = true
		case !literal && b == '%':
			trail = true
		case !literal || trail || !lead || b >= 0x80:
			return "", false
		default:
			lit = append(lit, b)
		}
	}
	if !trail || len(lit) < 3 {
		return "", false
	}
	return string(lit), true
}

// searchQuery is the FTS5 query finding rows that contain every term (the trigram
// tokenizer matches a phrase as a substring, case-insensitively).
func searchQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	return strings.Join(parts, " AND ")
}
