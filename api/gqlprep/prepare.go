// Package gqlprep prepares a free-form operation for sending, for the query editor and
// `prefect-tui query` alike: it parses and validates the document against the schema
// (when one is cached), picks the operation, checks the variables, and applies the
// guards: every top-level list field without a `limit` gets one (DefaultLimit, as the
// Prefect UI does), and the caller learns which fields were limited and whether the
// operation is a mutation (which needs a confirmation, and is refused read-only).
package gqlprep

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/prefect-tui/prefect-tui/api/gqlsyntax"
	apischema "github.com/prefect-tui/prefect-tui/api/schema"
)

// DefaultLimit is the limit added to top-level list fields that have none.
const DefaultLimit = 100

// Plan is an operation ready to send.
type Plan struct {
	// Query is the document to send: the user's text plus any added limits.
	Query  string
	OpName string
	// Operation is query, mutation or subscription.
	Operation ast.Operation
	// Limited names the top-level fields that got `limit: DefaultLimit`.
	Limited []string
	// Op is the chosen operation (of the original text).
	Op *ast.OperationDefinition
	// Validated is true when the document was checked against a schema.
	Validated bool
}

// IsMutation reports whether the operation changes data.
func (p Plan) IsMutation() bool { return p.Operation == ast.Mutation }

// Prepare parses text, chooses the operation (opName; else the one around byte offset
// cursor, -1 for none; else the only one), validates it against schema when schema is
// not nil, and adds the limits. Errors carry line and column.
func Prepare(schema *ast.Schema, text, opName string, cursor int) (Plan, gqlerror.List) {
	if strings.TrimSpace(text) == "" {
		return Plan{}, gqlerror.List{gqlerror.Errorf("the query is empty")}
	}
	doc, err := parser.ParseQuery(&ast.Source{Name: "query", Input: text})
	if err != nil {
		return Plan{}, asList(err)
	}
	if schema != nil {
		if errs := validator.Validate(schema, doc); len(errs) > 0 {
			sortErrors(errs)
			return Plan{}, errs
		}
	}
	op, gerr := pickOperation(doc, text, opName, cursor)
	if gerr != nil {
		return Plan{}, gqlerror.List{gerr}
	}
	p := Plan{Query: text, OpName: op.Name, Operation: op.Operation, Op: op, Validated: schema != nil}
	if op.Operation == ast.Query || op.Operation == "" {
		p.Operation = ast.Query
		p.Query, p.Limited = addLimits(schema, text, op)
	}
	return p, nil
}

func asList(err error) gqlerror.List {
	switch e := err.(type) {
	case *gqlerror.Error:
		return gqlerror.List{e}
	case gqlerror.List:
		return e
	}
	return gqlerror.List{gqlerror.Wrap(err)}
}

func sortErrors(errs gqlerror.List) {
	sort.SliceStable(errs, func(i, j int) bool {
		li, lj := firstLoc(errs[i]), firstLoc(errs[j])
		if li.Line != lj.Line {
			return li.Line < lj.Line
		}
		return li.Column < lj.Column
	})
}

func firstLoc(e *gqlerror.Error) gqlerror.Location {
	if len(e.Locations) > 0 {
		return e.Locations[0]
	}
	return gqlerror.Location{}
}

func pickOperation(doc *ast.QueryDocument, text, opName string, cursor int) (*ast.OperationDefinition, *gqlerror.Error) {
	if len(doc.Operations) == 0 {
		return nil, gqlerror.Errorf("the document has no operation (only fragments)")
	}
	if opName != "" {
		if op := doc.Operations.ForName(opName); op != nil {
			return op, nil
		}
		return nil, gqlerror.Errorf("no operation named %q", opName)
	}
	if len(doc.Operations) == 1 {
		return doc.Operations[0], nil
	}
	if cursor >= 0 {
		// The operation that starts last before the cursor.
		var best *ast.OperationDefinition
		for _, op := range doc.Operations {
			if op.Position != nil && byteOffset(text, op.Position.Line, op.Position.Column) <= cursor {
				best = op
			}
		}
		if best != nil {
			return best, nil
		}
	}
	return nil, gqlerror.Errorf("the document has %d operations: name the one to run", len(doc.Operations))
}

// byteOffset converts a 1-based line and rune column to a byte offset of text.
func byteOffset(text string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	for c := 1; c < col && off < len(text); c++ {
		_, size := utf8.DecodeRuneInString(text[off:])
		off += size
	}
	return off
}

// addLimits inserts `limit: DefaultLimit` into every top-level list field of op that
// takes a limit and has none, editing the text so the user's formatting is kept.
func addLimits(schema *ast.Schema, text string, op *ast.OperationDefinition) (string, []string) {
	type ins struct {
		at   int
		text string
	}
	var edits []ins
	var limited []string
	toks := gqlsyntax.Lex(text)
	lim := strconv.Itoa(DefaultLimit)
	for _, sel := range op.SelectionSet {
		f, ok := sel.(*ast.Field)
		if !ok || f.Position == nil || f.Arguments.ForName("limit") != nil || !isLimitedList(schema, f.Name) {
			continue
		}
		at := byteOffset(text, f.Position.Line, f.Position.Column)
		k := tokenAt(toks, at)
		if k < 0 {
			continue
		}
		if f.Alias != "" && f.Alias != f.Name && k+2 < len(toks) && toks[k+1].Text == ":" {
			k += 2
		}
		if k+1 < len(toks) && toks[k+1].Text == "(" {
			edits = append(edits, ins{toks[k+1].End, "limit: " + lim + ", "})
		} else {
			edits = append(edits, ins{toks[k].End, "(limit: " + lim + ")"})
		}
		name := f.Name
		if f.Alias != "" && f.Alias != f.Name {
			name = f.Alias + ": " + f.Name
		}
		limited = append(limited, name)
	}
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		text = text[:e.at] + e.text + text[e.at:]
	}
	return text, limited
}

func tokenAt(toks []gqlsyntax.Token, at int) int {
	for i, t := range toks {
		if t.Start == at && t.Kind == gqlsyntax.Name {
			return i
		}
		if t.Start > at {
			break
		}
	}
	return -1
}

// isLimitedList: a root field returning a list and taking `limit`. Without a schema,
// the committed Prefect schema (api/schema) stands in.
func isLimitedList(schema *ast.Schema, name string) bool {
	if schema == nil || schema.Query == nil {
		s, err := apischema.Load()
		if err != nil {
			return false
		}
		schema = s
	}
	fd := schema.Query.Fields.ForName(name)
	return fd != nil && fd.Type.Elem != nil && fd.Arguments.ForName("limit") != nil
}

// Variables parses the variables text (JSON object; empty means none) and, with a
// schema, checks them against the operation's variable definitions.
func Variables(schema *ast.Schema, op *ast.OperationDefinition, text string) (map[string]any, error) {
	vars := map[string]any{}
	if strings.TrimSpace(text) != "" {
		dec := json.NewDecoder(strings.NewReader(text))
		dec.UseNumber()
		if err := dec.Decode(&vars); err != nil {
			return nil, JSONError(text, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("variables: unexpected text after the JSON object")
		}
	}
	if schema != nil && op != nil {
		if _, err := validator.VariableValues(schema, op, normalise(vars)); err != nil {
			var gerr *gqlerror.Error
			if errors.As(err, &gerr) && len(gerr.Path) > 0 {
				return nil, variableError(op, gerr)
			}
			return nil, fmt.Errorf("variables: %w", err)
		}
	}
	if len(vars) == 0 {
		return nil, nil
	}
	return vars, nil
}

// VariableError is a variable whose value does not fit its declared type (or a
// required variable without a value).
type VariableError struct {
	// Name is the variable ("n" for $n); Path is where in its value the problem is
	// ("n", "where._and[0]").
	Name, Path string
	// Type is the variable's declared type ("Int!"; "" when unknown).
	Type string
	// Message is the validator's ("cannot use string as Int", "must be defined").
	Message string
}

// Error implements error: "variables: n: cannot use string as Int".
func (e *VariableError) Error() string { return "variables: " + e.Path + ": " + e.Message }

// Describe names the variable and its type: "variable $n (Int!): cannot use string as
// Int".
func (e *VariableError) Describe() string {
	where := "$" + e.Path
	if e.Type != "" {
		where += " (" + e.Type + ")"
	}
	return "variable " + where + ": " + e.Message
}

func variableError(op *ast.OperationDefinition, gerr *gqlerror.Error) *VariableError {
	e := &VariableError{Path: strings.TrimPrefix(gerr.Path.String(), "variable."), Message: gerr.Message}
	if len(gerr.Path) > 1 {
		if name, ok := gerr.Path[1].(ast.PathName); ok {
			e.Name = string(name)
		}
	}
	if def := op.VariableDefinitions.ForName(e.Name); def != nil && def.Type != nil {
		e.Type = def.Type.String()
	}
	return e
}

// normalise turns json.Number into int64/float64 as the validator expects.
func normalise(v map[string]any) map[string]any {
	out := make(map[string]any, len(v))
	for k, x := range v {
		out[k] = normValue(x)
	}
	return out
}

func normValue(x any) any {
	switch t := x.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		f, _ := t.Float64()
		return f
	case map[string]any:
		return normalise(t)
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = normValue(e)
		}
		return out
	}
	return x
}

// JSONError turns a JSON decoding error into one with line:column.
func JSONError(text string, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset - 1 // the offset is just past the bad byte
	case *json.UnmarshalTypeError:
		if e.Value == "array" || e.Value == "string" || e.Value == "number" || e.Value == "bool" {
			return fmt.Errorf("variables: must be a JSON object, not %s", e.Value)
		}
		off = e.Offset
	}
	if off < 0 {
		return fmt.Errorf("variables: %v", err)
	}
	line, col := 1, 1
	for i := 0; i < int(off) && i < len(text); i++ {
		if text[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Errorf("variables %d:%d: %v", line, col, err)
}
