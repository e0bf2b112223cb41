// Package engine executes GraphQL requests against the embedded store the way Prefect's
// Apollo gateway in front of Hasura does: gqlparser parses and validates, the Hasura
// half (tables, relationships, aggregates, utility functions) is compiled to one SQLite
// statement per query (a column per root field) that builds the JSON answer in the
// database, and the Python
// half (Prefect's own operations, Cloud auth) is served by registered resolvers whose
// results are projected onto the selection set.
package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	_ "github.com/vektah/gqlparser/v2/validator/rules" // the standard validation rules

	"github.com/prefect-tui/prefect-tui/server/store"
)

// Error codes the engine puts in extensions.code.
const (
	CodeParseFailed      = "GRAPHQL_PARSE_FAILED"
	CodeValidationFailed = "GRAPHQL_VALIDATION_FAILED"
	CodeBadUserInput     = "BAD_USER_INPUT"
	CodeUnauthenticated  = "UNAUTHENTICATED"
	// CodeForbidden is Prefect's code for an operation the credential's role or scope
	// does not allow.
	CodeForbidden = "FORBIDDEN"
	CodeInternal  = "INTERNAL_SERVER_ERROR"
	// CodeDataException is Hasura's code for input Postgres rejects (a bad uuid, timestamp).
	CodeDataException = "data-exception"
	// CodeNotSupported marks a Prefect operation the embedded server does not implement.
	CodeNotSupported = "NOT_SUPPORTED"
	// CodeAPIError is Prefect's code for a refused operation.
	CodeAPIError = "API_ERROR"
	// CodeQueryTimeout marks a request stopped by the server's query timeout.
	CodeQueryTimeout = "QUERY_TIMEOUT"
)

// CloudOnlyMessage answers Cloud auth operations in Server mode.
const CloudOnlyMessage = "Prefect Cloud auth is not available: this server runs in Server mode, which has no users or tokens (start it with --cloud)"

// MaxDepth is the gateway's query depth limit (graphql-depth-limit, root field = depth 0).
const MaxDepth = 7

// Options tunes an Engine.
type Options struct {
	// UserTenants lists the tenants of a user (its memberships): the tenant rows a
	// credential acting for a user reads. Nil means none.
	UserTenants func(ctx context.Context, userID string) []string
	// RowPolicy gives the rows of the Cloud tables each principal may read. Nil means
	// none.
	RowPolicy RowPolicy
	// MutationPolicy, when set, decides before any mutation runs whether the principal
	// may call it (a non-nil error refuses it, with its code). Nil allows every mutation.
	MutationPolicy MutationPolicy
	// Trace, when set, is called with every SQL statement the engine runs (tests count
	// them). It must not log arguments: they may hold user data.
	Trace func(sql string)
	// Now is the clock given to resolvers; nil means time.Now.
	Now func() time.Time
	// QueryTimeout bounds each request: when it runs out, SQLite is interrupted and
	// the field answers with CodeQueryTimeout. Zero means no limit.
	QueryTimeout time.Duration
}

// Option changes Options.
type Option func(*Options)

// WithUserTenants sets Options.UserTenants.
func WithUserTenants(f func(ctx context.Context, userID string) []string) Option {
	return func(o *Options) { o.UserTenants = f }
}

// WithRowPolicy sets Options.RowPolicy.
func WithRowPolicy(f RowPolicy) Option { return func(o *Options) { o.RowPolicy = f } }

// WithMutationPolicy sets Options.MutationPolicy.
func WithMutationPolicy(f MutationPolicy) Option { return func(o *Options) { o.MutationPolicy = f } }

// WithTrace sets Options.Trace.
func WithTrace(f func(sql string)) Option { return func(o *Options) { o.Trace = f } }

// WithNow sets Options.Now.
func WithNow(f func() time.Time) Option { return func(o *Options) { o.Now = f } }

// WithQueryTimeout sets Options.QueryTimeout.
func WithQueryTimeout(d time.Duration) Option { return func(o *Options) { o.QueryTimeout = d } }

// Engine executes GraphQL requests. It is safe for concurrent use once registration
// (RegisterQuery / RegisterMutation) is done.
type Engine struct {
	schema     *ast.Schema
	db         *store.DB
	opts       Options
	mu         sync.RWMutex
	queries    map[string]ResolverFunc
	mutations  map[string]ResolverFunc
	docs       map[string]*ast.QueryDocument
	stmts      *stmtCache
	vars       *varsCache
	principals *principalCache
}

// New returns an engine serving schema over db.
func New(schema *ast.Schema, db *store.DB, opts ...Option) *Engine {
	e := &Engine{schema: schema, db: db, queries: map[string]ResolverFunc{}, mutations: map[string]ResolverFunc{},
		docs: map[string]*ast.QueryDocument{}, stmts: newStmtCache(maxCachedStatements), vars: newVarsCache(), principals: newPrincipalCache()}
	for _, o := range opts {
		o(&e.opts)
	}
	if e.opts.Now == nil {
		e.opts.Now = time.Now
	}
	registerSQLFunctions()
	return e
}

// Schema returns the schema the engine serves.
func (e *Engine) Schema() *ast.Schema { return e.schema }

// DB returns the engine's store.
func (e *Engine) DB() *store.DB { return e.db }

// RegisterQuery serves the Query root field name with f.
func (e *Engine) RegisterQuery(name string, f ResolverFunc) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.queries[name] = f
}

// RegisterMutation serves the Mutation root field name with f.
func (e *Engine) RegisterMutation(name string, f ResolverFunc) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.mutations[name] = f
}

func (e *Engine) resolver(op ast.Operation, name string) ResolverFunc {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if op == ast.Mutation {
		return e.mutations[name]
	}
	return e.queries[name]
}

// Params is one GraphQL request.
type Params struct {
	Query         string
	OperationName string
	Variables     map[string]any
	// RawVariables, when Variables is nil, are the variables as sent: a JSON object.
	// The engine decodes and coerces them once for each operation they come with.
	RawVariables json.RawMessage
}

// Response is the GraphQL answer. Data is nil for a request error (parse, validation,
// variables), in which case RequestError is true.
type Response struct {
	Data         json.RawMessage `json:"data,omitempty"`
	Errors       []*GQLError     `json:"errors,omitempty"`
	RequestError bool            `json:"-"`
}

// GQLError is one entry of the response's errors.
type GQLError struct {
	Message    string         `json:"message"`
	Locations  []Location     `json:"locations,omitempty"`
	Path       []any          `json:"path,omitempty"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

// Location is a line/column in the query document.
type Location struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Code returns the error's extensions.code.
func (g *GQLError) Code() string {
	c, _ := g.Extensions["code"].(string)
	return c
}

func newErr(msg, code string) *GQLError {
	return &GQLError{Message: msg, Extensions: map[string]any{"code": code}}
}

func fromGQL(e *gqlerror.Error, code string) *GQLError {
	g := newErr(e.Message, code)
	for _, l := range e.Locations {
		g.Locations = append(g.Locations, Location{Line: l.Line, Column: l.Column})
	}
	for _, p := range e.Path {
		switch p := p.(type) {
		case ast.PathName:
			g.Path = append(g.Path, string(p))
		case ast.PathIndex:
			g.Path = append(g.Path, int(p))
		}
	}
	return g
}

// RequestFailure builds a request-error response (no data) with one error.
func RequestFailure(msg, code string) *Response {
	return &Response{Errors: []*GQLError{newErr(msg, code)}, RequestError: true}
}

// Execute runs one request for req's principal.
func (e *Engine) Execute(ctx context.Context, req *Request, p Params) *Response {
	return e.execute(ctx, req, p, false)
}

// ExecuteFieldByField is Execute running each Hasura root field as its own
// statement, as Execute does when one statement cannot serve a request: the
// reference the one-statement path is tested against.
func (e *Engine) ExecuteFieldByField(ctx context.Context, req *Request, p Params) *Response {
	return e.execute(ctx, req, p, true)
}

func (e *Engine) execute(ctx context.Context, req *Request, p Params, fieldByField bool) *Response {
	if d := e.opts.QueryTimeout; d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	x, res := e.prepare(ctx, req, p)
	if res != nil {
		return res
	}
	x.fieldByField = fieldByField
	return x.run(x.op)
}

// prepare parses, validates and picks the operation of a request, and coerces its
// variables, or returns the request-error response.
func (e *Engine) prepare(ctx context.Context, req *Request, p Params) (*execution, *Response) {
	if req == nil {
		req = &Request{}
	}
	if req.DB == nil {
		req.DB = e.db
	}
	if req.Now == nil {
		req.Now = e.opts.Now
	}
	doc, res := e.document(p.Query)
	if res != nil {
		return nil, res
	}
	op, gerr := pickOperation(doc, p.OperationName)
	if gerr != nil {
		return nil, &Response{Errors: []*GQLError{gerr}, RequestError: true}
	}
	vars, pv, verr := e.variables(op, p)
	if verr != nil {
		ge, ok := verr.(*gqlerror.Error)
		if !ok {
			return nil, RequestFailure(verr.Error(), CodeBadUserInput)
		}
		return nil, &Response{Errors: []*GQLError{fromGQL(ge, CodeBadUserInput)}, RequestError: true}
	}
	return &execution{e: e, ctx: ctx, req: req, doc: doc, vars: vars, pvars: pv, op: op, query: p.Query, deadline: e.opts.QueryTimeout}, nil
}

// maxCachedDocs bounds the cache of parsed and validated documents.
const maxCachedDocs = 256

// document parses and validates query, or returns the request-error response. Valid
// documents are cached by their text: clients send the same few queries over and over,
// and a validated document is only read afterwards, so it can be shared.
func (e *Engine) document(query string) (*ast.QueryDocument, *Response) {
	e.mu.RLock()
	doc := e.docs[query]
	e.mu.RUnlock()
	if doc != nil {
		return doc, nil
	}
	doc, perr := parser.ParseQuery(&ast.Source{Name: "query", Input: query})
	if perr != nil {
		res := &Response{RequestError: true}
		var list gqlerror.List
		var one *gqlerror.Error
		switch {
		case errors.As(perr, &list):
			for _, ge := range list {
				res.Errors = append(res.Errors, fromGQL(ge, CodeParseFailed))
			}
		case errors.As(perr, &one):
			res.Errors = append(res.Errors, fromGQL(one, CodeParseFailed))
		default:
			res.Errors = append(res.Errors, newErr(perr.Error(), CodeParseFailed))
		}
		return nil, res
	}
	if errs := validator.Validate(e.schema, doc); len(errs) > 0 {
		res := &Response{RequestError: true}
		for _, ge := range errs {
			res.Errors = append(res.Errors, fromGQL(ge, CodeValidationFailed))
		}
		return nil, res
	}
	if errs := checkDepth(doc, MaxDepth); len(errs) > 0 {
		return nil, &Response{Errors: errs, RequestError: true}
	}
	e.mu.Lock()
	if len(e.docs) >= maxCachedDocs {
		clear(e.docs)
	}
	e.docs[query] = doc
	e.mu.Unlock()
	return doc, nil
}

func pickOperation(doc *ast.QueryDocument, name string) (*ast.OperationDefinition, *GQLError) {
	if name == "" {
		if len(doc.Operations) == 1 {
			return doc.Operations[0], nil
		}
		return nil, newErr("Must provide operation name if query contains multiple operations.", CodeBadUserInput)
	}
	if op := doc.Operations.ForName(name); op != nil {
		return op, nil
	}
	return nil, newErr(fmt.Sprintf("Unknown operation named %q.", name), CodeBadUserInput)
}

// execution is the state of one request.
type execution struct {
	e     *Engine
	ctx   context.Context
	req   *Request
	doc   *ast.QueryDocument
	op    *ast.OperationDefinition
	query string
	vars  map[string]any
	// pvars are vars as kept for the next requests sending the same (varcache.go).
	pvars *preparedVars
	errs  []*GQLError
	// deadline is the query timeout the request runs under (0: none).
	deadline time.Duration

	// The request's shape and inputs (shape.go), computed for its first Hasura field.
	shaped   bool
	shape    string
	inputs   []any
	svars    map[string]any // vars with their inputs as slots
	sc       scopeOf        // the principal's tenant scope, its tenant ids as slots
	policies map[string]policyOf
	// members caches Options.UserTenants for the request's user (nil: not read yet).
	members []string
	// fieldByField runs each Hasura root field as its own statement.
	fieldByField bool
}

func (x *execution) run(op *ast.OperationDefinition) *Response {
	rootType := "Query"
	if op.Operation == ast.Mutation {
		rootType = "Mutation"
	}
	fields := x.collect(op.SelectionSet, rootType)
	// A query's Hasura root fields run first, as one statement (batch.go); the other
	// root fields, and all of them when that statement cannot serve the request, run
	// one after the other in document order: mutations must (GraphQL spec).
	var batch map[string]json.RawMessage
	if !x.fieldByField {
		if bf := x.batchable(op.Operation, fields); bf != nil {
			batch = x.runBatch(bf)
		}
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeString(&buf, f.Alias)
		buf.WriteByte(':')
		if raw, ok := batch[f.Alias]; ok {
			buf.Write(raw)
			continue
		}
		raw, err := x.rootField(op.Operation, rootType, f)
		if err != nil {
			x.fieldError(err, f)
			buf.WriteString("null")
			continue
		}
		buf.Write(raw)
	}
	buf.WriteByte('}')
	return &Response{Data: buf.Bytes(), Errors: x.errs}
}

// fieldError records err for root field f (whose value becomes null).
func (x *execution) fieldError(err error, f *cfield) {
	var g *GQLError
	switch err := err.(type) {
	case *Error:
		g = newErr(err.Message, err.Code)
		if err.Code == "" {
			g.Extensions["code"] = CodeAPIError
		}
	default:
		g = newErr(err.Error(), CodeInternal)
	}
	if g.Path == nil {
		g.Path = []any{f.Alias}
	}
	if g.Locations == nil && f.Field.Position != nil {
		g.Locations = []Location{{Line: f.Field.Position.Line, Column: f.Field.Position.Column}}
	}
	x.errs = append(x.errs, g)
}

// requiresTenantMsg is the error a USER-scoped principal gets for tenant data.
const requiresTenantMsg = "this operation requires a tenant; log in to a tenant first"

func (x *execution) rootField(op ast.Operation, rootType string, f *cfield) (json.RawMessage, error) {
	switch f.Name {
	case "__typename":
		return json.Marshal(rootType)
	case "__schema":
		return x.project(f, introSchema(x.e.schema), f.Field.Definition.Type)
	case "__type":
		args := x.plainArgs(f.Field)
		name, _ := args["name"].(string)
		var v any
		if def := x.e.schema.Types[name]; def != nil {
			v = introType(x.e.schema, def)
		}
		return x.project(f, v, f.Field.Definition.Type)
	}
	if op == ast.Mutation && x.e.opts.MutationPolicy != nil {
		if err := x.e.opts.MutationPolicy(x.req.Principal, f.Name); err != nil {
			return nil, err
		}
	}
	// A registered resolver wins over a catalog table of the same name.
	r := x.e.resolver(op, f.Name)
	if r == nil && op != ast.Mutation {
		if rf := x.hasuraField(f.Name); rf != nil {
			return x.runHasura(rf, f)
		}
	}
	if r == nil {
		return nil, &Error{Message: fmt.Sprintf("%q is not supported by the embedded server", f.Name), Code: CodeNotSupported}
	}
	args, err := x.resolverArgs(f.Field)
	if err != nil {
		return nil, err
	}
	val, err := x.call(r, args)
	if err != nil {
		return nil, err
	}
	return x.projectResult(f, val)
}

// call runs a resolver, turning a panic into an internal error for its field only.
func (x *execution) call(r ResolverFunc, args map[string]any) (val any, err error) {
	defer func() {
		if p := recover(); p != nil {
			val, err = nil, &Error{Message: "internal error in the resolver", Code: CodeInternal}
		}
	}()
	return r(x.ctx, x.req, args)
}

// plainArgs resolves a field's arguments to plain Go values (no scalar checks).
func (x *execution) plainArgs(f *ast.Field) map[string]any {
	out := map[string]any{}
	for k, v := range x.args(f) {
		out[k] = plain(v)
	}
	return out
}
