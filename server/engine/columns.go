package engine

import (
	"regexp"
	"slices"
	"strings"
)

// A page of rows is selected in a subquery (compile.go rows) that the enclosing query
// reads under another alias; it selects only the columns the enclosing query reads,
// found once the enclosing expression is compiled. Until then its select list is a
// marker naming the subquery's table alias.

func columnsMarker(a string) string { return "\x00cols:" + a + "\x00" }

// columnRefs returns the columns read through alias b in the SQL text expr: b."name"
// (identifiers are always quoted, aliases are t<N>).
func columnRefs(expr, b string) []string {
	re := refsRE(b)
	var out []string
	for _, m := range re.FindAllStringSubmatch(expr, -1) {
		name := strings.ReplaceAll(m[1], `""`, `"`)
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

func refsRE(b string) *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[^A-Za-z0-9_"])` + regexp.QuoteMeta(b) + `\."((?:[^"]|"")*)"`)
}

// selectColumns fills the marker of the rows subquery of table alias a (in sql) with
// the columns the expressions exprs read through alias a.
func selectColumns(sql, a string, exprs ...string) string {
	return fill(sql, a, columnRefs(strings.Join(exprs, " "), a))
}

// renameRefs rewrites the column reads through alias b in expr as reads through a
// (only to find which columns are read: the result is not SQL to run).
func renameRefs(expr, b, a string) string {
	return refsRE(b).ReplaceAllStringFunc(expr, func(m string) string {
		i := strings.Index(m, b+".")
		return m[:i] + a + m[i+len(b):]
	})
}

func fill(sql, a string, cols []string) string {
	list := "1 AS " + q("__row")
	if len(cols) > 0 {
		parts := make([]string, len(cols))
		for i, c := range cols {
			parts[i] = col(a, c)
		}
		list = strings.Join(parts, ", ")
	}
	return strings.ReplaceAll(sql, columnsMarker(a), list)
}
