// Package where builds Hasura boolean expressions: the where: argument of a query, a
// *_bool_exp value such as {"_and": [{"state": {"_in": ["Failed"]}}, {"flow": {"name":
// {"_ilike": "%etl%"}}}]}. Only what is asked for is sent: empty expressions drop out of
// And and Or, and a list of one is the expression itself.
//
// Text a user types is matched literally: Contains escapes LIKE's wildcards (% and _)
// and its escape character (\), which Postgres and the embedded server read as the
// default escape.
package where

import (
	"encoding/json"
	"strings"
)

// Exp is a boolean expression; an empty one matches every row.
type Exp map[string]any

// Field compares a column with op ("_eq", "_in", "_gte", "_is_null", ...). A dotted
// path follows object relationships: Field("flow.name", "_eq", "etl") is
// {"flow": {"name": {"_eq": "etl"}}}.
func Field(path, op string, value any) Exp {
	parts := strings.Split(path, ".")
	e := Exp{parts[len(parts)-1]: Exp{op: value}}
	for i := len(parts) - 2; i >= 0; i-- {
		e = Exp{parts[i]: e}
	}
	return e
}

// Eq is Field(path, "_eq", v).
func Eq(path string, v any) Exp { return Field(path, "_eq", v) }

// In is Field(path, "_in", vs).
func In(path string, vs any) Exp { return Field(path, "_in", vs) }

// Contains matches text anywhere in a text column, case-insensitively (_ilike), the
// text taken literally.
func Contains(path, text string) Exp { return Field(path, "_ilike", "%"+EscapeLike(text)+"%") }

// EscapeLike escapes LIKE's wildcards and escape character, so that s matches itself.
func EscapeLike(s string) string { return likeEscaper.Replace(s) }

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// And is true when every expression is (empty ones left out).
func And(es ...Exp) Exp { return join("_and", es) }

// Or is true when one of the expressions is (empty ones left out; none matches every
// row).
func Or(es ...Exp) Exp { return join("_or", es) }

func join(op string, es []Exp) Exp {
	var kept []Exp
	for _, e := range es {
		if len(e) > 0 {
			kept = append(kept, e)
		}
	}
	switch len(kept) {
	case 0:
		return Exp{}
	case 1:
		return kept[0]
	}
	return Exp{op: kept}
}

// JSON is the expression as a GraphQL variable.
func (e Exp) JSON() json.RawMessage {
	if e == nil {
		e = Exp{}
	}
	b, err := json.Marshal(e)
	if err != nil {
		// Exp holds maps, slices, strings, numbers and booleans: cannot fail.
		return json.RawMessage("{}")
	}
	return b
}
