package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TimeoutError is returned when one attempt of a request ran out of its timeout.
type TimeoutError struct {
	Endpoint string
	After    time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("request to %s timed out after %s", e.Endpoint, e.After)
}

// Timeout reports true (net.Error style).
func (e *TimeoutError) Timeout() bool { return true }

// NotAuthenticatedText is what Describe says for a rejected or expired credential.
const NotAuthenticatedText = "not authenticated: the token was rejected or has expired (prefect-tui auth login)"

// TenantHint is the way out Describe adds when the server says an operation needs a
// tenant (a USER token before a tenant was chosen).
const TenantHint = "choose one: prefect-tui auth switch-tenants --slug SLUG (prefect-tui auth list-tenants lists them)"

// maxDescribe bounds the length of a description: it must fit one status line.
const maxDescribe = 240

// Describe turns any error of this package (and of genqlient) into one short human
// sentence without credentials in it, for the status line, stderr and logs.
func Describe(err error) string {
	if err == nil {
		return ""
	}
	// Scrub before truncating, so that no prefix of a secret survives a cut.
	return truncate(Scrub(firstLine(describe(err))), maxDescribe)
}

func describe(err error) string {
	var timeout *TimeoutError
	var herr *graphql.HTTPError
	var list gqlerror.List
	var gerr *gqlerror.Error
	var uerr *url.Error
	switch {
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.As(err, &timeout):
		return timeout.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case tenantRequired(err) != "":
		return tenantRequired(err) + " — " + TenantHint
	case IsUnauthenticated(err):
		return NotAuthenticatedText
	case errors.As(err, &herr):
		return describeHTTP(herr)
	case errors.As(err, &list) && len(list) > 0:
		return describeList(list)
	case errors.As(err, &gerr):
		return gerr.Message
	case errors.As(err, &uerr):
		return describeTransport(uerr)
	}
	return err.Error()
}

func describeList(list gqlerror.List) string {
	msg := list[0].Message
	if msg == "" {
		msg = "the server reported an error"
	}
	if n := len(list) - 1; n > 0 {
		msg += fmt.Sprintf(" (+%d more)", n)
	}
	return msg
}

func describeHTTP(herr *graphql.HTTPError) string {
	status := fmt.Sprintf("%d %s", herr.StatusCode, http.StatusText(herr.StatusCode))
	status = strings.TrimSpace(status)
	errs := herr.Response.Errors
	switch {
	case herr.StatusCode == http.StatusBadRequest && len(errs) > 0:
		return describeList(errs)
	case herr.StatusCode == http.StatusTooManyRequests:
		return "the server is rate limiting requests (" + status + "); try again later"
	case len(errs) > 0 && errs[0].Message != "":
		return "server returned " + status + ": " + describeList(errs)
	}
	return "server returned " + status
}

func describeTransport(uerr *url.Error) string {
	target := redactURL(uerr.URL)
	var dnsErr *net.DNSError
	switch {
	case errors.Is(uerr, syscall.ECONNREFUSED):
		return "cannot reach " + target + ": connection refused — is the server running? Try `prefect-tui demo`"
	case errors.As(uerr, &dnsErr):
		return "cannot reach " + target + ": host " + dnsErr.Name + " not found"
	case uerr.Timeout():
		return "cannot reach " + target + ": timed out"
	case errors.Is(uerr, io.EOF), errors.Is(uerr, io.ErrUnexpectedEOF), errors.Is(uerr, syscall.ECONNRESET):
		return "the connection to " + target + " broke before an answer arrived"
	}
	inner := uerr.Err.Error()
	var opErr *net.OpError
	if errors.As(uerr, &opErr) && opErr.Err != nil {
		inner = opErr.Err.Error()
	}
	return "cannot reach " + target + ": " + inner
}

// redactURL drops user info and query from a URL for display.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.User = nil
	u.RawQuery = ""
	u.Fragment = ""
	return u.String()
}

// IsUnauthenticated reports whether err says the credential was missing, rejected or
// expired: HTTP 401, a GraphQL error with extensions.code UNAUTHENTICATED, or Prefect's
// "Malformed Authorization header".
func IsUnauthenticated(err error) bool {
	var aerr *AuthError
	if errors.As(err, &aerr) {
		return true
	}
	var herr *graphql.HTTPError
	if errors.As(err, &herr) {
		if herr.StatusCode == http.StatusUnauthorized {
			return true
		}
		return listUnauthenticated(herr.Response.Errors)
	}
	var list gqlerror.List
	if errors.As(err, &list) {
		return listUnauthenticated(list)
	}
	var gerr *gqlerror.Error
	if errors.As(err, &gerr) {
		return listUnauthenticated(gqlerror.List{gerr})
	}
	return false
}

// tenantRequired returns the server's message when err is an UNAUTHENTICATED answer
// saying that the operation needs a tenant (the credential is valid; no tenant is
// chosen), else "".
func tenantRequired(err error) string {
	if !IsUnauthenticated(err) {
		return ""
	}
	var list gqlerror.List
	var herr *graphql.HTTPError
	if errors.As(err, &herr) {
		list = herr.Response.Errors
	} else if !errors.As(err, &list) {
		return ""
	}
	for _, e := range list {
		if e != nil && strings.Contains(strings.ToLower(e.Message), "tenant") {
			return strings.TrimPrefix(e.Message, "Unauthenticated: ")
		}
	}
	return ""
}

func listUnauthenticated(list gqlerror.List) bool {
	for _, e := range list {
		if e == nil {
			continue
		}
		if code, _ := e.Extensions["code"].(string); code == "UNAUTHENTICATED" {
			return true
		}
		if strings.Contains(e.Message, "Malformed Authorization header") {
			return true
		}
	}
	return false
}

// ErrorCode returns the extensions.code of the first GraphQL error in err ("" if none).
func ErrorCode(err error) string {
	var list gqlerror.List
	var herr *graphql.HTTPError
	if errors.As(err, &herr) {
		list = herr.Response.Errors
	} else if !errors.As(err, &list) {
		return ""
	}
	for _, e := range list {
		if e == nil {
			continue
		}
		if code, _ := e.Extensions["code"].(string); code != "" {
			return code
		}
	}
	return ""
}

// ---- scrubbing credentials ----

var (
	secretsMu sync.RWMutex
	secrets   []string // longest first, so a token containing another is removed whole

	secretPatterns = []struct {
		re   *regexp.Regexp
		repl string
	}{
		{regexp.MustCompile(`(?i)(authorization["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',;}]+`), "${1}${2}[redacted]"},
		{regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9\-._~+/]+=*`), "Bearer [redacted]"},
		{regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`), "[redacted]"},
		{regexp.MustCompile(`\bpn[ub]_[A-Za-z0-9]{8,}`), "[redacted]"},
	}
)

// minSecretLen is the shortest value RegisterSecret accepts: scrubbing "abc" out of every
// message would mangle text without protecting anything.
const minSecretLen = 6

// RegisterSecret adds credentials (tokens, keys, access and refresh tokens) that Scrub
// and Describe must never let through. NewClient registers the secrets of BearerToken
// and APIKey; Credentials that obtain new secrets (access tokens) register them here.
func RegisterSecret(values ...string) {
	secretsMu.Lock()
	defer secretsMu.Unlock()
	for _, v := range values {
		v = strings.TrimSpace(v)
		if len(v) < minSecretLen || containsString(secrets, v) {
			continue
		}
		secrets = append(secrets, v)
	}
	sort.Slice(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Scrub removes registered secrets, Authorization values, bearer tokens and JWTs from s.
func Scrub(s string) string {
	secretsMu.RLock()
	for _, v := range secrets {
		s = strings.ReplaceAll(s, v, "[redacted]")
	}
	secretsMu.RUnlock()
	for _, p := range secretPatterns {
		s = p.re.ReplaceAllString(s, p.repl)
	}
	return s
}

// scrubError returns err with credentials removed from the messages of the GraphQL
// errors it carries (a server may echo a header back); other errors are returned as
// they are (Describe scrubs their text).
func scrubError(err error) error {
	switch e := err.(type) {
	case gqlerror.List:
		return scrubList(e)
	case *graphql.HTTPError:
		cp := *e
		cp.Response.Errors = scrubList(e.Response.Errors)
		return &cp
	}
	return err
}

func scrubList(list gqlerror.List) gqlerror.List {
	if list == nil {
		return nil
	}
	out := make(gqlerror.List, len(list))
	for i, e := range list {
		if e == nil {
			continue
		}
		cp := *e
		cp.Message = Scrub(e.Message)
		out[i] = &cp
	}
	return out
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - 1
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
