package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/api"
)

// cutAnswer sends the status and headers of a 200 answer announcing a body of want
// bytes, the first part of the body, then closes the connection (a proxy or server
// that died mid-answer). chunked sends the body in chunks instead (no length).
func cutAnswer(chunked bool) step {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		body := `{"data":{"flow_run":[{"id":"1"},{"id":"2"}`
		if chunked {
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n", len(body), body)
		} else {
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n%s", body)
		}
		_ = buf.Flush()
	}
}

// closeDelimited answers HTTP/1.0 style, the body ending when the connection closes,
// and closes it half-way through the JSON.
func closeDelimited(w http.ResponseWriter, _ *http.Request) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	_, _ = buf.WriteString("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + `{"data":{"hello":`)
	_ = buf.Flush()
}

// TestCutAnswer: an answer cut mid-body says that the server closed the connection
// mid-answer (not "unexpected EOF"), and queries are retried; mutations are not (the
// server has seen them).
func TestCutAnswer(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		steps     []step
		mutation  bool
		wantCalls int
		wantErr   string
	}{
		"length cut: query retried":          {steps: []step{cutAnswer(false), answer(200, helloOK)}, wantCalls: 2},
		"chunked cut: query retried":         {steps: []step{cutAnswer(true), answer(200, helloOK)}, wantCalls: 2},
		"close-delimited cut: query retried": {steps: []step{closeDelimited, answer(200, helloOK)}, wantCalls: 2},
		"length cut forever": {steps: []step{cutAnswer(false)}, wantCalls: 4,
			wantErr: "the server at URL closed the connection mid-answer (after 42 of 4096 bytes)"},
		"chunked cut forever": {steps: []step{cutAnswer(true)}, wantCalls: 4,
			wantErr: "the server at URL closed the connection mid-answer (after 42 bytes)"},
		"close-delimited cut forever": {steps: []step{closeDelimited}, wantCalls: 4,
			wantErr: "the server at URL closed the connection mid-answer (after 17 bytes)"},
		"mutation cut: not retried": {steps: []step{cutAnswer(false)}, mutation: true, wantCalls: 1,
			wantErr: "the server at URL closed the connection mid-answer (after 42 of 4096 bytes); the change may have been applied"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, tc.steps...)
			c, _ := newClient(t, f.url(), api.ClientOptions{})
			var err error
			if tc.mutation {
				err = runMutation(c)
			} else {
				_, err = api.Hello(context.Background(), c)
			}
			if got, want := api.Describe(err), strings.ReplaceAll(tc.wantErr, "URL", f.url()); got != want {
				t.Errorf("Describe(err) = %q, want %q (err %v)", got, want, err)
			}
			if got := int(f.calls.Load()); got != tc.wantCalls {
				t.Errorf("calls = %d, want %d", got, tc.wantCalls)
			}
			if tc.wantErr != "" {
				var cut *api.CutAnswerError
				if !errors.As(err, &cut) {
					t.Errorf("err %T is not a *api.CutAnswerError", err)
				}
			}
		})
	}
}
