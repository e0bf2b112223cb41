package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/server/engine"
	"github.com/prefect-tui/prefect-tui/server/store"
)

// Registrar is what the engine offers to serve a root field (engine.Engine).
type Registrar interface {
	RegisterQuery(name string, f engine.ResolverFunc)
	RegisterMutation(name string, f engine.ResolverFunc)
}

// Register serves the Cloud auth operations with s. The Cloud tables (user,
// membership, api_token, auth_api_key) are the engine's, under RowPolicy.
func (s *Service) Register(e Registrar) {
	e.RegisterQuery("auth_info", s.authInfo)
	e.RegisterMutation("create_api_token", s.createAPIToken)
	e.RegisterMutation("delete_api_token", s.deleteAPIToken)
	e.RegisterMutation("switch_tenant", s.switchTenant)
	e.RegisterMutation("refresh_token", s.refreshToken)
	e.RegisterMutation("log_in", s.logIn)
	e.RegisterMutation("log_out", s.logOut)
	e.RegisterMutation("create_api_key", s.createAPIKey)
	e.RegisterMutation("delete_api_key", s.deleteAPIKey)
}

// QueryFields and MutationFields name the operations Register serves.
var (
	QueryFields    = []string{"auth_info"}
	MutationFields = []string{"create_api_token", "delete_api_token", "switch_tenant", "refresh_token", "log_in", "log_out", "create_api_key", "delete_api_key"}
)

// RegisterServerMode answers every Cloud auth operation with a clear error: Prefect
// Server has no auth, and neither does the embedded server without --cloud. (The
// engine answers the Cloud tables so itself.)
func RegisterServerMode(e Registrar) {
	f := func(context.Context, *engine.Request, map[string]any) (any, error) {
		return nil, apiError(engine.CloudOnlyMessage)
	}
	for _, n := range QueryFields {
		e.RegisterQuery(n, f)
	}
	for _, n := range MutationFields {
		e.RegisterMutation(n, f)
	}
}

// input returns the "input" argument object.
func input(args map[string]any) map[string]any {
	m, _ := args["input"].(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return strings.TrimSpace(s)
}

// needUser refuses principals that do not act for a user (TENANT/RUNNER tokens act
// for their tenant; a refresh token acts for nobody).
func needUser(p engine.Principal) error {
	if p.UserID == "" {
		return Unauthenticated("this operation needs a user credential (a USER token, an access token or an API key)")
	}
	if p.Scope == ScopeTenant || p.Scope == ScopeRunner {
		return forbidden("TENANT and RUNNER tokens cannot manage credentials: use a USER token or an API key")
	}
	return nil
}

func (s *Service) authInfo(ctx context.Context, r *engine.Request, _ map[string]any) (any, error) {
	p := r.Principal
	if p.UserID == "" {
		return nil, Unauthenticated("no user behind this credential")
	}
	info := map[string]any{"tenant_id": nil, "user_id": p.UserID, "api_token_scope": nil,
		"license": nil, "permissions": []any{}, "role_id": nil}
	switch {
	case classify(r.Token) == "key":
		// An API key (with X-PREFECT-TENANT-ID, or acting in its default tenant).
	case p.Scope == ScopeAccess:
		info["api_token_scope"] = ScopeUser
	default:
		info["api_token_scope"] = p.Scope
	}
	if p.TenantID != "" {
		info["tenant_id"] = p.TenantID
		// The role authentication read for this request, else (a RUNNER token's
		// creator) the creator's.
		role, err := p.Role, error(nil)
		if role == "" {
			role, err = s.cachedRole(ctx, p.UserID, p.TenantID)
		}
		if err != nil {
			return nil, err
		}
		info["permissions"] = permissions(role)
	}
	return info, nil
}

// permissions lists what a role may do, for auth_info.
func permissions(role string) []any {
	switch role {
	case RoleAdmin:
		return []any{"read", "write", "admin"}
	case RoleUser:
		return []any{"read", "write"}
	case RoleReadOnly:
		return []any{"read"}
	}
	return []any{}
}

// expiresArg reads an optional expires_at, which must lie in the future.
func (s *Service) expiresArg(in map[string]any) (*time.Time, error) {
	v := str(in, "expires_at")
	if v == "" {
		return nil, nil
	}
	t, err := store.ParseTime(v)
	if err != nil {
		return nil, badInput("expires_at: " + err.Error())
	}
	if !t.After(s.now()) {
		return nil, badInput("expires_at must be in the future")
	}
	return &t, nil
}

func (s *Service) createAPIToken(ctx context.Context, r *engine.Request, args map[string]any) (any, error) {
	p := r.Principal
	if err := needUser(p); err != nil {
		return nil, err
	}
	in := input(args)
	name := str(in, "name")
	if name == "" {
		return nil, badInput("a token needs a name")
	}
	scope := strings.ToUpper(str(in, "scope"))
	if scope == "" {
		scope = ScopeUser
	}
	exp, err := s.expiresArg(in)
	if err != nil {
		return nil, err
	}
	tenant := ""
	switch scope {
	case ScopeUser:
	case ScopeTenant, ScopeRunner:
		if p.TenantID == "" {
			return nil, forbidden(scope + " tokens belong to a tenant: log in to one first (switch_tenant, or an API key with X-PREFECT-TENANT-ID)")
		}
		role, err := s.role(ctx, p.UserID, p.TenantID)
		if err != nil {
			return nil, err
		}
		if scope == ScopeRunner && role != RoleAdmin {
			return nil, forbidden("only tenant admins can create RUNNER tokens")
		}
		if role == RoleReadOnly || role == "" {
			return nil, forbidden("read-only members cannot create TENANT tokens")
		}
		tenant = p.TenantID
	default:
		return nil, badInput("scope must be USER, TENANT or RUNNER")
	}
	id, secret, err := s.CreateToken(ctx, p.UserID, tenant, name, scope, exp)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": id, "token": secret}, nil
}

func (s *Service) deleteAPIToken(ctx context.Context, r *engine.Request, args map[string]any) (any, error) {
	p := r.Principal
	if err := needUser(p); err != nil {
		return nil, err
	}
	id := str(input(args), "token_id")
	var scope, owner string
	var tenant sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT scope, COALESCE(user_id, ''), tenant_id FROM cloud_api_token WHERE id = ?`, id).
		Scan(&scope, &owner, &tenant)
	notFound := notFoundErr("API token not found")
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	switch {
	case scope == ScopeUser:
		if owner != p.UserID {
			return nil, notFound
		}
	default:
		if p.TenantID == "" || tenant.String != p.TenantID {
			return nil, notFound
		}
		role, err := s.role(ctx, p.UserID, p.TenantID)
		if err != nil {
			return nil, err
		}
		switch {
		case role == RoleAdmin:
		case scope == ScopeRunner:
			return nil, forbidden("only tenant admins can revoke RUNNER tokens")
		case owner != p.UserID:
			return nil, forbidden("only tenant admins can revoke other members' tokens")
		}
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM cloud_api_token WHERE id = ?`, id); err != nil {
		return nil, err
	}
	// Logins made with the token end with it.
	if _, err := s.db.ExecContext(ctx, `UPDATE cloud_session SET revoked = 1 WHERE api_token_id = ?`, id); err != nil {
		return nil, err
	}
	return map[string]any{"success": true, "error": nil}, nil
}

func (s *Service) switchTenant(ctx context.Context, r *engine.Request, args map[string]any) (any, error) {
	p := r.Principal
	kind := classify(r.Token)
	if p.UserID == "" || (p.Scope != ScopeUser && p.Scope != ScopeAccess) || kind == "key" {
		if kind == "key" {
			return nil, forbidden("API keys need no switch_tenant: send X-PREFECT-TENANT-ID with the key")
		}
		return nil, Unauthenticated("switch_tenant needs a USER token (or an access token)")
	}
	tenant := str(input(args), "tenant_id")
	role, err := s.role(ctx, p.UserID, tenant)
	if err != nil {
		return nil, err
	}
	if role == "" {
		return nil, forbidden("you are not a member of that tenant")
	}
	var tokenID string
	if kind == "token" {
		t, err := s.lookupToken(ctx, r.Token)
		if err != nil {
			return nil, err
		}
		tokenID = t.ID
	} else if c, err := s.parse(r.Token, "access", true); err == nil {
		_ = s.db.QueryRowContext(ctx, `SELECT COALESCE(api_token_id, '') FROM cloud_session WHERE id = ?`, c.SessionID).Scan(&tokenID)
	}
	pair, err := s.issue(ctx, p.UserID, tenant, tokenID)
	if err != nil {
		return nil, err
	}
	return pair.payload(), nil
}

func (s *Service) refreshToken(ctx context.Context, r *engine.Request, args map[string]any) (any, error) {
	access := str(input(args), "access_token")
	if r.Token == "" || access == "" {
		return nil, Unauthenticated("refresh_token needs Bearer <refresh token> and input.access_token")
	}
	pair, err := s.refresh(ctx, r.Token, access)
	if err != nil {
		return nil, err
	}
	return pair.payload(), nil
}

func (s *Service) logIn(context.Context, *engine.Request, map[string]any) (any, error) {
	return nil, &engine.Error{Message: "log_in (browser single sign-on with an ID token) is not available on this server: log in with an API token or an API key", Code: engine.CodeNotSupported}
}

// logOut ends the session of the bearer (the refresh token, as the Python client and
// UI send it, or an access token) and of input.access_token when given.
func (s *Service) logOut(ctx context.Context, r *engine.Request, args map[string]any) (any, error) {
	ended := false
	for _, tok := range []string{r.Token, str(input(args), "access_token")} {
		if classify(tok) != "jwt" {
			continue
		}
		if err := s.revokeSession(ctx, tok); err == nil {
			ended = true
		}
	}
	if !ended {
		return nil, Unauthenticated("log_out needs the session's refresh or access token")
	}
	return map[string]any{"success": true, "error": nil}, nil
}

func (s *Service) createAPIKey(ctx context.Context, r *engine.Request, args map[string]any) (any, error) {
	p := r.Principal
	if err := needUser(p); err != nil {
		return nil, err
	}
	in := input(args)
	if uid := str(in, "user_id"); uid != p.UserID {
		return nil, forbidden("you can only create API keys for yourself")
	}
	name := str(in, "name")
	if name == "" {
		return nil, badInput("a key needs a name")
	}
	exp, err := s.expiresArg(in)
	if err != nil {
		return nil, err
	}
	tenant := str(in, "default_tenant_id")
	if tenant != "" {
		if p.TenantID != "" && tenant != p.TenantID {
			return nil, forbidden("not allowed for that tenant with this credential")
		}
		role, err := s.role(ctx, p.UserID, tenant)
		if err != nil {
			return nil, err
		}
		if role == "" {
			return nil, forbidden("you are not a member of that tenant")
		}
	}
	id, secret, err := s.CreateKey(ctx, p.UserID, name, tenant, exp)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": id, "key": secret}, nil
}

func (s *Service) deleteAPIKey(ctx context.Context, r *engine.Request, args map[string]any) (any, error) {
	p := r.Principal
	if err := needUser(p); err != nil {
		return nil, err
	}
	// Any of the user's own keys, whatever its default tenant.
	res, err := s.db.ExecContext(ctx, `DELETE FROM cloud_api_key WHERE id = ? AND user_id = ?`, str(input(args), "key_id"), p.UserID)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, notFoundErr("API key not found")
	}
	return map[string]any{"success": true, "error": nil}, nil
}
