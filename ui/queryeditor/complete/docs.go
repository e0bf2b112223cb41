package complete

import (
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/api/gqlsyntax"
)

// Doc documents the name under the cursor.
type Doc struct {
	// Signature: "flow_run(where: flow_run_bool_exp, limit: Int, ...): [flow_run!]!".
	Signature   string
	Description string
	// Kind: field, argument, input field or enum value.
	Kind ItemKind
}

// DocAt documents the field, argument or input field whose name is at byte offset pos
// (inside it or right after it). ok is false when there is nothing to document.
func DocAt(schema *ast.Schema, doc string, pos int) (Doc, bool) {
	if schema == nil {
		return Doc{}, false
	}
	toks := gqlsyntax.Lex(doc)
	idx := -1
	for i, t := range toks {
		if t.Start <= pos && pos <= t.End && t.Kind == gqlsyntax.Name {
			idx = i
			break
		}
		if t.Start > pos {
			break
		}
	}
	if idx < 0 {
		return Doc{}, false
	}
	name := toks[idx].Text
	st := read(schema, toks[:idx])
	f := st.top()
	switch f.kind {
	case frameSelection:
		if f.afterOn || f.afterSpread {
			return Doc{}, false
		}
		// "alias: field" — document the field, not the alias.
		if idx+1 < len(toks) && toks[idx+1].Text == ":" && idx+2 < len(toks) && toks[idx+2].Kind == gqlsyntax.Name {
			name = toks[idx+2].Text
		}
		fd := fieldDef(schema, f.typ, name)
		if fd == nil {
			return Doc{}, false
		}
		return Doc{Signature: fieldSignature(fd), Description: fd.Description, Kind: KindField}, true
	case frameArgs:
		if a := f.args.ForName(name); a != nil {
			return Doc{Signature: a.Name + ": " + a.Type.String(), Description: a.Description, Kind: KindArgument}, true
		}
	case frameObject:
		if f.typ != nil {
			if fd := f.typ.Fields.ForName(name); fd != nil {
				return Doc{Signature: f.typ.Name + "." + fd.Name + ": " + fd.Type.String(), Description: fd.Description, Kind: KindInputField}, true
			}
		}
	case frameValue, frameList:
		t := f.vtyp
		if t != nil {
			if def := schema.Types[t.Name()]; def != nil && def.Kind == ast.Enum {
				if v := def.EnumValues.ForName(name); v != nil {
					return Doc{Signature: def.Name + "." + v.Name, Description: v.Description, Kind: KindEnumValue}, true
				}
			}
		}
	}
	return Doc{}, false
}

func fieldSignature(fd *ast.FieldDefinition) string {
	var b strings.Builder
	b.WriteString(fd.Name)
	if len(fd.Arguments) > 0 {
		b.WriteString("(")
		for i, a := range fd.Arguments {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(a.Name + ": " + a.Type.String())
		}
		b.WriteString(")")
	}
	b.WriteString(": " + fd.Type.String())
	return b.String()
}
