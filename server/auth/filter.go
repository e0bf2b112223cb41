package auth

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// The Cloud listings (api_token, auth_api_key, user, membership) are small per caller
// (one user's tokens and memberships), so they are loaded with the caller's visibility
// rules applied in SQL and then filtered, ordered and paged here, with Hasura's
// semantics: where (bool_exp with _and/_or/_not, comparison operators, object and
// array relationships), order_by (list of objects, nested through object
// relationships, Postgres null placement), distinct_on, offset and limit.

// row is one result row: columns plus materialised relationships (map or []row).
type row = map[string]any

// timeCols are the timestamptz columns of the Cloud types (compared as instants).
var timeCols = map[string]bool{"created": true, "updated": true, "expires_at": true, "last_used": true}

// listArgs applies where, order_by, distinct_on, offset and limit to rows.
func listArgs(rows []row, args map[string]any) ([]row, error) {
	out := rows[:0:0]
	if w, ok := args["where"].(map[string]any); ok && w != nil {
		for _, r := range rows {
			ok, err := match(r, w)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, r)
			}
		}
	} else {
		out = append(out, rows...)
	}
	keys, err := orderKeys(args["order_by"])
	if err != nil {
		return nil, err
	}
	if len(keys) > 0 {
		sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j], keys) })
	}
	if d := strList(args["distinct_on"]); len(d) > 0 {
		seen := map[string]bool{}
		kept := out[:0:0]
		for _, r := range out {
			var parts []string
			for _, c := range d {
				parts = append(parts, fmt.Sprint(r[c]))
			}
			k := strings.Join(parts, "\x00")
			if !seen[k] {
				seen[k] = true
				kept = append(kept, r)
			}
		}
		out = kept
	}
	if off, ok := toInt(args["offset"]); ok && off > 0 {
		if off >= len(out) {
			out = nil
		} else {
			out = out[off:]
		}
	}
	if lim, ok := toInt(args["limit"]); ok && lim >= 0 && lim < len(out) {
		out = out[:lim]
	}
	return out, nil
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int64:
		return int(n), true
	case int:
		return n, true
	case float64:
		return int(n), true
	}
	return 0, false
}

func strList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// match evaluates a bool_exp against a row.
func match(r row, where map[string]any) (bool, error) {
	for k, v := range where {
		ok, err := matchKey(r, k, v)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

func matchKey(r row, k string, v any) (bool, error) {
	switch k {
	case "_and", "_or":
		list, _ := v.([]any)
		if m, ok := v.(map[string]any); ok {
			list = []any{m}
		}
		if v == nil {
			return true, nil
		}
		for _, e := range list {
			m, _ := e.(map[string]any)
			ok, err := match(r, m)
			if err != nil {
				return false, err
			}
			if k == "_or" && ok {
				return true, nil
			}
			if k == "_and" && !ok {
				return false, nil
			}
		}
		return k == "_and" || len(list) == 0, nil
	case "_not":
		m, ok := v.(map[string]any)
		if !ok || m == nil {
			return true, nil
		}
		ok, err := match(r, m)
		return !ok, err
	}
	cond, _ := v.(map[string]any)
	if cond == nil {
		return true, nil
	}
	val, present := r[k]
	if !present {
		return false, badInput(fmt.Sprintf("field %q not found in filter", k))
	}
	switch rel := val.(type) {
	case map[string]any:
		return match(rel, cond)
	case []row:
		for _, e := range rel {
			if ok, err := match(e, cond); err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	return compare(k, val, cond)
}

// compare applies a *_comparison_exp to one column value. {_eq: null} is no filter
// (Hasura v1 boolean null collapse, which Prefect's clients rely on).
func compare(col string, val any, cond map[string]any) (bool, error) {
	for op, arg := range cond {
		if arg == nil {
			continue
		}
		ok, err := compareOp(col, val, op, arg)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

func compareOp(col string, val any, op string, arg any) (bool, error) {
	if op == "_is_null" {
		b, _ := arg.(bool)
		return (val == nil) == b, nil
	}
	if op == "_in" || op == "_nin" {
		list, _ := arg.([]any)
		found := false
		for _, e := range list {
			if c, err := cmp(col, val, e); err == nil && c == 0 && val != nil {
				found = true
				break
			}
		}
		if op == "_nin" {
			return val != nil && !found, nil
		}
		return found, nil
	}
	if val == nil {
		return false, nil
	}
	switch op {
	case "_like", "_nlike", "_ilike", "_nilike", "_regex", "_nregex", "_iregex", "_niregex", "_similar", "_nsimilar":
		return patternOp(fmt.Sprint(val), op, fmt.Sprint(arg))
	}
	c, err := cmp(col, val, arg)
	if err != nil {
		return false, err
	}
	switch op {
	case "_eq":
		return c == 0, nil
	case "_neq":
		return c != 0, nil
	case "_gt":
		return c > 0, nil
	case "_gte":
		return c >= 0, nil
	case "_lt":
		return c < 0, nil
	case "_lte":
		return c <= 0, nil
	}
	return false, badInput("unsupported comparison operator " + op)
}

// cmp orders a column value against an argument of the column's type.
func cmp(col string, val, arg any) (int, error) {
	switch v := val.(type) {
	case string:
		a := fmt.Sprint(arg)
		if timeCols[col] {
			n, err := store.NormalizeTime(a)
			if err != nil {
				return 0, badInput(err.Error())
			}
			a = n
		}
		return strings.Compare(v, a), nil
	case int64:
		a, ok := toInt(arg)
		if !ok {
			return 0, badInput(fmt.Sprintf("expected a number for %s", col))
		}
		switch {
		case v < int64(a):
			return -1, nil
		case v > int64(a):
			return 1, nil
		}
		return 0, nil
	case bool:
		a, _ := arg.(bool)
		if v == a {
			return 0, nil
		}
		if !v {
			return -1, nil
		}
		return 1, nil
	}
	return strings.Compare(fmt.Sprint(val), fmt.Sprint(arg)), nil
}

func patternOp(s, op, pat string) (bool, error) {
	neg := strings.HasPrefix(op, "_n")
	var expr string
	switch strings.TrimPrefix(strings.TrimPrefix(op, "_n"), "_") {
	case "like":
		expr = "^" + likeToRegexp(pat) + "$"
	case "ilike":
		expr = "(?is)^" + likeToRegexp(pat) + "$"
	case "regex":
		expr = pat
	case "iregex":
		expr = "(?i)" + pat
	case "similar":
		expr = "^" + likeToRegexp(pat) + "$" // SQL SIMILAR TO: % and _ as LIKE, rest regex
	}
	if op == "_similar" || op == "_nsimilar" {
		expr = "^" + strings.NewReplacer("%", ".*", "_", ".").Replace(pat) + "$"
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return false, badInput("invalid pattern: " + err.Error())
	}
	return re.MatchString(s) != neg, nil
}

// likeToRegexp turns a SQL LIKE pattern (% _ and \ escapes) into a regexp body.
func likeToRegexp(p string) string {
	var b strings.Builder
	esc := false
	for _, r := range p {
		switch {
		case esc:
			b.WriteString(regexp.QuoteMeta(string(r)))
			esc = false
		case r == '\\':
			esc = true
		case r == '%':
			b.WriteString(".*")
		case r == '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return b.String()
}

// orderKey is one order_by term: a path through object relationships to a column.
type orderKey struct {
	path []string
	dir  string
}

func orderKeys(v any) ([]orderKey, error) {
	var list []any
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		list = []any{x}
	case []any:
		list = x
	}
	var out []orderKey
	for _, e := range list {
		m, _ := e.(map[string]any)
		out = append(out, flattenOrder(nil, m)...)
	}
	return out, nil
}

func flattenOrder(prefix []string, m map[string]any) []orderKey {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []orderKey
	for _, k := range names {
		path := append(append([]string(nil), prefix...), k)
		switch d := m[k].(type) {
		case string:
			out = append(out, orderKey{path: path, dir: d})
		case map[string]any:
			out = append(out, flattenOrder(path, d)...)
		}
	}
	return out
}

func lookupPath(r row, path []string) any {
	var cur any = r
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

// less compares two rows by the order keys, placing nulls as Postgres does: last for
// asc, first for desc, unless the direction says otherwise.
func less(a, b row, keys []orderKey) bool {
	for _, k := range keys {
		va, vb := lookupPath(a, k.path), lookupPath(b, k.path)
		desc := strings.HasPrefix(k.dir, "desc")
		nullsFirst := desc
		if strings.HasSuffix(k.dir, "nulls_first") {
			nullsFirst = true
		} else if strings.HasSuffix(k.dir, "nulls_last") {
			nullsFirst = false
		}
		switch {
		case va == nil && vb == nil:
			continue
		case va == nil:
			return nullsFirst
		case vb == nil:
			return !nullsFirst
		}
		c, _ := cmp("", va, vb)
		if c == 0 {
			continue
		}
		if desc {
			return c > 0
		}
		return c < 0
	}
	return false
}
