package cli

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	apiauth "github.com/prefect-tui/prefect-tui/api/auth"
	"github.com/prefect-tui/prefect-tui/api/config"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

// login is the credential a command uses, as resolveLogin found it.
type login struct {
	// Credentials authenticate requests; nil sends none (Prefect Server).
	Credentials api.Credentials
	// TenantID / TenantSlug / TenantName: the active tenant, "" when not known yet.
	TenantID, TenantSlug, TenantName string
	// Identity describes the credential without the secret: "API key …a1b2".
	Identity string
	// Source says where it came from: "env PREFECT__CLOUD__API_KEY", "flag --token".
	Source string
	// Account is the login the explorer's tenant picker, API tokens and login screens
	// show and change (Prefect Cloud only; nil on Server).
	Account apiauth.Account
	// Start, when set, replaces the explorer's first screen (the tenant picker for a
	// USER token without a tenant, the login screen when Cloud has no credential).
	Start *screen.Route
}

// staticLogin sends cloud.api_key (with cloud.tenant_id) or cloud.auth_token as they
// are, as Prefect 1.x does for API keys and TENANT/RUNNER tokens.
func staticLogin(s *config.Settings) login {
	switch {
	case s.APIKey.Set() && (!s.AuthToken.Set() || s.APIKey.Source >= s.AuthToken.Source):
		return login{
			Credentials: api.APIKey(s.APIKey.Value, s.TenantID.Value),
			TenantID:    s.TenantID.Value,
			Identity:    "API key " + api.Fingerprint(s.APIKey.Value),
			Source:      s.APIKey.Where(),
		}
	case s.AuthToken.Set():
		return login{
			Credentials: api.BearerToken(s.AuthToken.Value),
			Identity:    "API token " + api.Fingerprint(s.AuthToken.Value),
			Source:      s.AuthToken.Where(),
		}
	}
	return login{}
}

// settings resolves the configuration with the global flags on top. When nothing sets
// the backend and a Cloud credential exists for the API Cloud would use (a key or
// token by flag, environment or config.toml, a saved login, Prefect's auth.toml), the
// backend is Cloud, and Settings.Backend says why (Source config.SourceInferred).
func (c *cli) settings() (*config.Settings, error) {
	opts, err := c.configOptions()
	if err != nil {
		return nil, err
	}
	s, err := config.Load(opts)
	if err != nil || s.Backend.Source != config.SourceDefault {
		return s, err
	}
	if why := c.cloudCredential(opts); why != "" {
		opts.DefaultBackend = config.Value{Value: "cloud", Origin: why}
		return config.Load(opts)
	}
	return s, nil
}

// configOptions are the config.Load options of the cli's environment, active context
// and flags.
func (c *cli) configOptions() (config.Options, error) {
	layer, err := c.contextLayer()
	if err != nil {
		return config.Options{}, err
	}
	return config.Options{
		Environ: c.environ,
		Context: layer,
		Flags: config.Flags{
			API:       c.flags.API,
			Backend:   c.flags.Backend,
			AuthToken: c.flags.Token,
			APIKey:    c.flags.APIKey,
			TenantID:  c.flags.TenantID,
		},
	}, nil
}

// cloudCredential says where the credential is that Cloud would use with opts ("" when
// there is none): what settings picks the Cloud backend by.
func (c *cli) cloudCredential(opts config.Options) string {
	opts.DefaultBackend = config.Value{Value: "cloud"}
	cs, err := config.Load(opts)
	if err != nil {
		return ""
	}
	st, _, err := c.openStore()
	if err != nil {
		st = nil
	}
	cred, err := apiauth.Resolve(cs, cs.Endpoint, st)
	if err != nil {
		return ""
	}
	return "no backend is set and a Cloud credential was found (" + cred.Source + ")"
}

// connection is what a command needs to talk to the API.
type connection struct {
	Settings *config.Settings
	Login    login
	Client   *api.Client
	Session  screen.Session
}

// newClient builds the program's one client for s (flags' --timeout over
// cloud.request_timeout).
func (c *cli) newClient(s *config.Settings, creds api.Credentials, l *log.Logger) *api.Client {
	timeout := s.RequestTimeout
	if c.flags.Timeout > 0 {
		timeout = c.flags.Timeout
	}
	return api.NewClient(api.ClientOptions{
		Endpoint:    s.Endpoint,
		Timeout:     timeout,
		Credentials: creds,
		UserAgent:   "prefect-tui/" + c.version,
		Log:         l,
	})
}

// connect resolves settings and credentials and builds the client and session. It
// sends nothing but what resolveLogin sends.
func (c *cli) connect(ctx context.Context, l *log.Logger) (*connection, error) {
	s, err := c.settings()
	if err != nil {
		return nil, err
	}
	return c.connectTo(ctx, s, l)
}

// connectTo is connect with settings already resolved.
func (c *cli) connectTo(ctx context.Context, s *config.Settings, l *log.Logger) (*connection, error) {
	return c.connectWith(ctx, s, l, serverTenant{})
}

// connectWith is connectTo with the tenant checkAPI found on Prefect Server (zero when
// unknown): Server has no credentials to say which tenant is in use, so the explorer
// takes the first one created, as Prefect's client does.
func (c *cli) connectWith(ctx context.Context, s *config.Settings, l *log.Logger, t serverTenant) (*connection, error) {
	base := c.newClient(s, nil, l)
	lg, err := c.resolveLogin(ctx, s, base, l)
	if err != nil {
		return nil, err
	}
	client := base
	if lg.Credentials != nil {
		client = base.WithCredentials(lg.Credentials)
	}
	if s.Backend.Value != "cloud" && lg.TenantID == "" && t.ID != "" {
		lg.TenantID, lg.TenantSlug, lg.TenantName = t.ID, t.Slug, t.Name
	}
	return &connection{
		Settings: s,
		Login:    lg,
		Client:   client,
		Session: screen.Session{
			APIURL:     s.Endpoint,
			Backend:    s.Backend.Value,
			TenantID:   lg.TenantID,
			TenantSlug: lg.TenantSlug,
			TenantName: lg.TenantName,
			UIURL:      s.UI.Value,
			Identity:   lg.Identity,
		},
	}, nil
}

// serverTenant is a tenant as checkAPI reads it from Prefect Server.
type serverTenant struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// checkAPI asks the API for `hello` once, without credentials, with a short timeout
// (--timeout when given) and no retries, before :ctx switches to another context, so
// that a context whose API is down is refused with a clear message. Any GraphQL answer
// counts (Cloud answers UNAUTHENTICATED without a credential); no answer, or a
// non-GraphQL one, is an error. On Prefect Server the same request reads the default
// tenant, returned for connectWith (zero when there is none or it could not be read).
func (c *cli) checkAPI(ctx context.Context, s *config.Settings) (serverTenant, error) {
	timeout := c.checkTimeout
	if c.flags.Timeout > 0 {
		timeout = c.flags.Timeout
	}
	probe := api.NewClient(api.ClientOptions{
		Endpoint:  s.Endpoint,
		Timeout:   timeout,
		UserAgent: "prefect-tui/" + c.version,
		Retry:     api.RetryPolicy{MaxAttempts: 1},
	})
	var t serverTenant
	var err error
	if s.Backend.Value == "cloud" {
		_, err = api.Hello(ctx, probe)
	} else {
		var data *api.CheckServerResponse
		data, err = api.CheckServer(ctx, probe)
		if err == nil && len(data.Tenant) > 0 {
			t = serverTenant{ID: data.Tenant[0].Id, Slug: data.Tenant[0].Slug, Name: data.Tenant[0].Name}
		}
	}
	if err == nil || ctx.Err() != nil {
		return t, ctx.Err()
	}
	if isGraphQLAnswer(err) || api.IsUnauthenticated(err) {
		return serverTenant{}, nil
	}
	return serverTenant{}, noAPIError(s.Endpoint, err)
}

// noAnswer reports whether err means nothing answered: no connection, a timeout, or
// an answer that is not GraphQL (a proxy's error page). A refused credential or GraphQL
// errors are answers.
func noAnswer(err error) bool {
	if err == nil || isGraphQLAnswer(err) || api.IsUnauthenticated(err) {
		return false
	}
	var herr *graphql.HTTPError
	var terr *api.TimeoutError
	var uerr *url.Error
	var nerr net.Error
	return errors.As(err, &herr) || errors.As(err, &terr) || errors.As(err, &uerr) || errors.As(err, &nerr)
}

// noAPIError says that nothing answered at endpoint, and what to try.
func noAPIError(endpoint string, err error) error {
	msg := api.Describe(err)
	if !strings.Contains(msg, "prefect-tui demo") {
		msg = "no Prefect API answered at " + endpoint + " (" + msg + ") — is it running? Try `prefect-tui demo`, or point --api at your server"
	}
	return errors.New(msg)
}

// isGraphQLAnswer reports whether err carries GraphQL errors from a server that
// understood the request (HTTP 200 or 400 with an errors list).
func isGraphQLAnswer(err error) bool {
	var herr *graphql.HTTPError
	if errors.As(err, &herr) {
		return herr.StatusCode == http.StatusBadRequest && len(herr.Response.Errors) > 0
	}
	var list gqlerror.List
	return errors.As(err, &list)
}
