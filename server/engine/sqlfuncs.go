package engine

import (
	"database/sql/driver"
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"modernc.org/sqlite"
)

// userErrPrefix marks SQL function errors whose text may be shown to the user.
const userErrPrefix = "pgcompat:"

// The SQL functions give SQLite Postgres semantics where Hasura's operators need them.
// They are registered in init so that every connection the store opens has them.
func init() { registerSQLFunctions() }

var registerOnce sync.Once

func registerSQLFunctions() {
	registerOnce.Do(func() {
		sqlite.MustRegisterDeterministicScalarFunction("pg_like", 3, likeFunc)
		sqlite.MustRegisterDeterministicScalarFunction("pg_similar", 2, similarFunc)
		sqlite.MustRegisterDeterministicScalarFunction("pg_regex", 3, regexFunc)
		sqlite.MustRegisterDeterministicScalarFunction("jsonb_eq", 2, jsonbEqFunc)
		sqlite.MustRegisterDeterministicScalarFunction("jsonb_cmp", 2, jsonbCmpFunc)
		sqlite.MustRegisterDeterministicScalarFunction("jsonb_in", 2, jsonbInFunc)
		sqlite.MustRegisterDeterministicScalarFunction("jsonb_contains", 2, jsonbContainsFunc)
		sqlite.MustRegisterDeterministicScalarFunction("jsonb_has_key", 2, jsonbHasKeyFunc)
		sqlite.MustRegisterDeterministicScalarFunction("jsonb_has_keys", 3, jsonbHasKeysFunc)
		sqlite.MustRegisterDeterministicScalarFunction("jsonb_text", 1, jsonbTextFunc)
		for name, kind := range map[string]varKind{
			"pg_var_samp": varSamp, "pg_var_pop": varPop, "pg_stddev_samp": stddevSamp, "pg_stddev_pop": stddevPop,
		} {
			sqlite.MustRegisterFunction(name, &sqlite.FunctionImpl{
				NArgs:         1,
				Deterministic: true,
				MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) {
					return &variance{kind: kind}, nil
				},
			})
		}
	})
}

func text(v driver.Value) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), true
	}
	return "", false
}

// maxCachedPatterns bounds the cache of compiled patterns (each at most
// MaxPatternLength characters long), least recently used evicted first.
const maxCachedPatterns = 256

var reCache = newLRU[string, *regexp.Regexp](maxCachedPatterns)

func cachedRegexp(key string, build func() (string, error)) (*regexp.Regexp, error) {
	if re, ok := reCache.Get(key); ok {
		return re, nil
	}
	src, err := build()
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, errors.New(userErrPrefix + " invalid regular expression: " + err.Error())
	}
	reCache.Add(key, re)
	return re, nil
}

func boolResult(b bool) driver.Value {
	if b {
		return int64(1)
	}
	return int64(0)
}

// likeFunc is Postgres LIKE (case-sensitive) or ILIKE: % any run, _ one character,
// backslash escapes.
func likeFunc(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok1 := text(args[0])
	pat, ok2 := text(args[1])
	if !ok1 || !ok2 {
		return nil, nil
	}
	ci, _ := args[2].(int64)
	re, err := cachedRegexp("like\x00"+string(rune('0'+ci))+pat, func() (string, error) {
		return likeToRegexp(pat, ci == 1)
	})
	if err != nil {
		return nil, err
	}
	return boolResult(re.MatchString(s)), nil
}

// nativeILike returns the SQL of _ilike or _nilike (op) for pattern v when SQLite's
// own LIKE decides it exactly as Postgres's ILIKE: a valid pattern of ASCII
// characters none of which is k or s. SQLite folds only ASCII letters; of the other
// characters, only K (KELVIN SIGN) and ſ (LONG S) fold to an ASCII letter (k, s), so
// without those letters in the pattern no other character can match one. It saves a
// Go function call per row.
func nativeILike(op string, v any) (string, bool) {
	pat, ok := v.(string)
	if !ok || (op != "_ilike" && op != "_nilike") {
		return "", false
	}
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		if c == '\\' {
			if i++; i >= len(pat) {
				return "", false // an invalid pattern: pg_like reports it
			}
			c = pat[i]
		}
		switch c {
		case 'k', 'K', 's', 'S':
			return "", false
		}
		if c >= 0x80 {
			return "", false
		}
	}
	// The pattern is written (p || ''): SQLite evaluates that once per statement into
	// a terminated string, where a bare parameter is copied to terminate it for every
	// row LIKE tests (a third of the cost of a LIKE over a run's logs). A pattern
	// without a backslash escapes nothing: without ESCAPE, SQLite's LIKE is the same
	// and costs a quarter less a row (the runs list's text search walks thousands).
	escape := ""
	if escapes(pat) {
		escape = ` ESCAPE '\'`
	}
	if op == "_nilike" {
		return `NOT (%[1]s LIKE (%[2]s || '')` + escape + `)`, true
	}
	return `(%[1]s LIKE (%[2]s || '')` + escape + `)`, true
}

// escapes reports whether a pattern holds a backslash: nativeILike's SQL differs.
func escapes(v any) bool {
	pat, ok := v.(string)
	return ok && strings.Contains(pat, `\`)
}

func likeToRegexp(pat string, ci bool) (string, error) {
	var b strings.Builder
	b.WriteString("(?s)")
	if ci {
		b.WriteString("(?i)")
	}
	b.WriteString("^")
	rs := []rune(pat)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case '%':
			// A run of % matches what one does; one .* keeps the program small.
			for i+1 < len(rs) && rs[i+1] == '%' {
				i++
			}
			b.WriteString(".*")
		case '_':
			b.WriteString(".")
		case '\\':
			if i+1 >= len(rs) {
				return "", errors.New(userErrPrefix + " LIKE pattern must not end with escape character")
			}
			i++
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return b.String(), nil
}

// similarFunc is Postgres SIMILAR TO: a whole-string match where % and _ are LIKE
// wildcards, | * + ? {m,n} ( ) [ ] are regular-expression operators and . is literal.
func similarFunc(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok1 := text(args[0])
	pat, ok2 := text(args[1])
	if !ok1 || !ok2 {
		return nil, nil
	}
	re, err := cachedRegexp("similar\x00"+pat, func() (string, error) { return similarToRegexp(pat) })
	if err != nil {
		return nil, err
	}
	return boolResult(re.MatchString(s)), nil
}

func similarToRegexp(pat string) (string, error) {
	var b strings.Builder
	b.WriteString("(?s)^(?:")
	rs := []rune(pat)
	inClass := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if inClass {
			if r == ']' {
				inClass = false
			}
			if r == '\\' && i+1 < len(rs) {
				i++
				b.WriteString(regexp.QuoteMeta(string(rs[i])))
				continue
			}
			b.WriteRune(r)
			continue
		}
		switch r {
		case '%':
			// A run of % (not followed by a quantifier) matches what one does.
			for i+2 < len(rs) && rs[i+1] == '%' && !strings.ContainsRune("*+?{", rs[i+2]) {
				i++
			}
			b.WriteString(".*")
		case '_':
			b.WriteString(".")
		case '|', '*', '+', '?', '(', ')', '{', '}':
			b.WriteRune(r)
		case '[':
			inClass = true
			b.WriteRune(r)
		case '\\':
			if i+1 >= len(rs) {
				return "", errors.New(userErrPrefix + " SIMILAR TO pattern must not end with escape character")
			}
			i++
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(")$")
	return b.String(), nil
}

// regexFunc is Postgres ~ (or ~* when case-insensitive): an unanchored POSIX regular
// expression search, run with Go's RE2 syntax (the common subset).
func regexFunc(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok1 := text(args[0])
	pat, ok2 := text(args[1])
	if !ok1 || !ok2 {
		return nil, nil
	}
	ci, _ := args[2].(int64)
	re, err := cachedRegexp("regex\x00"+string(rune('0'+ci))+pat, func() (string, error) {
		if ci == 1 {
			return "(?i)" + pat, nil
		}
		return pat, nil
	})
	if err != nil {
		return nil, err
	}
	return boolResult(re.MatchString(s)), nil
}

type varKind int

const (
	varSamp varKind = iota
	varPop
	stddevSamp
	stddevPop
)

// variance is Welford's online algorithm for Postgres's var/stddev aggregates.
type variance struct {
	kind       varKind
	n          int64
	mean, m2   float64
	finalValue driver.Value
}

func (v *variance) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	var x float64
	switch a := args[0].(type) {
	case int64:
		x = float64(a)
	case float64:
		x = a
	default:
		return nil // NULLs are skipped
	}
	v.n++
	d := x - v.mean
	v.mean += d / float64(v.n)
	v.m2 += d * (x - v.mean)
	return nil
}

func (v *variance) WindowInverse(*sqlite.FunctionContext, []driver.Value) error {
	return errors.New("variance: not a window function")
}

func (v *variance) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	samp := v.kind == varSamp || v.kind == stddevSamp
	if v.n == 0 || (samp && v.n < 2) {
		return nil, nil
	}
	den := float64(v.n)
	if samp {
		den--
	}
	r := v.m2 / den
	if v.kind == stddevSamp || v.kind == stddevPop {
		r = math.Sqrt(r)
	}
	return r, nil
}

func (v *variance) Final(*sqlite.FunctionContext) {}
