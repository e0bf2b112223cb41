package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// PageSize is how many rows one request of the Find functions asks for: a limit
// beyond it is read page after page.
const PageSize = 100

// Exp is a Hasura boolean expression (a *_bool_exp value), built from maps and slices:
// Exp{"state": Exp{"_eq": "Failed"}}. The typed operations that take a filter take it
// as JSON; Exp.JSON gives it.
type Exp map[string]any

// JSON returns the expression as the JSON the typed operations take ({} when empty).
func (e Exp) JSON() json.RawMessage {
	if len(e) == 0 {
		return json.RawMessage("{}")
	}
	b, err := json.Marshal(map[string]any(e))
	if err != nil {
		// Every value in an Exp built by this package marshals; a caller's
		// unmarshalable value selects nothing rather than everything.
		return json.RawMessage(`{"id": {"_is_null": true}}`)
	}
	return b
}

// And joins expressions with _and, leaving out empty ones.
func And(exps ...Exp) Exp {
	var parts []any
	for _, e := range exps {
		if len(e) > 0 {
			parts = append(parts, e)
		}
	}
	switch len(parts) {
	case 0:
		return Exp{}
	case 1:
		return parts[0].(Exp)
	}
	return Exp{"_and": parts}
}

// Timestamp formats t as the API writes timestamptz values (microseconds, UTC), the
// form to compare with in a filter.
func Timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000+00:00") }

// orderKey is one column of a keyset order.
type orderKey struct {
	col  string
	desc bool
}

// after is the expression "strictly after the row with values vals in the order
// keys": the cursor of keyset pagination, which neither skips nor repeats rows when
// rows are added or change state between pages (offsets do both).
func after(keys []orderKey, vals ...any) Exp {
	or := make([]any, 0, len(keys))
	for i, k := range keys {
		e := Exp{}
		for j := 0; j < i; j++ {
			e[keys[j].col] = Exp{"_eq": vals[j]}
		}
		op := "_gt"
		if k.desc {
			op = "_lt"
		}
		e[k.col] = Exp{op: vals[i]}
		or = append(or, e)
	}
	return Exp{"_or": or}
}

// pages reads up to limit rows (limit <= 0: all) PageSize at a time: fetch gets the
// filter of the page (base and the cursor after the previous page's last row) and how
// many rows to read; cursor gives the expression after a row.
func pages[T any](ctx context.Context, base Exp, limit int,
	fetch func(ctx context.Context, where json.RawMessage, n int) ([]T, error),
	cursor func(last *T) Exp,
) ([]T, error) {
	var out []T
	var cur Exp
	for limit <= 0 || len(out) < limit {
		n := PageSize
		if limit > 0 && limit-len(out) < n {
			n = limit - len(out)
		}
		rows, err := fetch(ctx, And(base, cur).JSON(), n)
		if err != nil {
			return out, err
		}
		out = append(out, rows...)
		if len(rows) < n {
			break
		}
		cur = cursor(&rows[len(rows)-1])
	}
	return out, nil
}

// NotFoundError says that a reference to a flow run or flow matched nothing.
type NotFoundError struct {
	// Ref is the reference as given.
	Ref string
	// Kind is what was looked for: "flow run", "flow run or flow".
	Kind string
}

// Error implements error.
func (e *NotFoundError) Error() string { return fmt.Sprintf("no %s matches %q", e.Kind, e.Ref) }

// AmbiguousError says that a reference matched more than one flow run or flow.
type AmbiguousError struct {
	Ref  string
	Kind string
	// Matches are some of what matched, "flow run 01a2… (name)".
	Matches []string
}

// Error implements error.
func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%q matches more than one %s (%s): give the id, or more of it", e.Ref, e.Kind, strings.Join(e.Matches, ", "))
}

// RefExp is the expression that selects what a reference names: a whole id, a unique
// prefix of one (as the explorer prints 8-character ids), or a name. A reference that
// reads as hexadecimal matches both as an id prefix and as a name.
func RefExp(ref string) (Exp, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, fmt.Errorf("an empty reference: give an id, an id prefix or a name")
	}
	lo, hi, ok := idRange(ref)
	if !ok {
		return Exp{"name": Exp{"_eq": ref}}, nil
	}
	byID := Exp{"id": Exp{"_gte": lo, "_lte": hi}}
	if lo == hi {
		byID = Exp{"id": Exp{"_eq": lo}}
	}
	return Exp{"_or": []any{byID, Exp{"name": Exp{"_eq": ref}}}}, nil
}

// idRange reads s as the start of a UUID (hex digits, dashes where a UUID has them)
// and returns the lowest and highest UUIDs that start with it.
func idRange(s string) (lo, hi string, ok bool) {
	s = strings.ToLower(s)
	dashed := strings.Contains(s, "-")
	var hex []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		isDash := i == 8 || i == 13 || i == 18 || i == 23
		switch {
		case dashed && isDash:
			if c != '-' {
				return "", "", false
			}
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
			hex = append(hex, c)
		default:
			return "", "", false
		}
	}
	if len(hex) == 0 || len(hex) > 32 {
		return "", "", false
	}
	pad := func(fill byte) string {
		b := make([]byte, 32)
		copy(b, hex)
		for i := len(hex); i < 32; i++ {
			b[i] = fill
		}
		return string(b[0:8]) + "-" + string(b[8:12]) + "-" + string(b[12:16]) + "-" + string(b[16:20]) + "-" + string(b[20:32])
	}
	return pad('0'), pad('f'), true
}

// match is a flow run or flow a reference found: its id and name.
type match struct{ kind, id, name string }

func (m match) String() string {
	if m.name == "" {
		return m.kind + " " + m.id
	}
	return m.kind + " " + m.id + " (" + m.name + ")"
}

// pickOne returns the only match, or a *NotFoundError or *AmbiguousError.
func pickOne(ref, kind string, ms []match) (match, error) {
	switch len(ms) {
	case 0:
		return match{}, &NotFoundError{Ref: ref, Kind: kind}
	case 1:
		return ms[0], nil
	}
	e := &AmbiguousError{Ref: ref, Kind: kind}
	for _, m := range ms {
		e.Matches = append(e.Matches, m.String())
	}
	return match{}, e
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
