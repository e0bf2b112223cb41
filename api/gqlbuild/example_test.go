package gqlbuild_test

import (
	"fmt"

	gb "github.com/prefect-tui/prefect-tui/api/gqlbuild"
)

func Example() {
	q := gb.Query("Runs",
		gb.Field("flow_run").
			Args(gb.Args{
				"where":    gb.Object{"state": gb.Object{"_in": gb.Var("states")}},
				"order_by": gb.Object{"scheduled_start_time": gb.Enum("desc")},
				"limit":    50,
			}).
			Select("id", "name", gb.Field("flow").Select("name")),
	).Var("states", "[String!]")
	text, err := q.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(text)
	// Output:
	// query Runs($states: [String!]) {
	//   flow_run(limit: 50, order_by: {scheduled_start_time: desc}, where: {state: {_in: $states}}) {
	//     id
	//     name
	//     flow {
	//       name
	//     }
	//   }
	// }
}
