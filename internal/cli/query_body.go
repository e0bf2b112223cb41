package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/api/gqlprep"
	apischema "github.com/prefect-tui/prefect-tui/api/schema"
)

// requestBody is a GraphQL request as JSON, as curl users write it and the web UI's
// "copy request" gives it: {"query": …, "variables": …, "operationName": …}.
type requestBody struct {
	Query         *string         `json:"query"`
	Variables     json.RawMessage `json:"variables"`
	OperationName string          `json:"operationName"`
}

// isRequestBody reports whether text is a JSON object rather than a GraphQL document:
// its first member name is a string, which no selection set starts with.
func isRequestBody(text string) bool {
	t := strings.TrimSpace(text)
	if !strings.HasPrefix(t, "{") {
		return false
	}
	return strings.HasPrefix(strings.TrimSpace(t[1:]), `"`)
}

// readRequestBody reads a JSON request body: the document, the variables as JSON
// object text ("" for none; Prefect's Python client sends them as a JSON string
// holding the object, which is unwrapped) and the operation name.
func readRequestBody(text string) (query, vars, opName string, err error) {
	var b requestBody
	dec := json.NewDecoder(strings.NewReader(text))
	if err := dec.Decode(&b); err != nil {
		return "", "", "", bodyError(text, err)
	}
	if dec.More() {
		return "", "", "", errors.New("request body: unexpected text after the JSON object")
	}
	if b.Query == nil || strings.TrimSpace(*b.Query) == "" {
		return "", "", "", errors.New(`request body: no "query" member with the operation`)
	}
	v := strings.TrimSpace(string(b.Variables))
	switch {
	case v == "" || v == "null":
		v = ""
	case strings.HasPrefix(v, `"`):
		var inner string
		if err := json.Unmarshal(b.Variables, &inner); err != nil {
			return "", "", "", fmt.Errorf("request body: variables: %w", err)
		}
		v = inner
	case !strings.HasPrefix(v, "{"):
		return "", "", "", errors.New(`request body: "variables" must be an object`)
	}
	return *b.Query, v, b.OperationName, nil
}

// variablesSchema is the schema variables are checked against: the API's cached
// schema, else the schema prefect-tui is built with when the document validates
// against it (so that an API with other types is never judged by it). It returns the
// operation of the document to check, or nil when there is no schema to check with.
func variablesSchema(cached *ast.Schema, plan gqlprep.Plan) (*ast.Schema, *ast.OperationDefinition) {
	if cached != nil {
		return cached, plan.Op
	}
	built, err := apischema.Load()
	if err != nil {
		return nil, nil
	}
	p, errs := gqlprep.Prepare(built, plan.Query, plan.OpName, -1)
	if len(errs) > 0 {
		return nil, nil
	}
	return built, p.Op
}

// bodyError says where a request body is not what it should be: line and column of a
// JSON syntax error, or the member of the wrong type.
func bodyError(text string, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := 1, 1
		for i := 0; i < int(syn.Offset)-1 && i < len(text); i++ {
			if text[i] == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		return fmt.Errorf("request body %d:%d: %v", line, col, err)
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Errorf("request body: %q must be a string, not %s", typ.Field, typ.Value)
	}
	return fmt.Errorf("request body: %v", err)
}
