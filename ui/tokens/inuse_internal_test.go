package tokens

import (
	"testing"

	"github.com/prefect-tui/prefect-tui/api/auth"
)

// TestInUse reads the session identity as the login writes it (auth.Login.Identity).
func TestInUse(t *testing.T) {
	user := func(id string) Token { return Token{Id: id, Scope: "USER"} }
	tenant := Token{Id: "t1", Scope: "TENANT"}
	token := (&auth.Login{Cred: auth.Credential{Kind: auth.KindToken, Secret: "pct_0123456789abcdef"}, Scope: "USER"}).Identity()
	key := (&auth.Login{Cred: auth.Credential{Kind: auth.KindAPIKey, Secret: "pnu_0123456789abcdef"}, Scope: "API_KEY"}).Identity()
	for _, c := range []struct {
		name, identity string
		t              Token
		all            []Token
		want           usage
	}{
		{"the only USER token", token, user("u1"), []Token{user("u1"), tenant}, usedForSure},
		{"one of two USER tokens", token, user("u1"), []Token{user("u1"), user("u2"), tenant}, usedMaybe},
		{"another scope", token, tenant, []Token{user("u1"), tenant}, usedNot},
		{"an API key uses no token", key, user("u1"), []Token{user("u1")}, usedNot},
		{"no identity", "", user("u1"), []Token{user("u1")}, usedNot},
	} {
		if got := inUse(c.identity, c.t, c.all); got != c.want {
			t.Errorf("%s (%q): %v, want %v", c.name, c.identity, got, c.want)
		}
	}
}
