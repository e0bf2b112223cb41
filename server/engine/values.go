package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// sqlValue converts an input value of a column type to what the store holds, with the
// checks Postgres would make (a malformed uuid or timestamp is an error).
func sqlValue(typ catalog.Type, v any) (any, error) {
	switch typ {
	case catalog.UUID:
		return parseUUID(v)
	case catalog.Timestamptz:
		s, ok := v.(string)
		if !ok {
			return nil, dataErr("invalid input syntax for type timestamp with time zone: %q", fmt.Sprint(v))
		}
		t, err := store.NormalizeTime(s)
		if err != nil {
			return nil, dataErr("invalid input syntax for type timestamp with time zone: %q", s)
		}
		return t, nil
	case catalog.Boolean:
		switch b := v.(type) {
		case bool:
			if b {
				return int64(1), nil
			}
			return int64(0), nil
		}
		return nil, badInput("expected a Boolean, got %v", v)
	case catalog.Int:
		return toInt(v)
	case catalog.Float:
		switch n := v.(type) {
		case float64:
			return n, nil
		case int64:
			return float64(n), nil
		case int:
			return float64(n), nil
		case json.Number:
			return n.Float64()
		}
		return nil, badInput("expected a Float, got %v", v)
	case catalog.JSONB:
		b, err := json.Marshal(plain(v))
		if err != nil {
			return nil, badInput("invalid jsonb value")
		}
		return string(b), nil
	}
	switch s := v.(type) {
	case string:
		return s, nil
	case json.Number:
		return s.String(), nil
	}
	return fmt.Sprint(v), nil
}

func dataErr(format string, a ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, a...), Code: CodeDataException}
}

func toInt(v any) (int64, error) {
	switch n := v.(type) {
	case int64:
		return n, nil
	case int:
		return int64(n), nil
	case float64:
		if n != math.Trunc(n) || math.Abs(n) > 1<<53 {
			return 0, badInput("Int cannot represent non-integer value: %v", n)
		}
		return int64(n), nil
	case json.Number:
		return n.Int64()
	case string:
		i, err := strconv.ParseInt(n, 10, 64)
		if err != nil {
			return 0, badInput("Int cannot represent value: %q", n)
		}
		return i, nil
	}
	return 0, badInput("Int cannot represent value: %v", v)
}

// parseUUID accepts the forms Postgres accepts and returns the canonical lower-case form.
func parseUUID(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", dataErr("invalid input syntax for type uuid: %q", fmt.Sprint(v))
	}
	u, err := uuid.Parse(strings.TrimSpace(s))
	if err != nil || strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "urn:") {
		return "", dataErr("invalid input syntax for type uuid: %q", s)
	}
	return u.String(), nil
}

// parseUUIDArray reads a Postgres uuid[] literal ("{a,b}"); a JSON list is accepted too.
func parseUUIDArray(v any) ([]string, error) {
	var items []string
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []any:
		for _, e := range v {
			items = append(items, fmt.Sprint(e))
		}
	case string:
		s := strings.TrimSpace(v)
		if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
			return nil, dataErr("malformed array literal: %q", v)
		}
		s = strings.TrimSpace(s[1 : len(s)-1])
		if s != "" {
			for _, p := range strings.Split(s, ",") {
				items = append(items, strings.Trim(strings.TrimSpace(p), `"`))
			}
		}
	default:
		return nil, dataErr("malformed array literal: %q", fmt.Sprint(v))
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		id, err := parseUUID(it)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

// convValue converts an input to a column of typ (sqlValue); a jsonb value becomes a
// jsonArg, decoded once for the whole statement.
func convValue(typ catalog.Type) func(any) (any, error) {
	return func(v any) (any, error) {
		val, err := sqlValue(typ, v)
		if err != nil || typ != catalog.JSONB {
			return val, err
		}
		return newJSONArg(val.(string))
	}
}

// convList converts a list of inputs to a column of typ to one JSON array (read with
// json_each).
func convList(typ catalog.Type) func(any) (any, error) {
	return func(v any) (any, error) {
		list, _ := v.([]any)
		out := make([]any, len(list))
		for i, item := range list {
			val, err := sqlValue(typ, item)
			if err != nil {
				return nil, err
			}
			out[i] = val
		}
		b, err := json.Marshal(out)
		if err != nil {
			return nil, badInput("invalid list value")
		}
		return string(b), nil
	}
}

// convText checks a String argument of operator op; a pattern's length is limited.
func convText(op string, pattern bool) func(any) (any, error) {
	return func(v any) (any, error) {
		s, ok := v.(string)
		if !ok {
			return nil, badInput("expected a String for %s", op)
		}
		if pattern {
			if err := checkPattern(op, s); err != nil {
				return nil, err
			}
		}
		return s, nil
	}
}
