// Package complete is the query editor's completion engine: given the schema (from the
// introspection cache, so no network round trip) and a document with a cursor, it
// lists what can be typed there: fields, arguments, input object fields (Hasura's
// where operators and order_by columns), enum values, variables, types and keywords;
// and it documents the field under the cursor.
package complete

import (
	"sort"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/api/gqlsyntax"
)

// ItemKind says what a completion item is.
type ItemKind int

// Item kinds.
const (
	KindField ItemKind = iota
	KindArgument
	KindInputField
	KindEnumValue
	KindVariable
	KindType
	KindKeyword
)

// String returns the short tag shown in the popup.
func (k ItemKind) String() string {
	return [...]string{"field", "arg", "input", "enum", "var", "type", "keyword"}[k]
}

// Item is one completion.
type Item struct {
	Label  string // what is inserted
	Kind   ItemKind
	Detail string // the type: "[flow_run!]!", "Int"
	Doc    string // description from the schema
	// Deprecated is the deprecation reason, if any.
	Deprecated string
}

// Result is the answer at one cursor position.
type Result struct {
	Items []Item
	// Prefix is the part of a name already typed before the cursor; the accepted item
	// replaces the bytes [Start, End) of the document.
	Prefix     string
	Start, End int
}

// Complete lists the completions at byte offset pos of doc.
func Complete(schema *ast.Schema, doc string, pos int) Result {
	if pos > len(doc) {
		pos = len(doc)
	}
	if pos < 0 {
		pos = 0
	}
	toks := gqlsyntax.Lex(doc)
	// The token the cursor is in or right after, if it is a name or variable being typed.
	cut := len(toks)
	start, end := pos, pos
	prefix := ""
	for i, t := range toks {
		if t.End < pos {
			continue
		}
		if t.Start >= pos {
			cut = i
			break
		}
		// t.Start < pos <= t.End
		if t.Kind == gqlsyntax.Name || t.Kind == gqlsyntax.Variable {
			start, end = t.Start, t.End
			prefix = doc[t.Start:pos]
			cut = i
		} else if t.Kind == gqlsyntax.String || t.Kind == gqlsyntax.BlockString || t.Kind == gqlsyntax.Comment {
			if pos < t.End || t.Kind == gqlsyntax.Comment || !closed(t) {
				return Result{Start: pos, End: pos} // inside a string or comment
			}
			cut = i + 1
		} else {
			cut = i + 1
		}
		break
	}
	if schema == nil {
		return Result{Start: start, End: end, Prefix: prefix}
	}
	st := read(schema, toks[:cut])
	var items []Item
	if strings.HasPrefix(prefix, "$") {
		items = variableItems(st)
	} else {
		items = candidates(schema, st, toks[:cut])
	}
	return Result{Items: filter(items, strings.TrimPrefix(prefix, "$"), strings.HasPrefix(prefix, "$")), Prefix: prefix, Start: start, End: end}
}

func closed(t gqlsyntax.Token) bool {
	if t.Kind == gqlsyntax.BlockString {
		return len(t.Text) >= 6 && strings.HasSuffix(t.Text, `"""`)
	}
	return len(t.Text) >= 2 && strings.HasSuffix(t.Text, `"`)
}

func candidates(schema *ast.Schema, st *state, toks []gqlsyntax.Token) []Item {
	f := st.top()
	switch f.kind {
	case frameDoc:
		switch st.docState {
		case "":
			return keywordItems("query", "mutation", "subscription", "fragment")
		case "fragment name":
			return keywordItems("on")
		case "fragment on":
			return typeItems(schema, func(d *ast.Definition) bool {
				return d.Kind == ast.Object || d.Kind == ast.Interface || d.Kind == ast.Union
			})
		}
		return nil
	case frameSelection:
		if f.afterAt {
			return directiveItems(schema, ast.LocationField)
		}
		if f.afterOn {
			return possibleTypeItems(schema, f.typ)
		}
		if f.afterSpread {
			return append(keywordItems("on"), fragmentItems(toks)...)
		}
		if f.aliasNext && len(toks) > 0 && toks[len(toks)-1].Text == ":" {
			return fieldItems(schema, f.typ)
		}
		return fieldItems(schema, f.typ)
	case frameArgs:
		return argItems(f)
	case frameObject:
		return inputFieldItems(f)
	case frameValue, frameList:
		t := f.vtyp
		if f.kind == frameList && t != nil && t.Elem != nil {
			t = t.Elem
		}
		return valueItems(schema, st, t)
	case frameVarDefs:
		if st.varType {
			return typeItems(schema, func(d *ast.Definition) bool {
				return d.Kind == ast.Scalar || d.Kind == ast.Enum || d.Kind == ast.InputObject
			})
		}
	}
	return nil
}

func fieldItems(schema *ast.Schema, def *ast.Definition) []Item {
	if def == nil {
		return nil
	}
	items := make([]Item, 0, len(def.Fields)+1)
	for _, fd := range def.Fields {
		if strings.HasPrefix(fd.Name, "__") {
			continue
		}
		it := Item{Label: fd.Name, Kind: KindField, Detail: fd.Type.String(), Doc: fd.Description}
		if d := fd.Directives.ForName("deprecated"); d != nil {
			it.Deprecated = "deprecated"
			if a := d.Arguments.ForName("reason"); a != nil && a.Value != nil {
				it.Deprecated = a.Value.Raw
			}
		}
		items = append(items, it)
	}
	items = append(items, Item{Label: "__typename", Kind: KindField, Detail: "String!", Doc: "The name of the object type."})
	return items
}

func argItems(f *frame) []Item {
	items := make([]Item, 0, len(f.args))
	for _, a := range f.args {
		if f.seen[a.Name] {
			continue
		}
		items = append(items, Item{Label: a.Name, Kind: KindArgument, Detail: a.Type.String(), Doc: a.Description})
	}
	return items
}

func inputFieldItems(f *frame) []Item {
	if f.typ == nil {
		return nil
	}
	items := make([]Item, 0, len(f.typ.Fields))
	for _, fd := range f.typ.Fields {
		if f.seen[fd.Name] {
			continue
		}
		items = append(items, Item{Label: fd.Name, Kind: KindInputField, Detail: fd.Type.String(), Doc: fd.Description})
	}
	return items
}

func valueItems(schema *ast.Schema, st *state, t *ast.Type) []Item {
	if t == nil {
		return nil
	}
	var items []Item
	def := schema.Types[t.Name()]
	if def != nil && def.Kind == ast.Enum {
		for _, v := range def.EnumValues {
			items = append(items, Item{Label: v.Name, Kind: KindEnumValue, Detail: def.Name, Doc: v.Description})
		}
	}
	if t.Name() == "Boolean" {
		items = append(items, keywordItems("true", "false")...)
	}
	if !t.NonNull {
		items = append(items, keywordItems("null")...)
	}
	for _, v := range variableItems(st) {
		if v.Detail == "" || strings.Trim(v.Detail, "[]!") == t.Name() {
			items = append(items, v)
		}
	}
	return items
}

func variableItems(st *state) []Item {
	items := make([]Item, 0, len(st.vars))
	for name, t := range st.vars {
		d := ""
		if t != nil {
			d = t.String()
		}
		items = append(items, Item{Label: "$" + name, Kind: KindVariable, Detail: d})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Label < items[j].Label })
	return items
}

func typeItems(schema *ast.Schema, keep func(*ast.Definition) bool) []Item {
	items := make([]Item, 0, 64)
	for name, d := range schema.Types {
		if strings.HasPrefix(name, "__") || !keep(d) {
			continue
		}
		items = append(items, Item{Label: name, Kind: KindType, Detail: strings.ToLower(string(d.Kind)), Doc: d.Description})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Label < items[j].Label })
	return items
}

func possibleTypeItems(schema *ast.Schema, def *ast.Definition) []Item {
	if def == nil {
		return nil
	}
	var items []Item
	for _, p := range schema.GetPossibleTypes(def) {
		items = append(items, Item{Label: p.Name, Kind: KindType, Detail: strings.ToLower(string(p.Kind)), Doc: p.Description})
	}
	if def.Kind == ast.Interface {
		items = append(items, Item{Label: def.Name, Kind: KindType, Detail: "interface", Doc: def.Description})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Label < items[j].Label })
	return items
}

// directiveItems lists the directives allowed at loc.
func directiveItems(schema *ast.Schema, loc ast.DirectiveLocation) []Item {
	var items []Item
	for name, d := range schema.Directives {
		for _, l := range d.Locations {
			if l == loc {
				items = append(items, Item{Label: name, Kind: KindKeyword, Detail: "directive", Doc: d.Description})
				break
			}
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Label < items[j].Label })
	return items
}

// fragmentItems lists the fragment names defined anywhere in the document so far.
func fragmentItems(toks []gqlsyntax.Token) []Item {
	var items []Item
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Text == "fragment" && toks[i+1].Kind == gqlsyntax.Name {
			items = append(items, Item{Label: toks[i+1].Text, Kind: KindKeyword, Detail: "fragment"})
		}
	}
	return items
}

func keywordItems(words ...string) []Item {
	items := make([]Item, len(words))
	for i, w := range words {
		items[i] = Item{Label: w, Kind: KindKeyword}
	}
	return items
}

// filter keeps the items matching what was typed: prefix matches first (in schema
// order), then the other items that contain it; case-insensitive.
func filter(items []Item, typed string, isVar bool) []Item {
	if typed == "" {
		return items
	}
	lt := strings.ToLower(typed)
	var pre, sub []Item
	for _, it := range items {
		l := strings.ToLower(strings.TrimPrefix(it.Label, "$"))
		if isVar && it.Kind != KindVariable {
			continue
		}
		switch {
		case l == lt:
			pre = append([]Item{it}, pre...)
		case strings.HasPrefix(l, lt):
			pre = append(pre, it)
		case strings.Contains(l, lt):
			sub = append(sub, it)
		}
	}
	return append(pre, sub...)
}
