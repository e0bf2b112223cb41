package where_test

import (
	"testing"

	"github.com/prefect-tui/prefect-tui/api/where"
)

func TestShapes(t *testing.T) {
	for _, tc := range []struct {
		e    where.Exp
		want string
	}{
		{where.And(), `{}`},
		{where.And(where.Eq("state", "Failed")), `{"state":{"_eq":"Failed"}}`},
		{where.And(where.Eq("flow.flow_group_id", "g"), nil, where.Exp{}, where.In("state", []string{"A"})),
			`{"_and":[{"flow":{"flow_group_id":{"_eq":"g"}}},{"state":{"_in":["A"]}}]}`},
		{where.Or(where.Contains("name", "etl"), where.Contains("project.name", "etl")),
			`{"_or":[{"name":{"_ilike":"%etl%"}},{"project":{"name":{"_ilike":"%etl%"}}}]}`},
		{where.Field("start_time", "_is_null", true), `{"start_time":{"_is_null":true}}`},
	} {
		if got := string(tc.e.JSON()); got != tc.want {
			t.Errorf("got %s, want %s", got, tc.want)
		}
	}
}

func TestContainsIsLiteral(t *testing.T) {
	for in, want := range map[string]string{
		"etl": `%etl%`, "50%": `%50\%%`, "a_b": `%a\_b%`, `c:\tmp`: `%c:\\tmp%`,
	} {
		got := where.Contains("name", in)["name"].(where.Exp)["_ilike"]
		if got != want {
			t.Errorf("Contains(%q) = %q, want %q", in, got, want)
		}
	}
}
