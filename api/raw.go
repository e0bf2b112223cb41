package api

import (
	"context"
	"encoding/json"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// RawResult is the answer to a free-form operation.
type RawResult struct {
	// Data is the "data" member exactly as the server sent it (null when absent).
	Data json.RawMessage
	// Errors are the GraphQL errors of the answer, with partial Data (scrubbed of
	// credentials). They are returned here, not as Run's error.
	Errors gqlerror.List
	// Elapsed is the wall time of the request, retries included.
	Elapsed time.Duration
	// Bytes is the size of the answer's body (0 when the client is not a *Client).
	Bytes int
}

// Run sends a free-form operation (the query editor, `prefect-tui query`) through c,
// the same client the typed operations use. GraphQL errors in a 200 answer, and the
// validation errors of a 400 answer, come back in RawResult.Errors with a nil error,
// so the caller can show data and errors together; err is for everything else
// (transport, timeouts, other HTTP statuses, UNAUTHENTICATED, cancellation).
func Run(ctx context.Context, c graphql.Client, query string, vars map[string]any, opName string) (RawResult, error) {
	var data json.RawMessage
	req := &graphql.Request{Query: query, OpName: opName}
	if len(vars) > 0 {
		req.Variables = vars
	}
	resp := &graphql.Response{Data: &data}
	st := &requestStats{}
	start := time.Now()
	err := c.MakeRequest(withStats(ctx, st), req, resp)
	res := RawResult{Data: data, Elapsed: time.Since(start), Bytes: st.bytes}
	if len(res.Data) == 0 {
		res.Data = json.RawMessage("null")
	}
	if res.Bytes == 0 {
		res.Bytes = len(data)
	}
	if err == nil {
		return res, nil
	}
	if IsUnauthenticated(err) {
		return res, err
	}
	if gerr, ok := asGraphQLError(err); ok {
		res.Errors = gerr.Errors
		return res, nil
	}
	return res, err
}
