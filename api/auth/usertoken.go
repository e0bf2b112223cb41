package auth

import (
	"time"

	"github.com/prefect-tui/prefect-tui/api"
)

// UserToken is the USER-token credential of the api package, which the logins here
// are built on.
type UserToken = api.UserToken

// RefreshMargin is api.RefreshMargin.
const RefreshMargin = api.RefreshMargin

// ErrLoggedOut is api.ErrLoggedOut.
var ErrLoggedOut = api.ErrLoggedOut

// NewUserToken is api.NewUserToken.
func NewUserToken(base *api.Client, token string, now func() time.Time) *UserToken {
	return api.NewUserToken(base, token, now)
}
