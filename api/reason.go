package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// maxReason bounds Reason's fallback (a GraphQL error's message, another error).
const maxReason = 60

// Reason is the short cause of a failed request, for a header or a list's "refresh
// failed" mark, where Describe's sentence does not fit: "offline", "timed out",
// "HTTP 500", "rate limited", "answer cut off", "bad answer" (not GraphQL JSON),
// "token rejected", "no tenant"; for an answer with GraphQL errors, the first message
// (cut); "" for nil and for a cancelled request.
func Reason(err error) string {
	var timeout *TimeoutError
	var cut *CutAnswerError
	var herr *graphql.HTTPError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var list gqlerror.List
	switch {
	case err == nil, errors.Is(err, context.Canceled):
		return ""
	case tenantRequired(err) != "":
		return "no tenant"
	case IsUnauthenticated(err):
		return "token rejected"
	case errors.As(err, &timeout), errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.As(err, &cut):
		return "answer cut off"
	case errors.As(err, &herr):
		switch {
		case herr.StatusCode == http.StatusTooManyRequests:
			return "rate limited"
		case herr.StatusCode == http.StatusBadRequest && len(herr.Response.Errors) > 0:
			return truncate(Scrub(describeList(herr.Response.Errors)), maxReason)
		}
		return fmt.Sprintf("HTTP %d", herr.StatusCode)
	case errors.As(err, &list) && len(list) > 0:
		return truncate(Scrub(firstLine(describeList(list))), maxReason)
	case errors.As(err, &syn), errors.As(err, &typ):
		return "bad answer"
	case IsTransport(err):
		var uerr *url.Error
		if errors.As(err, &uerr) && uerr.Timeout() {
			return "timed out"
		}
		return "offline"
	}
	return truncate(Describe(err), maxReason)
}

// IsTransport reports whether err means the API could not be reached or the
// connection broke before an answer (a *url.Error or a net.Error), as opposed to an
// answer, even a failed one.
func IsTransport(err error) bool {
	var uerr *url.Error
	var nerr net.Error
	return errors.As(err, &uerr) || errors.As(err, &nerr)
}
