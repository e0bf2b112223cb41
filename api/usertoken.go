package api

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// RefreshMargin is how long before its expiry an access token is renewed (as Prefect's
// client does: `now + 30 s > expires_at`).
const RefreshMargin = 30 * time.Second

// UserToken is Credentials for a Prefect USER API token. Without a tenant it sends
// the token itself (which sees only tenants and the user). Logged in to a tenant
// (SwitchTenant) it sends the switch_tenant access token, kept only in memory, renews it
// with refresh_token RefreshMargin before it expires, and once more after an
// UNAUTHENTICATED answer (Refresh), logging in again with the USER token when the
// refresh token is refused too. It is safe for concurrent use; a renewal holds back
// the requests that need it.
type UserToken struct {
	base  *Client
	token string
	now   func() time.Time

	mu        sync.Mutex
	tenantID  string
	access    string
	refresh   string
	expiresAt time.Time
	// Renewals counts refresh_token and switch_tenant calls (tests, debug log).
	renewals int
	// closed is set by LogOut: the credentials stop working instead of logging in
	// again, so requests of a client left over from before a tenant switch cannot
	// start a new session for the old tenant.
	closed bool
}

// ErrLoggedOut is what Apply returns after LogOut.
var ErrLoggedOut = errors.New("logged out of this tenant")

// NewUserToken returns the credentials of a USER token; base is the client whose
// endpoint, timeouts and retries the auth calls use (its own credentials are ignored).
// now nil means time.Now.
func NewUserToken(base *Client, token string, now func() time.Time) *UserToken {
	if now == nil {
		now = time.Now
	}
	RegisterSecret(token)
	return &UserToken{base: base, token: token, now: now}
}

// String never shows a secret.
func (u *UserToken) String() string { return "USER token " + Fingerprint(u.token) }

// TenantID is the tenant logged in to ("" for none).
func (u *UserToken) TenantID() string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.tenantID
}

// ExpiresAt is when the current access token expires (zero without a tenant login).
func (u *UserToken) ExpiresAt() time.Time {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.expiresAt
}

// Renewals is how many access tokens were obtained so far.
func (u *UserToken) Renewals() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.renewals
}

// UserLevel returns credentials that act as the user without a tenant (the USER token
// itself): what lists the tenants to switch to.
func (u *UserToken) UserLevel() Credentials { return BearerToken(u.token) }

// Apply implements Credentials.
func (u *UserToken) Apply(ctx context.Context, req *http.Request) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.closed {
		return ErrLoggedOut
	}
	if u.tenantID == "" {
		req.Header.Set("Authorization", "Bearer "+u.token)
		return nil
	}
	if u.access == "" || !u.now().Add(RefreshMargin).Before(u.expiresAt) {
		if err := u.renewLocked(ctx); err != nil {
			return err
		}
	}
	req.Header.Set("Authorization", "Bearer "+u.access)
	return nil
}

// Refresh implements Credentials: after an UNAUTHENTICATED answer, renew the access
// token (refresh_token, else a new switch_tenant). A tenant-less USER token has
// nothing to renew.
func (u *UserToken) Refresh(ctx context.Context) (bool, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.tenantID == "" || u.closed {
		return false, nil
	}
	if err := u.renewLocked(ctx); err != nil {
		return false, err
	}
	return true, nil
}

// renewLocked gets a fresh access token: refresh_token when there is a refresh token,
// else (or when that is refused) switch_tenant with the USER token.
func (u *UserToken) renewLocked(ctx context.Context) error {
	if u.refresh != "" && u.access != "" {
		c := u.base.WithCredentials(BearerToken(u.refresh))
		resp, err := RefreshToken(ctx, c, u.access)
		if err == nil && resp.Refresh_token.Access_token != "" {
			p := resp.Refresh_token
			u.setLocked(p.Access_token, p.Refresh_token, p.Expires_at)
			return nil
		}
		if err != nil && !IsUnauthenticated(err) {
			return err
		}
	}
	return u.loginLocked(ctx, u.tenantID)
}

func (u *UserToken) loginLocked(ctx context.Context, tenantID string) error {
	c := u.base.WithCredentials(BearerToken(u.token))
	resp, err := SwitchTenant(ctx, c, tenantID)
	if err != nil {
		return err
	}
	p := resp.Switch_tenant
	if p.Access_token == "" {
		return errors.New("switch_tenant answered without an access token")
	}
	u.tenantID = tenantID
	u.setLocked(p.Access_token, p.Refresh_token, p.Expires_at)
	return nil
}

func (u *UserToken) setLocked(access, refresh string, exp time.Time) {
	RegisterSecret(access, refresh)
	u.access, u.refresh, u.expiresAt = access, refresh, exp
	u.renewals++
}

// SwitchTenant logs in to tenantID (switch_tenant with the USER token) and ends the
// previous tenant login, if any. On failure the previous login stays.
func (u *UserToken) SwitchTenant(ctx context.Context, tenantID string) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	oldAccess, oldRefresh := u.access, u.refresh
	if err := u.loginLocked(ctx, tenantID); err != nil {
		return err
	}
	if oldRefresh != "" {
		logOut(ctx, u.base, oldRefresh, oldAccess)
	}
	return nil
}

// LogOut ends the tenant login (log_out with the refresh token) and closes u: later
// requests through it fail with ErrLoggedOut. The USER token itself stays valid.
// Errors are returned but the in-memory tokens are dropped regardless.
func (u *UserToken) LogOut(ctx context.Context) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	access, refresh := u.access, u.refresh
	u.tenantID, u.access, u.refresh, u.expiresAt = "", "", "", time.Time{}
	u.closed = true
	if refresh == "" {
		return nil
	}
	return logOut(ctx, u.base, refresh, access)
}

func logOut(ctx context.Context, base *Client, refresh, access string) error {
	_, err := LogOut(ctx, base.WithCredentials(BearerToken(refresh)), access)
	return err
}
