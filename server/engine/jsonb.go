package engine

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"math/big"
	"sort"
	"strings"

	"modernc.org/sqlite"
)

// decodeJSON parses stored jsonb text keeping numbers exact.
func decodeJSON(v driver.Value) (any, bool, error) {
	s, ok := text(v)
	if !ok {
		return nil, false, nil
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var out any
	if err := d.Decode(&out); err != nil {
		return nil, false, errors.New(userErrPrefix + " invalid input syntax for type json")
	}
	return out, true, nil
}

func jsonArgs(args []driver.Value) (a, b any, ok bool, err error) {
	a, ok1, err := decodeJSON(args[0])
	if err != nil {
		return nil, nil, false, err
	}
	b, ok2, err := decodeJSON(args[1])
	if err != nil {
		return nil, nil, false, err
	}
	return a, b, ok1 && ok2, nil
}

func jsonbEqFunc(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	a, b, ok, err := jsonArgs(args)
	if err != nil || !ok {
		return nil, err
	}
	return boolResult(jsonCompare(a, b) == 0), nil
}

func jsonbCmpFunc(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	a, b, ok, err := jsonArgs(args)
	if err != nil || !ok {
		return nil, err
	}
	return int64(jsonCompare(a, b)), nil
}

// jsonbInFunc is jsonb_in(value, list): whether value equals (as jsonb_eq) an element
// of the JSON array list; NULL when value is NULL.
func jsonbInFunc(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	a, b, ok, err := jsonArgs(args)
	if err != nil || !ok {
		return nil, err
	}
	list, _ := b.([]any)
	for _, item := range list {
		if jsonCompare(a, item) == 0 {
			return boolResult(true), nil
		}
	}
	return boolResult(false), nil
}

// jsonRank orders jsonb kinds as Postgres does: Object > Array > Boolean > Number >
// String > Null.
func jsonRank(v any) int {
	switch v.(type) {
	case nil:
		return 0
	case string:
		return 1
	case json.Number:
		return 2
	case bool:
		return 3
	case []any:
		return 4
	}
	return 5
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// jsonCompare is Postgres's jsonb ordering (equality is exact semantic equality).
func jsonCompare(a, b any) int {
	if ra, rb := jsonRank(a), jsonRank(b); ra != rb {
		return cmpInt(ra, rb)
	}
	switch a := a.(type) {
	case string:
		return strings.Compare(a, b.(string))
	case json.Number:
		x, _ := new(big.Float).SetString(a.String())
		y, _ := new(big.Float).SetString(b.(json.Number).String())
		if x == nil || y == nil {
			return strings.Compare(a.String(), b.(json.Number).String())
		}
		return x.Cmp(y)
	case bool:
		bb := b.(bool)
		switch {
		case a == bb:
			return 0
		case !a:
			return -1
		}
		return 1
	case []any:
		bl := b.([]any)
		if len(a) != len(bl) {
			return cmpInt(len(a), len(bl))
		}
		for i := range a {
			if c := jsonCompare(a[i], bl[i]); c != 0 {
				return c
			}
		}
		return 0
	case map[string]any:
		bm := b.(map[string]any)
		if len(a) != len(bm) {
			return cmpInt(len(a), len(bm))
		}
		ka, kb := pgKeys(a), pgKeys(bm)
		for i := range ka {
			if c := strings.Compare(ka[i], kb[i]); c != 0 {
				return c
			}
		}
		for _, k := range ka {
			if c := jsonCompare(a[k], bm[k]); c != 0 {
				return c
			}
		}
	}
	return 0
}

// pgKeys returns an object's keys in jsonb storage order: shorter first, then bytewise.
func pgKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) < len(keys[j])
		}
		return keys[i] < keys[j]
	})
	return keys
}

func jsonbContainsFunc(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	a, b, ok, err := jsonArgs(args)
	if err != nil || !ok {
		return nil, err
	}
	return boolResult(jsonContains(a, b, true)), nil
}

// jsonContains is Postgres's @>: objects contain objects whose every pair they
// contain, arrays contain arrays whose every element matches one of theirs, and (at
// the top level only) an array contains a scalar equal to one of its elements.
func jsonContains(a, b any, top bool) bool {
	switch a := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok {
			return false
		}
		for k, bv := range bm {
			av, ok := a[k]
			if !ok || !jsonContains(av, bv, false) {
				return false
			}
		}
		return true
	case []any:
		bl, ok := b.([]any)
		if !ok {
			if top && jsonRank(b) <= 3 {
				bl = []any{b}
			} else {
				return false
			}
		}
		for _, bv := range bl {
			found := false
			for _, av := range a {
				if jsonRank(av) == jsonRank(bv) && jsonContains(av, bv, false) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	return jsonRank(a) == jsonRank(b) && jsonCompare(a, b) == 0
}

// hasKey is Postgres's ?: a top-level object key, or a string element of an array.
func hasKey(v any, k string) bool {
	switch v := v.(type) {
	case map[string]any:
		_, ok := v[k]
		return ok
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok && s == k {
				return true
			}
		}
	case string:
		return v == k
	}
	return false
}

func jsonbHasKeyFunc(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	v, ok, err := decodeJSON(args[0])
	if err != nil || !ok {
		return nil, err
	}
	k, ok := text(args[1])
	if !ok {
		return nil, nil
	}
	return boolResult(hasKey(v, k)), nil
}

func jsonbHasKeysFunc(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	v, keys, ok, err := jsonArgs(args[:2])
	if err != nil || !ok {
		return nil, err
	}
	all, _ := args[2].(int64)
	list, _ := keys.([]any)
	for _, k := range list {
		s, _ := k.(string)
		has := hasKey(v, s)
		if all == 1 && !has {
			return boolResult(false), nil
		}
		if all == 0 && has {
			return boolResult(true), nil
		}
	}
	return boolResult(all == 1), nil
}

func jsonbTextFunc(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	v, ok, err := decodeJSON(args[0])
	if err != nil || !ok {
		return nil, err
	}
	var b bytes.Buffer
	pgText(&b, v)
	return b.String(), nil
}

// pgText renders a jsonb value as Postgres's jsonb::text does: keys in storage order,
// ", " between elements and ": " after keys.
func pgText(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case map[string]any:
		b.WriteByte('{')
		for i, k := range pgKeys(v) {
			if i > 0 {
				b.WriteString(", ")
			}
			writeString(b, k)
			b.WriteString(": ")
			pgText(b, v[k])
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			pgText(b, e)
		}
		b.WriteByte(']')
	case string:
		writeString(b, v)
	case json.Number:
		b.WriteString(v.String())
	case bool:
		if v {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	default:
		b.WriteString("null")
	}
}

// writeString writes s as a JSON string without HTML escaping.
func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}
