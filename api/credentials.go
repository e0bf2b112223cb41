package api

import (
	"context"
	"net/http"
)

// BearerToken returns Credentials that send "Authorization: Bearer <token>": Prefect 1.x
// API tokens of scope TENANT or RUNNER, or an access token obtained elsewhere. It is
// never refreshed.
func BearerToken(token string) Credentials { return staticCreds{token: token} }

// APIKey returns Credentials for a Prefect Cloud API key: "Authorization: Bearer <key>",
// plus "X-PREFECT-TENANT-ID: <tenantID>" when tenantID is set (as the Python client
// does; without it the key's default tenant applies).
func APIKey(key, tenantID string) Credentials { return staticCreds{token: key, tenantID: tenantID} }

type staticCreds struct {
	token    string
	tenantID string
}

// Apply implements Credentials.
func (s staticCreds) Apply(_ context.Context, req *http.Request) error {
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	if s.tenantID != "" {
		req.Header.Set("X-Prefect-Tenant-Id", s.tenantID)
	}
	return nil
}

// Refresh implements Credentials: a static credential has nothing new to offer.
func (staticCreds) Refresh(context.Context) (bool, error) { return false, nil }

func (s staticCreds) secrets() []string { return []string{s.token} }

// String never shows the secret.
func (s staticCreds) String() string { return "Bearer " + Fingerprint(s.token) }

// Fingerprint shows a credential without revealing it: "…a1b2" (its last 4 characters),
// or "" for an empty one, "…" for one too short to show any of.
func Fingerprint(secret string) string {
	switch {
	case secret == "":
		return ""
	case len(secret) < 12:
		return "…"
	}
	return "…" + secret[len(secret)-4:]
}
