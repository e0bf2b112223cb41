package auth_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
)

// userRoots are the root fields a USER token (no tenant) may use: the tenants it is a
// member of (not their data, see server/engine/DESIGN.md "Tenant scoping"),
// the Cloud auth surface of cloud.graphql, and the API's own tenant-free facts.
var userRoots = map[string]bool{
	"tenant": true, "tenant_aggregate": true, "tenant_by_pk": true,
	"user": true, "membership": true, "auth_info": true, "api_token": true, "auth_api_key": true,
	"create_api_token": true, "delete_api_token": true, "switch_tenant": true, "refresh_token": true,
	"log_in": true, "log_out": true, "create_api_key": true, "delete_api_key": true,
	// tenant-free facts about the API itself
	"hello": true, "api": true, "reference_data": true,
}

// TestUserTokenRootFields: with a USER token, every root field outside userRoots (every
// table, aggregate and by-pk field, Prefect's own queries and mutations) fails with
// UNAUTHENTICATED (or NOT_SUPPORTED, for the few fields the embedded server lacks) and
// changes no tenant's rows.
func TestUserTokenRootFields(t *testing.T) {
	c := newCloudScale(t, time.Hour, 4)
	schema, err := server.Schema()
	if err != nil {
		t.Fatal(err)
	}
	fp := collectForeign(t, c, prodID) // ids of a member tenant, for arguments
	tenants := []string{prodID, stagingID, sandboxID}
	before := make([]string, len(tenants))
	for i, tn := range tenants {
		before[i] = snapshot(t, c, tn)
	}
	type field struct{ op, name string }
	var fields []field
	for _, fd := range schema.Query.Fields {
		fields = append(fields, field{"", fd.Name})
	}
	for _, fd := range schema.Mutation.Fields {
		fields = append(fields, field{"mutation ", fd.Name})
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i].op+fields[i].name < fields[j].op+fields[j].name })
	checked := 0
	for _, f := range fields {
		if strings.HasPrefix(f.name, "__") || userRoots[f.name] {
			continue
		}
		def := schema.Query
		if f.op != "" {
			def = schema.Mutation
		}
		q := f.op + "{ " + fp.call(t, schema, def.Fields.ForName(f.name), strings.TrimSuffix(f.name, "_by_pk")) + " }"
		// a member tenant has no row for some ids (cloud hooks, artifacts): any uuid will do
		q = strings.ReplaceAll(q, `: ""`, `: "00000000-0000-4000-8000-000000000001"`)
		r := c.do(c.user(), q, nil)
		// NOT_SUPPORTED: the embedded server does not implement the field at all.
		if r.code() != "UNAUTHENTICATED" && r.code() != "NOT_SUPPORTED" {
			t.Errorf("%s as USER: code %q (%s)\n%s", f.name, r.code(), r.msg(), q)
		}
		if v := get(r.Data, f.name); v != nil {
			t.Errorf("%s as USER answered %v", f.name, v)
		}
		checked++
	}
	if checked < 60 {
		t.Fatalf("only %d root fields checked", checked)
	}
	for i, tn := range tenants {
		if snapshot(t, c, tn) != before[i] {
			t.Errorf("tenant %s changed under USER-token mutations", tn)
		}
	}
}
