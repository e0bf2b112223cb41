package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/server/auth"
	"github.com/prefect-tui/prefect-tui/server/catalog"
	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/mutations"
	"github.com/prefect-tui/prefect-tui/server/seed"
	"github.com/prefect-tui/prefect-tui/server/services"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// Version is what GET /health reports (main sets it from the build).
var Version = "dev"

// MaxBodyBytes is the request body limit of Prefect's gateway (5 MB).
const MaxBodyBytes = 5 << 20

// Server is the embedded Prefect-compatible API.
type Server struct {
	// DB is the store the server reads and writes.
	DB *store.DB
	// Engine executes GraphQL requests.
	Engine *engine.Engine
	// Authenticate turns an HTTP request into the principal it acts for. The default
	// (Server mode) is Principal{}: no auth, every tenant visible.
	Authenticate func(r *http.Request) (engine.Principal, error)
	// Auth is the Cloud auth service in Cloud mode, nil otherwise.
	Auth *auth.Service
	// Services are Prefect Server's background services over DB; they run on their
	// own only with Options.Services.
	Services []services.Service

	opts    Options
	closers []func() error
	// demoToken is the demo user's USER token in Cloud mode (server/cloud.go).
	demoToken string
}

// registrars wire resolvers into every new engine: Prefect's own operations, Cloud
// auth, ... Each gets the server being built (its DB, Options and Auth are set).
var registrars = []func(s *Server, e *engine.Engine) error{
	func(_ *Server, e *engine.Engine) error { mutations.Register(e); return nil },
}

// New opens the store per opts.DB, seeds it per opts.Seed / opts.Scale, and builds the
// engine with every registered resolver.
func New(opts Options) (*Server, error) { return NewContext(context.Background(), opts) }

// NewContext is New with a context that stops the seeding: once ctx is done it
// returns ctx's error promptly, the store closed and no half-seeded file left behind.
func NewContext(ctx context.Context, opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if err := seedNewFile(ctx, opts); err != nil {
		return nil, err
	}
	db, err := store.Open(opts.DB)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	s := &Server{DB: db, opts: opts}
	s.closers = append(s.closers, db.Close)
	schema, err := Schema()
	if err != nil {
		s.Close()
		return nil, err
	}
	timeout := opts.QueryTimeout
	switch {
	case timeout == 0:
		timeout = DefaultQueryTimeout
	case timeout < 0:
		timeout = 0
	}
	engineOpts := []engine.Option{engine.WithNow(opts.Now), engine.WithQueryTimeout(timeout)}
	if opts.Cloud {
		svc, err := auth.New(ctx, db, auth.Options{AccessTokenTTL: opts.AccessTokenTTL, Now: opts.Now})
		if err != nil {
			s.Close()
			return nil, err
		}
		s.Auth = svc
		s.Authenticate = svc.Authenticate
		engineOpts = append(engineOpts, engine.WithRowPolicy(auth.RowPolicy), engine.WithMutationPolicy(auth.MutationPolicy), engine.WithUserTenants(func(ctx context.Context, userID string) []string {
			ids, err := svc.UserTenants(ctx, userID)
			if err != nil {
				return []string{}
			}
			return ids
		}))
	}
	s.Engine = engine.New(schema, db, engineOpts...)
	if s.Auth != nil {
		s.Auth.Register(s.Engine)
	} else {
		auth.RegisterServerMode(s.Engine)
	}
	for _, r := range registrars {
		if err := r(s, s.Engine); err != nil {
			s.Close()
			return nil, err
		}
	}
	if s.Authenticate == nil {
		s.Authenticate = func(*http.Request) (engine.Principal, error) { return engine.Principal{}, nil }
	}
	if err := s.seed(ctx); err != nil {
		s.Close()
		return nil, err
	}
	s.Services = services.All(db)
	if opts.Simulate {
		s.startSimulator()
	}
	if opts.Services {
		stop := services.Start(s.Services, services.Options{Now: opts.Now})
		s.closers = append(s.closers, func() error { stop(); return nil })
	}
	return s, nil
}

// startSimulator runs seed.Simulator until Close.
func (s *Server) startSimulator() {
	ctx, cancel := context.WithCancel(context.Background())
	sim := seed.NewSimulator(s.DB, seed.SimulatorOptions{Now: s.opts.Now})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = sim.Run(ctx)
	}()
	s.closers = append(s.closers, func() error {
		cancel()
		<-done
		return nil
	})
}

// seed fills the store per opts.Seed and opts.Scale, once: a file-backed store that
// already has the tenant is left as it is (seedData).
func (s *Server) seed(ctx context.Context) error {
	if err := seedData(ctx, s.DB, s.opts); err != nil {
		return err
	}
	if s.opts.Cloud {
		return s.setupCloud(ctx)
	}
	return nil
}

// Schema parses the schema the server serves: catalog.SDL(), which is exactly what
// `make generate` writes to schema.graphql.
func Schema() (*ast.Schema, error) {
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: catalog.SDL()})
	if err != nil {
		return nil, fmt.Errorf("load schema: %w", err)
	}
	return s, nil
}

// Close releases the store and anything started with the server.
func (s *Server) Close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		if err := s.closers[i](); err != nil {
			errs = append(errs, err)
		}
	}
	s.closers = nil
	return errors.Join(errs...)
}

// Start serves Handler on listen (opts.Listen, else "127.0.0.1:0"); an address without
// a host binds 127.0.0.1. It returns the base URL and a stop function.
func (s *Server) Start(ctx context.Context, listen string) (url string, stop func() error, err error) {
	if listen == "" {
		listen = s.opts.Listen
	}
	if listen == "" {
		listen = "127.0.0.1:0"
	}
	if strings.HasPrefix(listen, ":") {
		listen = "127.0.0.1" + listen
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", listen)
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	stop = func() error {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := hs.Shutdown(sctx)
		if serr := <-done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
		return err
	}
	return "http://" + ln.Addr().String(), stop, nil
}

// Handler returns the HTTP API: POST /graphql and POST / (GraphQL over JSON),
// GET /health, and a short note on GET /graphql.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": Version})
	})
	mux.HandleFunc("GET /.well-known/apollo/server-health", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "pass"})
	})
	mux.HandleFunc("POST /graphql", s.serveGraphQL)
	mux.HandleFunc("POST /graphql/", s.serveGraphQL)
	mux.HandleFunc("POST /{$}", s.serveGraphQL)
	note := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "prefect-tui embedded Prefect API: POST GraphQL requests here as JSON {query, variables, operationName}.")
	}
	mux.HandleFunc("GET /graphql", note)
	mux.HandleFunc("GET /{$}", note)
	return mux
}

// body is a GraphQL request body. Variables may be an object or, as the Prefect
// Python client sends them, a JSON-encoded string.
type body struct {
	Query         string          `json:"query"`
	OperationName string          `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
}

func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	raw, err := readBody(w, r)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeResponse(w, http.StatusRequestEntityTooLarge, engine.RequestFailure(
				fmt.Sprintf("request entity too large: the body limit is %d bytes", MaxBodyBytes), "PAYLOAD_TOO_LARGE"))
			return
		}
		writeResponse(w, http.StatusBadRequest, engine.RequestFailure("could not read the request body", engine.CodeBadUserInput))
		return
	}
	var b body
	if err := json.Unmarshal(raw, &b); err != nil {
		writeResponse(w, http.StatusBadRequest, engine.RequestFailure("POST body is not valid JSON", engine.CodeBadUserInput))
		return
	}
	vars, err := variablesJSON(b.Variables)
	if err != nil {
		writeResponse(w, http.StatusBadRequest, engine.RequestFailure("variables must be a JSON object (or a JSON-encoded object string)", engine.CodeBadUserInput))
		return
	}
	if strings.TrimSpace(b.Query) == "" {
		writeResponse(w, http.StatusBadRequest, engine.RequestFailure("POST body sent invalid JSON: missing query", engine.CodeBadUserInput))
		return
	}
	if s.Auth != nil {
		r = r.WithContext(auth.WithRequestVersion(r.Context()))
	}
	p, err := s.Authenticate(r)
	if err != nil {
		msg, code := err.Error(), engine.CodeUnauthenticated
		var ee *engine.Error
		if errors.As(err, &ee) && ee.Code != "" {
			code = ee.Code
		}
		writeResponse(w, http.StatusOK, engine.RequestFailure(msg, code))
		return
	}
	token, _ := auth.BearerToken(r)
	req := &engine.Request{DB: s.DB, Principal: p, Header: r.Header, Now: s.opts.Now, Token: token}
	res := s.Engine.Execute(r.Context(), req, engine.Params{Query: b.Query, OperationName: b.OperationName, RawVariables: vars})
	status := http.StatusOK
	if res.RequestError && len(res.Errors) > 0 {
		switch res.Errors[0].Code() {
		case engine.CodeParseFailed, engine.CodeValidationFailed:
			status = http.StatusBadRequest
		}
	}
	writeResponse(w, status, res)
}

// readBody reads the request body, at most MaxBodyBytes, into a buffer of the size the
// request declares when it does.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body := http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	if n := r.ContentLength; n > 0 && n <= MaxBodyBytes {
		buf := make([]byte, n)
		if _, err := io.ReadFull(body, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	return io.ReadAll(body)
}

// variablesJSON returns the variables of a request body as the text of a JSON object
// (nil for none): the engine decodes them (once for each operation they come with).
// They are an object, or as the Prefect Python client sends them a JSON-encoded
// string of one.
func variablesJSON(raw json.RawMessage) (json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '"' {
		var inner string
		if err := json.Unmarshal(raw, &inner); err != nil {
			return nil, err
		}
		raw = bytes.TrimSpace([]byte(inner))
		if len(raw) == 0 || string(raw) == "null" {
			return nil, nil
		}
		if !json.Valid(raw) {
			return nil, errors.New("variables are not JSON")
		}
	}
	// The body decoded, so raw is valid JSON: it must be an object.
	if raw[0] != '{' {
		return nil, errors.New("variables are not an object")
	}
	return raw, nil
}

// writeResponse writes {"data": ..., "errors": [...]}. The data is written as the
// engine built it (SQLite's JSON, already compact), not decoded, encoded or copied
// again, with its length, so the answer goes out in one piece rather than chunked.
func writeResponse(w http.ResponseWriter, status int, res *engine.Response) {
	var head, errs []byte
	switch {
	case res.Data != nil && len(res.Errors) > 0:
		head = []byte(`{"data":`)
		errs = encodeErrors(res.Errors, `,"errors":`)
	case res.Data != nil:
		head = []byte(`{"data":`)
	case len(res.Errors) > 0:
		head = []byte{'{'}
		errs = encodeErrors(res.Errors, `"errors":`)
	default:
		head = []byte{'{'}
	}
	const tail = "}\n"
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(head)+len(res.Data)+len(errs)+len(tail)))
	w.WriteHeader(status)
	_, _ = w.Write(head)
	_, _ = w.Write(res.Data)
	_, _ = w.Write(errs)
	_, _ = io.WriteString(w, tail)
}

// encodeErrors returns prefix and the errors as a JSON list.
func encodeErrors(errs []*engine.GQLError, prefix string) []byte {
	var b bytes.Buffer
	b.WriteString(prefix)
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(errs); err != nil {
		b.Reset()
		b.WriteString(prefix)
		b.WriteString(`[{"message":"the errors could not be encoded"}]`)
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
