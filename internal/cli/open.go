package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/ui/open"
	"github.com/prefect-tui/prefect-tui/ui/screen"
)

func newOpenCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "open <id>",
		Short: "Open the explorer on a flow, flow run, task run, project or flow group by id",
		Long: `Open the explorer directly on the entity with this id: a flow run, task run, flow,
flow group or project (prefect-tui finds out which). The start of an id is enough, such
as the 8 characters the explorer shows; when several ids start with it, the explorer
lists them.`,
		Example: `  prefect-tui open 4c6d3f1e-2a8b-4d3e-9c1f-0b7a5e6d8c21
  prefect-tui open 4c6d3f1e`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s := strings.TrimSpace(args[0])
			id, err := open.ParseID(s)
			if err != nil {
				return usagef("%q is not a UUID or the start of one", s)
			}
			if err := c.needTerminal(); err != nil {
				return err
			}
			return c.explore(cmd.Context(), screen.Route{Kind: screen.RouteOpen, ID: id.String()})
		},
	}
}
