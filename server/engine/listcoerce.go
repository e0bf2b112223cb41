package engine

import "reflect"

// typedList returns v as []any when it is a slice of another element type. gqlparser's
// variable coercion turns a single value given for a list type into a one-item typed
// slice ([]string, []map[string]any), as the GraphQL spec says; the engine reads lists
// as []any. Byte slices are not lists.
func typedList(v any) ([]any, bool) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || rv.Kind() != reflect.Slice || rv.Type().Elem().Kind() == reflect.Uint8 {
		return nil, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}
