package auth

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/uuid"
)

// Fixed ids of the demo users, so a file-backed demo keeps them across restarts.
const (
	DemoUserID  = "5a1d3c7e-0000-4000-8000-00000000d001"
	OtherUserID = "5a1d3c7e-0000-4000-8000-00000000d002"
)

// DemoTenant is a seeded tenant the demo users join.
type DemoTenant struct {
	ID   string
	Slug string
	// Role is the demo user's role there (RoleAdmin when "").
	Role string
}

// EnsureUser creates the user with a fixed id unless it exists.
func (s *Service) EnsureUser(ctx context.Context, id, username, email, first, last string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO cloud_user (id, username, email, first_name, last_name, created)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, id, username, email, first, last, s.nowStr())
	return err
}

// AddMember makes the user a member of the tenant with role (updating the role when
// already a member) and returns the membership id.
func (s *Service) AddMember(ctx context.Context, userID, tenantID, role string) (string, error) {
	id := uuid.NewSHA1(uuid.NameSpaceOID, []byte(userID+"/"+tenantID)).String()
	_, err := s.db.ExecContext(ctx, `INSERT INTO cloud_membership (id, tenant_id, user_id, role, created)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, user_id) DO UPDATE SET role = excluded.role`,
		id, tenantID, userID, role, s.nowStr())
	return id, err
}

// SeedDemo creates the demo users and memberships: "demo" (Dana Demo) joins every
// tenant with its Role, "ops" (Olu Ops) joins only the last one, as its admin. It
// returns a fresh USER token for the demo user (stored hashed, shown once).
func (s *Service) SeedDemo(ctx context.Context, tenants []DemoTenant) (userToken string, err error) {
	if len(tenants) == 0 {
		return "", fmt.Errorf("auth: no demo tenants")
	}
	if err := s.EnsureUser(ctx, DemoUserID, "demo", "demo@example.com", "Dana", "Demo"); err != nil {
		return "", err
	}
	if err := s.EnsureUser(ctx, OtherUserID, "ops", "ops@example.com", "Olu", "Ops"); err != nil {
		return "", err
	}
	var first string
	for _, t := range tenants {
		role := t.Role
		if role == "" {
			role = RoleAdmin
		}
		id, err := s.AddMember(ctx, DemoUserID, t.ID, role)
		if err != nil {
			return "", err
		}
		if first == "" {
			first = id
		}
	}
	other, err := s.AddMember(ctx, OtherUserID, tenants[len(tenants)-1].ID, RoleAdmin)
	if err != nil {
		return "", err
	}
	for user, membership := range map[string]string{DemoUserID: first, OtherUserID: other} {
		if _, err := s.db.ExecContext(ctx, `UPDATE cloud_user SET default_membership_id = ? WHERE id = ? AND default_membership_id IS NULL`, membership, user); err != nil {
			return "", err
		}
	}
	_, tok, err := s.CreateToken(ctx, DemoUserID, "", "demo login", ScopeUser, nil)
	return tok, err
}

// WriteTokenFile writes a token to path with mode 0600 (replacing the file, so an old
// file with wider permissions does not keep them).
func WriteTokenFile(path, token string) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".token-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.WriteString(token + "\n"); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
