package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/google/uuid"

	apiauth "github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/api/config"
	"github.com/prefect-tui/prefect-tui/internal/userconfig"
)

// configPath is prefect-tui's own settings file: $XDG_CONFIG_HOME/prefect-tui/
// config.toml (~/.config/prefect-tui/config.toml on Linux without XDG_CONFIG_HOME).
func (c *cli) configPath() string { return c.userDir("config", "config.toml") }

// userConfig reads the settings file (empty when there is none).
func (c *cli) userConfig() (*userconfig.Config, error) {
	return userconfig.Load(c.configPath())
}

// activeContext is the context in use: --context, else the file's current-context.
// ctx is nil for the default context (Prefect's own configuration).
func (c *cli) activeContext() (name string, ctx *userconfig.Context, err error) {
	uc, err := c.userConfig()
	if err != nil {
		return "", nil, err
	}
	name = uc.Current()
	if c.flags.Context != "" {
		name = c.flags.Context
	}
	if name == userconfig.DefaultContext {
		return name, nil, nil
	}
	cx, ok := uc.Contexts[name]
	if !ok {
		return "", nil, usagef("no context named %q in %s (prefect-tui context list)", name, c.configPath())
	}
	return name, &cx, nil
}

// contextLayer is the config layer of the active context (nil for the default one):
// its API and backend, its credential read from where it refers to, its tenant when
// given by id.
func (c *cli) contextLayer() (*config.Context, error) {
	name, cx, err := c.activeContext()
	if err != nil || cx == nil {
		return nil, err
	}
	l := &config.Context{Name: name, API: cx.API, Backend: cx.Backend}
	home, _ := os.UserHomeDir()
	if h := c.getenv("HOME"); h != "" {
		home = h
	}
	secret, where, ok, err := cx.Secret(c.getenv, home)
	if err != nil {
		return nil, fmt.Errorf("context %s: %w", name, err)
	}
	if ok {
		if cx.IsToken() {
			l.AuthToken = secret
		} else {
			l.APIKey = secret
		}
		l.CredentialFrom = where
	}
	if _, err := uuid.Parse(cx.Tenant); err == nil {
		l.TenantID = cx.Tenant
	}
	return l, nil
}

// contextTenant logs acct in to the active context's tenant when the context names
// it by slug (an id goes in through the config layer), unless --tenant-id chose one.
func (c *cli) contextTenant(ctx context.Context, acct *apiauth.Login) error {
	if c.flags.TenantID != "" {
		return nil
	}
	name, cx, err := c.activeContext()
	if err != nil || cx == nil || cx.Tenant == "" || acct.TenantID == cx.Tenant || acct.TenantSlug == cx.Tenant {
		return err
	}
	if _, err := uuid.Parse(cx.Tenant); err == nil {
		return nil
	}
	t, err := acct.FindTenant(ctx, cx.Tenant, "")
	if err != nil {
		return fmt.Errorf("context %s: %w", name, err)
	}
	return acct.Switch(ctx, t)
}

// readOnly is --read-only or the active context's read-only flag.
func (c *cli) readOnly() bool {
	if c.flags.ReadOnly {
		return true
	}
	_, cx, err := c.activeContext()
	return err == nil && cx != nil && cx.ReadOnly
}

// explorerLook is the explorer's theme (--theme, else the file's, else auto), the
// active context's band colour and the command aliases of the settings file.
func (c *cli) explorerLook() (theme, band string, aliases map[string]string, err error) {
	uc, err := c.userConfig()
	if err != nil {
		return "", "", nil, err
	}
	theme = uc.Theme
	if c.flags.Theme != "" {
		theme = c.flags.Theme
	}
	if theme != "" && !oneOf(userconfig.Themes, theme) {
		return "", "", nil, usagef("--theme must be auto, dark, light or none, not %q", theme)
	}
	if _, cx, err := c.activeContext(); err == nil && cx != nil {
		band = cx.Color
	}
	return theme, band, uc.Aliases, nil
}

func oneOf(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
