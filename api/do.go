package api

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/Khan/genqlient/graphql"

	"github.com/prefect-tui/prefect-tui/api/gqlbuild"
)

// Document is a GraphQL operation to send with Do: Text (a document written out) or
// a *gqlbuild.Operation (one built from Go values, as Prefect's Python client builds
// queries from dicts).
type Document interface {
	Build() (string, error)
}

// Text is a GraphQL document given as text.
type Text string

// Build implements Document.
func (t Text) Build() (string, error) { return string(t), nil }

var _ Document = (*gqlbuild.Operation)(nil)

// Do sends a free-form operation through c (the same client, retries and credentials
// as the typed operations) and decodes the answer's data into out: a pointer to a
// struct, a map or a json.RawMessage; nil discards it. It returns the same typed
// errors as the typed operations; with a *GraphQLError, out holds whatever partial
// data came with it. vars are the operation's variables (nil for none).
func Do(ctx context.Context, c graphql.Client, doc Document, vars map[string]any, out any) error {
	query, err := doc.Build()
	if err != nil {
		return err
	}
	var data json.RawMessage
	req := &graphql.Request{Query: query}
	if op, ok := doc.(*gqlbuild.Operation); ok {
		req.OpName = op.Name()
	}
	if len(vars) > 0 {
		req.Variables = vars
	}
	reqErr := c.MakeRequest(ctx, req, &graphql.Response{Data: &data})
	if out != nil && len(data) > 0 && string(data) != "null" {
		if err := json.Unmarshal(data, out); err != nil && reqErr == nil {
			return fmt.Errorf("decoding the answer: %w", err)
		}
	}
	return reqErr
}
