package api_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/prefect-tui/prefect-tui/api"
	gb "github.com/prefect-tui/prefect-tui/api/gqlbuild"
)

// Log in with a USER API token and list the tenants it can use.
func ExampleNewUserToken() {
	endpoint, token := cloudAPI()
	ctx := context.Background()

	c := api.NewClient(api.ClientOptions{Endpoint: endpoint})
	user := api.NewUserToken(c, token, nil)
	resp, err := api.ListTenants(ctx, c.WithCredentials(user))
	if err != nil {
		fmt.Println(api.Describe(err))
		return
	}
	for _, t := range resp.Tenant {
		fmt.Println(t.Slug, t.Name)
	}
	// Output:
	// production Production
	// sandbox Sandbox
	// staging Staging
}

// Switch to a tenant: the USER token logs in to it and the client acts in it, renewing
// the short-lived access token as it goes.
func ExampleUserToken_SwitchTenant() {
	endpoint, token := cloudAPI()
	ctx := context.Background()

	c := api.NewClient(api.ClientOptions{Endpoint: endpoint})
	user := api.NewUserToken(c, token, nil)
	tenants, err := api.ListTenants(ctx, c.WithCredentials(user))
	if err != nil {
		fmt.Println(api.Describe(err))
		return
	}
	for _, t := range tenants.Tenant {
		if t.Slug != "staging" {
			continue
		}
		if err := user.SwitchTenant(ctx, t.Id); err != nil {
			fmt.Println(api.Describe(err))
			return
		}
	}
	staging := c.WithCredentials(user)
	info, err := api.AuthInfo(ctx, staging)
	if err != nil {
		fmt.Println(api.Describe(err))
		return
	}
	projects, err := api.FindProjects(ctx, staging, 0)
	if err != nil {
		fmt.Println(api.Describe(err))
		return
	}
	fmt.Println("acting in tenant", info.Auth_info.Tenant_id)
	fmt.Println("projects:", len(projects) > 0)
	// Output:
	// acting in tenant 7e4a0000-0000-4000-8000-0000000000a2
	// projects: true
}

// List the failed flow runs of a flow, newest first.
func ExampleFindFlowRuns() {
	c := api.NewClient(api.ClientOptions{Endpoint: serverAPI()})
	runs, err := api.FindFlowRuns(context.Background(), c, api.FlowRunFilter{States: []string{"Failed"}}, 3)
	if err != nil {
		fmt.Println(api.Describe(err))
		return
	}
	for _, r := range runs {
		fmt.Println(*r.State, r.Flow.Name, r.Scheduled_start_time.Format("2006-01-02 15:04"))
	}
	// Output:
	// Failed s3-ingest 2026-03-14 11:25
	// Failed kpi-digest 2026-03-14 10:40
	// Failed etl-payments 2026-03-10 08:51
}

// Set a flow run's state: here a failed run is set to Scheduled, which restarts it.
func ExampleSetFlowRunState() {
	ctx := context.Background()
	c := api.NewClient(api.ClientOptions{Endpoint: scratchAPI()})
	runs, err := api.FindFlowRuns(ctx, c, api.FlowRunFilter{States: []string{"Failed"}}, 1)
	if err != nil || len(runs) == 0 {
		fmt.Println("no failed run:", api.Describe(err))
		return
	}
	run := runs[0]
	status, err := api.SetFlowRunState(ctx, c, api.StateChange{
		RunID: run.Id, State: "Scheduled", Message: "restarted by a script", Version: &run.Version,
	})
	if err != nil {
		fmt.Println(api.Describe(err))
		return
	}
	after, err := api.DescribeRef(ctx, c, run.Id)
	if err != nil {
		fmt.Println(api.Describe(err))
		return
	}
	fmt.Println(status, *after.Run.State, *after.Run.State_message)
	// Output:
	// SUCCESS Scheduled restarted by a script
}

// Send a free-form query built from Go values, as Prefect's Python client builds
// queries from dicts, and decode the answer into a struct.
func ExampleDo() {
	c := api.NewClient(api.ClientOptions{Endpoint: serverAPI()})
	q := gb.Query("Late",
		gb.Field("flow_run_aggregate").
			Args(gb.Args{"where": gb.Object{"state": gb.Object{"_eq": gb.Var("state")}}}).
			Select(gb.Field("aggregate").Select("count")),
	).Var("state", "String!")
	var out struct {
		Agg struct {
			Aggregate struct{ Count int } `json:"aggregate"`
		} `json:"flow_run_aggregate"`
	}
	err := api.Do(context.Background(), c, q, map[string]any{"state": "Failed"}, &out)
	if err != nil {
		fmt.Println(api.Describe(err))
		return
	}
	fmt.Println("failed runs:", out.Agg.Aggregate.Count > 0)
	// Output:
	// failed runs: true
}

// Errors are values: a GraphQL error carries its code, a refused credential is an
// *AuthError.
func ExampleGraphQLError() {
	c := api.NewClient(api.ClientOptions{Endpoint: serverAPI()})
	err := api.Do(context.Background(), c, api.Text(`{ flow_run { no_such_field } }`), nil, nil)
	var gerr *api.GraphQLError
	if errors.As(err, &gerr) {
		fmt.Println(gerr.StatusCode, gerr.Code(), strings.Contains(gerr.Error(), "no_such_field"))
	}

	endpoint, _ := cloudAPI()
	bad := api.NewClient(api.ClientOptions{Endpoint: endpoint, Credentials: api.BearerToken("not-a-valid-token-123")})
	_, err = api.ListTenants(context.Background(), bad)
	var aerr *api.AuthError
	fmt.Println(errors.As(err, &aerr))
	// Output:
	// 400 GRAPHQL_VALIDATION_FAILED true
	// true
}
