package server

import (
	"context"
	"fmt"

	"github.com/prefect-tui/prefect-tui/server/auth"
)

// CloudDemoTenant is one tenant of the Cloud demo.
type CloudDemoTenant struct {
	ID, Slug, Name string
	// Role is the demo user's role in it.
	Role string
	Seed int64
	// Runs is the tenant's number of flow runs (0: the demo's default of 2,000+).
	// Staging and sandbox are smaller, so `demo --cloud` starts about twice as fast.
	Runs int
}

// CloudDemoTenants are the tenants `demo --cloud` seeds, each with its own data: the
// demo user administers production, is a member of staging and only reads sandbox
// (where a second user, "ops", is the admin), so every role can be tried.
var CloudDemoTenants = []CloudDemoTenant{
	{ID: "7e4a0000-0000-4000-8000-0000000000a1", Slug: "production", Name: "Production", Role: auth.RoleAdmin, Seed: 1},
	{ID: "7e4a0000-0000-4000-8000-0000000000a2", Slug: "staging", Name: "Staging", Role: auth.RoleUser, Seed: 2, Runs: 600},
	{ID: "7e4a0000-0000-4000-8000-0000000000a3", Slug: "sandbox", Name: "Sandbox", Role: auth.RoleReadOnly, Seed: 3, Runs: 300},
}

// setupCloud prepares Cloud mode once the demo tenants are seeded (seedData): it
// always makes the demo users members of them, and writes a fresh USER token for the
// demo user to opts.TokenFile (0600).
func (s *Server) setupCloud(ctx context.Context) error {
	opts := s.opts
	var tenants []auth.DemoTenant
	if opts.Seed == "demo" {
		for _, t := range CloudDemoTenants {
			tenants = append(tenants, auth.DemoTenant{ID: t.ID, Slug: t.Slug, Role: t.Role})
		}
	} else {
		// Without the demo seed the demo user joins whatever tenants the store has.
		rows, err := s.DB.QueryContext(ctx, `SELECT id, slug FROM tenant ORDER BY slug`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var t auth.DemoTenant
			if err := rows.Scan(&t.ID, &t.Slug); err != nil {
				rows.Close()
				return err
			}
			tenants = append(tenants, t)
		}
		rows.Close()
	}
	if len(tenants) == 0 {
		return nil
	}
	tok, err := s.Auth.SeedDemo(ctx, tenants)
	if err != nil {
		return fmt.Errorf("seed demo users: %w", err)
	}
	s.demoToken = tok
	if opts.TokenFile != "" {
		if err := auth.WriteTokenFile(opts.TokenFile, tok); err != nil {
			return fmt.Errorf("write --token-file: %w", err)
		}
	}
	return nil
}

// DemoUserToken is the demo user's USER token created at start in Cloud mode ("" in
// Server mode or when the store has no tenant). Tests log in with it.
func (s *Server) DemoUserToken() string { return s.demoToken }
