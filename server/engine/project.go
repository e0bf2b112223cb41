package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2/ast"
)

// resolverArgs resolves a custom field's arguments to plain Go values coerced to their
// declared types: Int as int64, Float as float64, uuid/UUID checked and canonical.
func (x *execution) resolverArgs(f *ast.Field) (map[string]any, error) {
	out := map[string]any{}
	raw := x.args(f)
	for _, def := range f.Definition.Arguments {
		v, ok := raw[def.Name]
		if !ok {
			continue
		}
		cv, err := x.coerceInput(plain(v), def.Type, def.Name)
		if err != nil {
			return nil, err
		}
		out[def.Name] = cv
	}
	return out, nil
}

func (x *execution) coerceInput(v any, t *ast.Type, path string) (any, error) {
	if v == nil {
		return nil, nil
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			list = []any{v}
		}
		out := make([]any, len(list))
		for i, e := range list {
			cv, err := x.coerceInput(e, t.Elem, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			out[i] = cv
		}
		return out, nil
	}
	switch t.NamedType {
	case "UUID", "uuid":
		return parseUUID(v)
	case "Int":
		return toInt(v)
	case "Float":
		switch n := v.(type) {
		case int64:
			return float64(n), nil
		case json.Number:
			return n.Float64()
		}
		return v, nil
	case "JSON", "jsonb":
		return v, nil
	}
	def := x.e.schema.Types[t.NamedType]
	if def != nil && def.Kind == ast.InputObject {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, badInput("expected an object for %s", path)
		}
		out := make(map[string]any, len(m))
		for k, fv := range m {
			fd := def.Fields.ForName(k)
			if fd == nil {
				out[k] = fv
				continue
			}
			cv, err := x.coerceInput(fv, fd.Type, path+"."+k)
			if err != nil {
				return nil, err
			}
			out[k] = cv
		}
		return out, nil
	}
	return v, nil
}

// projectResult projects a resolver's result onto the field's selection set.
func (x *execution) projectResult(f *cfield, val any) (json.RawMessage, error) {
	if g, ok := generic(val); ok {
		return x.project(f, g, f.Field.Definition.Type)
	}
	var raw []byte
	switch v := val.(type) {
	case json.RawMessage:
		raw = v
	case []byte:
		raw = v
	default:
		b, err := json.Marshal(val)
		if err != nil {
			return nil, &Error{Message: "internal error: unserialisable result", Code: CodeInternal}
		}
		raw = b
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var generic any
	if err := d.Decode(&generic); err != nil {
		return nil, &Error{Message: "internal error: invalid result", Code: CodeInternal}
	}
	return x.project(f, generic, f.Field.Definition.Type)
}

// generic returns v as decoding its JSON (with UseNumber) would, when v is made only of
// values whose JSON that is plain to see: nil, valid UTF-8 strings, bools, integers,
// []string, []any and map[string]any of them. Resolvers mostly answer so, and skip
// an encoding and a decoding.
func generic(v any) (any, bool) {
	switch v := v.(type) {
	case nil, bool:
		return v, true
	case string:
		return v, utf8.ValidString(v)
	case int:
		return json.Number(strconv.Itoa(v)), true
	case int64:
		return json.Number(strconv.FormatInt(v, 10)), true
	case []string:
		if v == nil {
			return nil, true
		}
		out := make([]any, len(v))
		for i, e := range v {
			if !utf8.ValidString(e) {
				return nil, false
			}
			out[i] = e
		}
		return out, true
	case []any:
		if v == nil {
			return nil, true
		}
		out := make([]any, len(v))
		for i, e := range v {
			g, ok := generic(e)
			if !ok {
				return nil, false
			}
			out[i] = g
		}
		return out, true
	case map[string]any:
		if v == nil {
			return nil, true
		}
		out := make(map[string]any, len(v))
		for k, e := range v {
			g, ok := generic(e)
			if !ok || !utf8.ValidString(k) {
				return nil, false
			}
			out[k] = g
		}
		return out, true
	}
	return nil, false
}

// project writes v shaped by f's selection set and type t. Values are JSON-decoded
// data (map[string]any, []any, scalars) or introspection objects whose fields may be
// func(args map[string]any) any.
func (x *execution) project(f *cfield, v any, t *ast.Type) (json.RawMessage, error) {
	var b bytes.Buffer
	if err := x.write(&b, f.Sels, t, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (x *execution) write(b *bytes.Buffer, sels ast.SelectionSet, t *ast.Type, v any) error {
	if v == nil {
		b.WriteString("null")
		return nil
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			list = []any{v}
		}
		b.WriteByte('[')
		for i, e := range list {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := x.write(b, sels, t.Elem, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	}
	def := x.e.schema.Types[t.NamedType]
	if def == nil || (def.Kind != ast.Object && def.Kind != ast.Interface && def.Kind != ast.Union) {
		return writeLeaf(b, v)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return &Error{Message: fmt.Sprintf("internal error: expected an object for %s", t.NamedType), Code: CodeInternal}
	}
	typeName := def.Name
	if def.Kind != ast.Object {
		if tn, ok := m["__typename"].(string); ok {
			typeName = tn
		}
	}
	b.WriteByte('{')
	for i, sf := range x.collect(sels, typeName) {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, sf.Alias)
		b.WriteByte(':')
		if sf.Name == "__typename" {
			writeString(b, typeName)
			continue
		}
		fv := m[sf.Name]
		if fn, ok := fv.(func(map[string]any) any); ok {
			fv = fn(x.plainArgs(sf.Field))
		}
		ft := sf.Field.Definition
		if ft == nil {
			b.WriteString("null")
			continue
		}
		if err := x.write(b, sf.Sels, ft.Type, fv); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

func writeLeaf(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case json.RawMessage:
		b.Write(v)
		return nil
	case string:
		writeString(b, v)
		return nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return &Error{Message: "internal error: unserialisable value", Code: CodeInternal}
	}
	b.Write(raw)
	return nil
}

// isIntrospection reports whether a type or field name belongs to introspection.
func isIntrospection(name string) bool { return strings.HasPrefix(name, "__") }
