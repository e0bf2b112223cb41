package api_test

import (
	"context"
	"testing"

	"github.com/prefect-tui/prefect-tui/api"
)

func TestRunReturnsDataAndErrorsTogether(t *testing.T) {
	t.Parallel()
	const body = `{"data":{"flow":[{"id":"1"}],"broken":null},"errors":[{"message":"partial failure","path":["broken"]}]}`
	f := newFakeAPI(t, answer(200, body))
	c, _ := newClient(t, f.url(), api.ClientOptions{})
	res, err := api.Run(context.Background(), c, "query Q($n: Int) { flow(limit: $n) { id } broken: hello }", map[string]any{"n": 1}, "Q")
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Data) != `{"flow":[{"id":"1"}],"broken":null}` {
		t.Errorf("data = %s", res.Data)
	}
	if len(res.Errors) != 1 || res.Errors[0].Message != "partial failure" {
		t.Errorf("errors = %v", res.Errors)
	}
	if res.Bytes != len(body) || res.Elapsed <= 0 {
		t.Errorf("bytes = %d (want %d), elapsed = %v", res.Bytes, len(body), res.Elapsed)
	}
	sent := f.bodys[0]
	if sent["operationName"] != "Q" || sent["variables"].(map[string]any)["n"] != float64(1) {
		t.Errorf("sent %v", sent)
	}
}

func TestRunValidationErrorIsAResult(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, answer(400, `{"errors":[{"message":"Syntax Error: Unexpected Name \"quer\""}]}`))
	c, _ := newClient(t, f.url(), api.ClientOptions{})
	res, err := api.Run(context.Background(), c, "quer { x }", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Data) != "null" || len(res.Errors) != 1 {
		t.Errorf("res = %+v", res)
	}
	if _, ok := f.bodys[0]["operationName"]; ok {
		t.Errorf("an empty operationName was sent: %v", f.bodys[0])
	}
	if _, ok := f.bodys[0]["variables"]; ok {
		t.Errorf("empty variables were sent: %v", f.bodys[0])
	}
}

func TestRunTransportErrorIsAnError(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, answer(502, ``))
	c, _ := newClient(t, f.url(), api.ClientOptions{Retry: api.RetryPolicy{MaxAttempts: 1}})
	_, err := api.Run(context.Background(), c, "{ hello }", nil, "")
	if api.Describe(err) != "server returned 502 Bad Gateway" {
		t.Fatalf("err = %v", err)
	}
}
