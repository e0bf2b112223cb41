package auth

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/prefect-tui/prefect-tui/server/store"
)

// claims of the access and refresh tokens. The web UI reads tenant_id from the access
// token (legacy-ui src/main.js), so it is a top-level claim.
type claims struct {
	jwt.RegisteredClaims
	TenantID string `json:"tenant_id"`
	UserID   string `json:"user_id"`
	// Type is "access" or "refresh": one can never stand in for the other.
	Type string `json:"token_type"`
	// SessionID ties both tokens to a cloud_session row (revoked on log_out).
	SessionID string `json:"sid"`
}

// TokenPair is what switch_tenant and refresh_token return.
type TokenPair struct {
	AccessToken  string    `json:"access_token"`
	ExpiresAt    time.Time `json:"-"`
	RefreshToken string    `json:"refresh_token"`
}

// payload renders the pair as auth_token_payload.
func (p TokenPair) payload() map[string]any {
	return map[string]any{
		"access_token":  p.AccessToken,
		"expires_at":    store.FormatTime(p.ExpiresAt),
		"refresh_token": p.RefreshToken,
	}
}

func (s *Service) sign(c claims) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.secret)
}

// issue creates a session for user in tenant and signs its two tokens.
func (s *Service) issue(ctx context.Context, userID, tenantID, apiTokenID string) (TokenPair, error) {
	sid := uuid.NewString()
	now := s.now()
	refreshJTI := uuid.NewString()
	refreshExp := now.Add(RefreshTokenTTL)
	var tok any
	if apiTokenID != "" {
		tok = apiTokenID
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO cloud_session (id, user_id, tenant_id, api_token_id, refresh_jti, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, sid, userID, tenantID, tok, refreshJTI, store.FormatTime(refreshExp))
	if err != nil {
		return TokenPair{}, err
	}
	return s.signPair(sid, userID, tenantID, refreshJTI, now, refreshExp)
}

func (s *Service) signPair(sid, userID, tenantID, refreshJTI string, now, refreshExp time.Time) (TokenPair, error) {
	exp := now.Add(s.ttl)
	access, err := s.sign(claims{
		RegisteredClaims: jwt.RegisteredClaims{
			ID: uuid.NewString(), Subject: userID,
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
		},
		TenantID: tenantID, UserID: userID, Type: "access", SessionID: sid,
	})
	if err != nil {
		return TokenPair{}, err
	}
	refresh, err := s.sign(claims{
		RegisteredClaims: jwt.RegisteredClaims{
			ID: refreshJTI, Subject: userID,
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(refreshExp),
		},
		TenantID: tenantID, UserID: userID, Type: "refresh", SessionID: sid,
	})
	if err != nil {
		return TokenPair{}, err
	}
	return TokenPair{AccessToken: access, ExpiresAt: exp, RefreshToken: refresh}, nil
}

// parse verifies a JWT's signature and type; with checkExp it also refuses an expired
// token (refresh_token accepts the expired access token it replaces).
func (s *Service) parse(raw, typ string, checkExp bool) (*claims, error) {
	opts := []jwt.ParserOption{jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(s.now)}
	if !checkExp {
		opts = append(opts, jwt.WithoutClaimsValidation())
	} else {
		opts = append(opts, jwt.WithExpirationRequired())
	}
	var c claims
	_, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return s.secret, nil }, opts...)
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return nil, Unauthenticated("token expired")
		}
		return nil, Unauthenticated("invalid token")
	}
	if c.Type != typ || c.SessionID == "" || c.UserID == "" || c.TenantID == "" {
		return nil, Unauthenticated("invalid token")
	}
	return &c, nil
}

// session reads a live session; revoked or expired sessions are UNAUTHENTICATED.
func (s *Service) session(ctx context.Context, sid string) (refreshJTI string, err error) {
	r, err := s.sessionRow(ctx, sid)
	return r.refreshJTI, err
}

// sessionOf is a live session: its refresh token's id and when it expires.
type sessionOf struct {
	refreshJTI string
	expires    time.Time
}

// sessionRow is session with the session's expiry.
func (s *Service) sessionRow(ctx context.Context, sid string) (sessionOf, error) {
	var revoked int
	var r sessionOf
	var exp string
	err := s.db.QueryRowContext(ctx, `SELECT refresh_jti, revoked, expires_at FROM cloud_session WHERE id = ?`, sid).
		Scan(&r.refreshJTI, &revoked, &exp)
	if errors.Is(err, sql.ErrNoRows) || revoked != 0 {
		return sessionOf{}, Unauthenticated("session ended; log in again")
	}
	if err != nil {
		return sessionOf{}, err
	}
	if s.expired(sql.NullString{String: exp, Valid: true}) {
		return sessionOf{}, Unauthenticated("session expired; log in again")
	}
	r.expires = expiry(sql.NullString{String: exp, Valid: true})
	return r, nil
}

// refresh rotates a session: the refresh token (bearer) and the access token it was
// issued with give a new pair, and the old refresh token stops working.
func (s *Service) refresh(ctx context.Context, refreshRaw, accessRaw string) (TokenPair, error) {
	rc, err := s.parse(refreshRaw, "refresh", true)
	if err != nil {
		return TokenPair{}, err
	}
	ac, err := s.parse(accessRaw, "access", false)
	if err != nil {
		return TokenPair{}, err
	}
	if ac.SessionID != rc.SessionID {
		return TokenPair{}, Unauthenticated("access token does not match refresh token")
	}
	jti, err := s.session(ctx, rc.SessionID)
	if err != nil {
		return TokenPair{}, err
	}
	if jti != rc.ID {
		// A rotated-out refresh token was replayed: end the session (token theft guard).
		_, _ = s.db.ExecContext(ctx, `UPDATE cloud_session SET revoked = 1 WHERE id = ?`, rc.SessionID)
		return TokenPair{}, Unauthenticated("refresh token already used; log in again")
	}
	if role, err := s.role(ctx, rc.UserID, rc.TenantID); err != nil {
		return TokenPair{}, err
	} else if role == "" {
		return TokenPair{}, Unauthenticated("no longer a member of this tenant")
	}
	now := s.now()
	newJTI := uuid.NewString()
	refreshExp := now.Add(RefreshTokenTTL)
	res, err := s.db.ExecContext(ctx, `UPDATE cloud_session SET refresh_jti = ?, expires_at = ? WHERE id = ? AND refresh_jti = ?`,
		newJTI, store.FormatTime(refreshExp), rc.SessionID, rc.ID)
	if err != nil {
		return TokenPair{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return TokenPair{}, Unauthenticated("refresh token already used; log in again")
	}
	return s.signPair(rc.SessionID, rc.UserID, rc.TenantID, newJTI, now, refreshExp)
}

// revokeSession ends the session of a refresh or access token.
func (s *Service) revokeSession(ctx context.Context, raw string) error {
	c, err := s.parse(raw, "refresh", true)
	if err != nil {
		c, err = s.parse(raw, "access", true)
		if err != nil {
			return err
		}
	}
	_, err = s.db.ExecContext(ctx, `UPDATE cloud_session SET revoked = 1 WHERE id = ?`, c.SessionID)
	return err
}
