package complete

import (
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/api/gqlsyntax"
)

// frameKind is what the tokens inside a bracket mean.
type frameKind int

const (
	frameDoc       frameKind = iota // top level: operations and fragments
	frameSelection                  // { ... } of an object type
	frameArgs                       // ( ... ) of a field or directive
	frameVarDefs                    // ( ... ) of an operation
	frameValue                      // one value of a known type, not started yet
	frameObject                     // { ... } input object value
	frameList                       // [ ... ] list value
)

// frame is one level of the nesting at the cursor.
type frame struct {
	kind frameKind
	typ  *ast.Definition            // selection: the object/interface/union; object: the input type
	args ast.ArgumentDefinitionList // args frame
	vtyp *ast.Type                  // value / list frame: the expected type
	seen map[string]bool            // arguments / fields already given

	// selection: the last field name seen (an alias is replaced by its field).
	lastField string
	// pending names a field/argument whose value comes next (after ':').
	pending string
	// afterSpread: "..." seen; afterOn: "... on" seen (a type name comes next).
	afterSpread, afterOn bool
	// inlineType: "... on T" read, the next "{" selects T.
	inlineType string
	// aliasNext: "name :" read in a selection set, the next name is the real field.
	aliasNext bool
	// afterAt: "@" read, a directive name comes next; directive: its name, whose
	// arguments a following "(" opens.
	afterAt   bool
	directive string
}

// state is the result of reading the document up to the cursor.
type state struct {
	stack []*frame
	vars  map[string]*ast.Type // variables defined by the current operation
	// opType is the root type of the operation being read ("" at top level).
	opRoot *ast.Definition
	// docState: at top level, what came last ("query", "fragment", "fragment X", "fragment X on").
	docState string
	// pendingRoot is the selection type the next top-level "{" opens.
	pendingRoot *ast.Definition
	// varDefName is the variable whose type is being typed in var defs.
	varType bool
	varName string
}

func (s *state) top() *frame { return s.stack[len(s.stack)-1] }

func (s *state) push(f *frame) {
	if f.seen == nil {
		f.seen = map[string]bool{}
	}
	s.stack = append(s.stack, f)
}

func (s *state) pop() {
	if len(s.stack) > 1 {
		s.stack = s.stack[:len(s.stack)-1]
	}
}

// read runs the frame machine over toks.
func read(schema *ast.Schema, toks []gqlsyntax.Token) *state {
	s := &state{vars: map[string]*ast.Type{}}
	s.push(&frame{kind: frameDoc})
	for i, t := range toks {
		if t.Kind == gqlsyntax.Comment {
			continue
		}
		f := s.top()
		switch f.kind {
		case frameDoc:
			s.readDoc(schema, t)
		case frameSelection:
			s.readSelection(schema, f, t)
		case frameArgs:
			s.readArgs(f, t)
		case frameVarDefs:
			s.readVarDefs(schema, f, t, toks, i)
		case frameValue:
			s.readValue(schema, f, t, true)
		case frameObject:
			s.readObject(f, t)
		case frameList:
			s.readValue(schema, f, t, false)
		}
	}
	return s
}

func (s *state) readDoc(schema *ast.Schema, t gqlsyntax.Token) {
	switch {
	case t.Text == "{":
		root := s.pendingRoot
		if root == nil {
			root = schema.Query
			s.vars = map[string]*ast.Type{}
		}
		s.opRoot = root
		s.pendingRoot = nil
		s.docState = ""
		s.push(&frame{kind: frameSelection, typ: root})
	case t.Text == "(" && s.pendingRoot != nil:
		s.push(&frame{kind: frameVarDefs})
	case t.Kind == gqlsyntax.Name && (t.Text == "query" || t.Text == "mutation" || t.Text == "subscription") && s.docState == "":
		s.vars = map[string]*ast.Type{}
		switch t.Text {
		case "query":
			s.pendingRoot = schema.Query
		case "mutation":
			s.pendingRoot = schema.Mutation
		default:
			s.pendingRoot = schema.Subscription
		}
		if s.pendingRoot == nil {
			s.pendingRoot = &ast.Definition{Kind: ast.Object, Name: t.Text}
		}
		s.docState = "op"
	case t.Kind == gqlsyntax.Name && t.Text == "fragment" && s.docState == "":
		s.docState = "fragment"
	case t.Kind == gqlsyntax.Name && s.docState == "fragment":
		s.docState = "fragment name"
	case t.Kind == gqlsyntax.Name && t.Text == "on" && s.docState == "fragment name":
		s.docState = "fragment on"
	case t.Kind == gqlsyntax.Name && s.docState == "fragment on":
		def := schema.Types[t.Text]
		if def == nil {
			def = &ast.Definition{Kind: ast.Object, Name: t.Text}
		}
		s.pendingRoot = def
		s.docState = "fragment type"
	}
}

func (s *state) readSelection(schema *ast.Schema, f *frame, t gqlsyntax.Token) {
	switch {
	case t.Text == "}":
		s.pop()
		if s.top().kind == frameDoc {
			s.opRoot = nil
		}
	case t.Text == "@":
		f.afterAt = true
	case t.Kind == gqlsyntax.Name && f.afterAt:
		f.directive, f.afterAt = t.Text, false
	case t.Text == "(" && f.directive != "":
		var args ast.ArgumentDefinitionList
		if d := schema.Directives[f.directive]; d != nil {
			args = d.Arguments
		}
		f.directive = ""
		s.push(&frame{kind: frameArgs, args: args})
	case t.Text == "...":
		f.afterSpread, f.afterOn, f.inlineType = true, false, ""
	case t.Kind == gqlsyntax.Name && f.afterSpread && !f.afterOn && t.Text == "on":
		f.afterOn = true
	case t.Kind == gqlsyntax.Name && f.afterOn:
		f.inlineType, f.afterOn, f.afterSpread = t.Text, false, false
	case t.Kind == gqlsyntax.Name && f.afterSpread:
		f.afterSpread = false // fragment spread
	case t.Kind == gqlsyntax.Name:
		f.lastField = t.Text
		f.aliasNext = false
		f.inlineType, f.directive = "", ""
	case t.Text == ":":
		f.aliasNext = true
	case t.Text == "(":
		fd := fieldDef(schema, f.typ, f.lastField)
		var args ast.ArgumentDefinitionList
		if fd != nil {
			args = fd.Arguments
		}
		s.push(&frame{kind: frameArgs, args: args})
	case t.Text == "{":
		var def *ast.Definition
		if f.inlineType != "" || f.afterSpread {
			def = schema.Types[f.inlineType]
			if f.inlineType == "" {
				def = f.typ
			}
			f.inlineType, f.afterSpread = "", false
		} else if fd := fieldDef(schema, f.typ, f.lastField); fd != nil {
			def = schema.Types[fd.Type.Name()]
		}
		if def == nil {
			def = &ast.Definition{Kind: ast.Object}
		}
		s.push(&frame{kind: frameSelection, typ: def})
	}
}

func (s *state) readArgs(f *frame, t gqlsyntax.Token) {
	switch {
	case t.Text == ")":
		s.pop()
	case t.Kind == gqlsyntax.Name:
		f.pending = t.Text
	case t.Text == ":" && f.pending != "":
		f.seen[f.pending] = true
		var typ *ast.Type
		if a := f.args.ForName(f.pending); a != nil {
			typ = a.Type
		}
		f.pending = ""
		s.push(&frame{kind: frameValue, vtyp: typ})
	}
}

func (s *state) readObject(f *frame, t gqlsyntax.Token) {
	switch {
	case t.Text == "}":
		s.pop()
	case t.Kind == gqlsyntax.Name:
		f.pending = t.Text
	case t.Text == ":" && f.pending != "":
		f.seen[f.pending] = true
		var typ *ast.Type
		if f.typ != nil {
			if fd := f.typ.Fields.ForName(f.pending); fd != nil {
				typ = fd.Type
			}
		}
		f.pending = ""
		s.push(&frame{kind: frameValue, vtyp: typ})
	}
}

// readValue reads one token of a value. single: the frame is a frameValue (done after
// one value); otherwise a list frame that holds values until "]".
func (s *state) readValue(schema *ast.Schema, f *frame, t gqlsyntax.Token, single bool) {
	elem := f.vtyp
	if !single && elem != nil && elem.Elem != nil {
		elem = elem.Elem
	}
	switch t.Text {
	case "{":
		if single {
			s.pop()
		}
		var def *ast.Definition
		if elem != nil {
			def = schema.Types[elem.Name()]
		}
		s.push(&frame{kind: frameObject, typ: def})
		return
	case "[":
		if single {
			s.pop()
		}
		lt := elem
		if single && elem != nil && elem.Elem == nil {
			lt = &ast.Type{Elem: elem} // a single value where a list is expected
		}
		s.push(&frame{kind: frameList, vtyp: lt})
		return
	case "]":
		if !single {
			s.pop()
		}
		return
	case "}", ")":
		// Malformed: close the value and let the enclosing frame see the bracket.
		s.pop()
		switch s.top().kind {
		case frameObject, frameArgs, frameSelection:
			if t.Text == "}" && s.top().kind != frameArgs {
				s.pop()
			} else if t.Text == ")" && s.top().kind == frameArgs {
				s.pop()
			}
		}
		return
	}
	if single {
		s.pop()
	}
}

func (s *state) readVarDefs(schema *ast.Schema, f *frame, t gqlsyntax.Token, toks []gqlsyntax.Token, i int) {
	switch {
	case t.Text == ")":
		s.pop()
		s.varType = false
	case t.Kind == gqlsyntax.Variable:
		s.varName = t.Text[1:]
		s.varType = false
	case t.Text == ":":
		s.varType = true
	case t.Text == "=":
		s.varType = false
		var typ *ast.Type
		if v := s.vars[s.varName]; v != nil {
			typ = v
		}
		s.push(&frame{kind: frameValue, vtyp: typ})
	case t.Kind == gqlsyntax.Name && s.varType:
		s.vars[s.varName] = readTypeRef(toks, i)
	}
}

// readTypeRef builds the type whose named part is toks[i], looking at the brackets
// and '!' around it.
func readTypeRef(toks []gqlsyntax.Token, i int) *ast.Type {
	t := &ast.Type{NamedType: toks[i].Text}
	j := i + 1
	if j < len(toks) && toks[j].Text == "!" {
		t.NonNull = true
		j++
	}
	for k := i - 1; k >= 0 && toks[k].Text == "["; k-- {
		t = &ast.Type{Elem: t}
		if j < len(toks) && toks[j].Text == "]" {
			j++
			if j < len(toks) && toks[j].Text == "!" {
				t.NonNull = true
				j++
			}
		}
	}
	return t
}

// fieldDef finds a field of an object, interface or (through __typename) union.
func fieldDef(schema *ast.Schema, def *ast.Definition, name string) *ast.FieldDefinition {
	if def == nil || name == "" {
		return nil
	}
	if fd := def.Fields.ForName(name); fd != nil {
		return fd
	}
	if def == schema.Query {
		for _, fd := range schemaMetaFields {
			if fd.Name == name {
				return fd
			}
		}
	}
	if name == "__typename" {
		return typenameField
	}
	return nil
}
