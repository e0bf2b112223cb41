package auth_test

import (
	"strings"
	"testing"
	"time"
)

// TestListingsHonourHasuraArgs: the Cloud listings take where (operators, _or/_not,
// relationships), order_by (nested, nulls), limit and offset like the Hasura tables.
func TestListingsHonourHasuraArgs(t *testing.T) {
	c := newCloudScale(t, time.Minute, 5)
	access, _ := c.login(c.user(), prodID)
	admin := cred{name: "admin", bearer: access}
	for _, n := range []string{"alpha", "beta", "gamma", "delta"} {
		c.createToken(admin, n, "TENANT")
	}
	names := func(q string) string {
		t.Helper()
		var out []string
		for _, r := range c.ok(admin, q, nil)["api_token"].([]any) {
			out = append(out, getStr(r, "name"))
		}
		return strings.Join(out, ",")
	}
	for q, want := range map[string]string{
		`{ api_token(where: {scope: {_eq: "TENANT"}}, order_by: {name: asc}) { name } }`:                                        "alpha,beta,delta,gamma",
		`{ api_token(where: {scope: {_eq: "TENANT"}}, order_by: [{name: desc}], limit: 2, offset: 1) { name } }`:                "delta,beta",
		`{ api_token(where: {name: {_ilike: "%A"}, scope: {_neq: "USER"}}, order_by: {name: asc}) { name } }`:                   "alpha,beta,delta,gamma",
		`{ api_token(where: {_or: [{name: {_eq: "beta"}}, {name: {_like: "g%"}}]}, order_by: {name: asc}) { name } }`:           "beta,gamma",
		`{ api_token(where: {_not: {scope: {_in: ["TENANT"]}}}) { name } }`:                                                     "demo login",
		`{ api_token(where: {created_by: {username: {_eq: "demo"}}, name: {_in: ["delta"]}}) { name } }`:                        "delta",
		`{ api_token(where: {created_by: {username: {_eq: "nobody"}}}) { name } }`:                                              "",
		`{ api_token(where: {last_used: {_is_null: true}, scope: {_eq: "TENANT"}}, order_by: {name: asc}, limit: 1) { name } }`: "alpha",
	} {
		if got := names(q); got != want {
			t.Errorf("%s\n got %q, want %q", q, got, want)
		}
	}
	// membership: nested order through the tenant relationship, as the USER token sees it.
	d := c.ok(c.user(), `{ membership(order_by: {tenant: {slug: desc}}) { role tenant { slug } } }`, nil)
	var slugs []string
	for _, m := range d["membership"].([]any) {
		slugs = append(slugs, getStr(m, "tenant", "slug"))
	}
	if strings.Join(slugs, ",") != "staging,sandbox,production" {
		t.Fatalf("memberships by slug desc: %v", slugs)
	}
	d = c.ok(c.user(), `{ user { username memberships(order_by: {role: asc}) { role } } }`, nil)
	if getStr(d["user"].([]any)[0], "username") != "demo" {
		t.Fatalf("user = %v", d)
	}
}
