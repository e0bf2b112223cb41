package gqlbuild

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// builder writes a document, keeping the first error.
type builder struct {
	sb  strings.Builder
	err error
}

func (b *builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

func (b *builder) operation(o *Operation) {
	b.sb.WriteString(o.kind)
	if o.name != "" {
		if err := checkName("operation name", o.name); err != nil {
			b.fail(err)
		}
		b.sb.WriteString(" " + o.name)
	}
	if len(o.vars) > 0 {
		b.sb.WriteString("(")
		for i, v := range o.vars {
			if i > 0 {
				b.sb.WriteString(", ")
			}
			if err := checkName("variable name", v.name); err != nil {
				b.fail(err)
			}
			if err := checkType(v.typ); err != nil {
				b.fail(err)
			}
			b.sb.WriteString("$" + v.name + ": " + v.typ)
			if v.hasDef {
				b.sb.WriteString(" = ")
				b.value(v.def)
			}
		}
		b.sb.WriteString(")")
	}
	if len(o.sel) == 0 {
		b.fail(errNoSelection)
	}
	b.sb.WriteString(" ")
	b.selectionSet(o.sel, 0)
	b.sb.WriteString("\n")
}

func (b *builder) selectionSet(sel []Selection, depth int) {
	b.sb.WriteString("{\n")
	for _, s := range sel {
		b.indent(depth + 1)
		switch x := s.(type) {
		case fieldName:
			if err := checkName("field name", string(x)); err != nil {
				b.fail(err)
			}
			b.sb.WriteString(string(x))
		case *FieldNode:
			b.field(x, depth+1)
		case *InlineFragment:
			if err := checkName("type name", x.typ); err != nil {
				b.fail(err)
			}
			b.sb.WriteString("... on " + x.typ + " ")
			b.selectionSet(x.sel, depth+1)
		case invalidSelection:
			b.fail(fmt.Errorf("gqlbuild: cannot select %T", x.v))
		}
		b.sb.WriteString("\n")
	}
	b.indent(depth)
	b.sb.WriteString("}")
}

func (b *builder) field(f *FieldNode, depth int) {
	if f.alias != "" {
		if err := checkName("alias", f.alias); err != nil {
			b.fail(err)
		}
		b.sb.WriteString(f.alias + ": ")
	}
	if err := checkName("field name", f.name); err != nil {
		b.fail(err)
	}
	b.sb.WriteString(f.name)
	if len(f.args) > 0 {
		b.sb.WriteString("(")
		for i, a := range f.args {
			if i > 0 {
				b.sb.WriteString(", ")
			}
			if err := checkName("argument name", a.Key); err != nil {
				b.fail(err)
			}
			b.sb.WriteString(a.Key + ": ")
			b.value(a.Value)
		}
		b.sb.WriteString(")")
	}
	if len(f.sel) > 0 {
		b.sb.WriteString(" ")
		b.selectionSet(f.sel, depth)
	}
}

func (b *builder) indent(depth int) {
	for range depth {
		b.sb.WriteString("  ")
	}
}

// value writes an input value literal.
func (b *builder) value(v any) {
	switch x := v.(type) {
	case nil:
		b.sb.WriteString("null")
	case Enum:
		if err := checkName("enum value", string(x)); err != nil || x == "true" || x == "false" || x == "null" {
			b.fail(fmt.Errorf("gqlbuild: invalid enum value %q", string(x)))
		}
		b.sb.WriteString(string(x))
	case Var:
		if err := checkName("variable", string(x)); err != nil {
			b.fail(err)
		}
		b.sb.WriteString("$" + string(x))
	case LiteralSet:
		b.str("{" + strings.Join(x, ",") + "}")
	case string:
		b.str(x)
	case bool:
		b.sb.WriteString(strconv.FormatBool(x))
	case time.Time:
		b.str(x.Format(time.RFC3339Nano))
	case time.Duration:
		b.str(x.String())
	case json.RawMessage:
		var decoded any
		dec := json.NewDecoder(bytes.NewReader(x))
		dec.UseNumber()
		if err := dec.Decode(&decoded); err != nil {
			b.fail(fmt.Errorf("gqlbuild: invalid JSON value: %w", err))
			return
		}
		b.value(decoded)
	case json.Number:
		if _, err := strconv.ParseFloat(string(x), 64); err != nil {
			b.fail(fmt.Errorf("gqlbuild: invalid number %q", string(x)))
		}
		b.sb.WriteString(string(x))
	case Object:
		b.object(sortedKVs(x))
	case Args:
		b.object(sortedKVs(x))
	case map[string]any:
		b.object(sortedKVs(x))
	case Ordered:
		b.object(x)
	case []any:
		b.list(len(x), func(i int) any { return x[i] })
	default:
		b.reflectValue(v)
	}
}

// reflectValue handles numbers, other slices and maps with string keys.
func (b *builder) reflectValue(v any) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.sb.WriteString(strconv.FormatInt(rv.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		b.sb.WriteString(strconv.FormatUint(rv.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			b.fail(fmt.Errorf("gqlbuild: %v is not a GraphQL number", f))
			return
		}
		b.sb.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	case reflect.String:
		b.str(rv.String())
	case reflect.Bool:
		b.sb.WriteString(strconv.FormatBool(rv.Bool()))
	case reflect.Slice, reflect.Array:
		b.list(rv.Len(), func(i int) any { return rv.Index(i).Interface() })
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			b.fail(fmt.Errorf("gqlbuild: map keys must be strings, not %s", rv.Type().Key()))
			return
		}
		kvs := make([]KV, 0, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			kvs = append(kvs, KV{it.Key().String(), it.Value().Interface()})
		}
		sort.Slice(kvs, func(i, j int) bool { return kvs[i].Key < kvs[j].Key })
		b.object(kvs)
	case reflect.Pointer:
		if rv.IsNil() {
			b.sb.WriteString("null")
			return
		}
		b.value(rv.Elem().Interface())
	default:
		b.fail(fmt.Errorf("gqlbuild: cannot write a %T as a GraphQL value", v))
	}
}

func (b *builder) list(n int, at func(int) any) {
	b.sb.WriteString("[")
	for i := range n {
		if i > 0 {
			b.sb.WriteString(", ")
		}
		b.value(at(i))
	}
	b.sb.WriteString("]")
}

func (b *builder) object(kvs []KV) {
	b.sb.WriteString("{")
	for i, kv := range kvs {
		if i > 0 {
			b.sb.WriteString(", ")
		}
		if err := checkName("object field", kv.Key); err != nil {
			b.fail(err)
		}
		b.sb.WriteString(kv.Key + ": ")
		b.value(kv.Value)
	}
	b.sb.WriteString("}")
}

// str writes a GraphQL string literal. JSON's escapes are all valid GraphQL escapes;
// HTML escaping is off so "<" stays readable.
func (b *builder) str(s string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string cannot fail
	b.sb.Write(bytes.TrimRight(buf.Bytes(), "\n"))
}

func sortedKeys[M ~map[string]any](m M) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func sortedKVs[M ~map[string]any](m M) []KV {
	out := make([]KV, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, KV{k, m[k]})
	}
	return out
}
