package cli

import (
	"strconv"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/api"
)

func newGetAgentsCmd(c *cli) *cobra.Command {
	var output string
	var limit int
	cmd := &cobra.Command{
		Use:     "agents",
		Aliases: []string{"agent"},
		Short:   "Print the agents, the newest first, with the flow runs each is running",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := checkOutput(output)
			if err != nil {
				return err
			}
			client, done, err := c.client(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			agents, err := api.FindAgents(cmd.Context(), client, limit)
			if err != nil {
				return err
			}
			return show(c.stdout, format, agents, func() *table { return agentsTable(agents) })
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 0, "at most this many agents (0: all)")
	addOutputFlag(cmd, &output, outTable)
	return cmd
}

func agentsTable(agents []api.Agent) *table {
	t := newTableOf(col("id"), col("name"), col("type"), col("labels"), col("last queried"), col("running"),
		wcol("core version"), wcol("created"))
	for _, a := range agents {
		t.add(a.Id, str(a.Name), str(a.Type), labels(a.Labels), when(a.Last_queried),
			strconv.Itoa(a.Running.Aggregate.Count), str(a.Core_version), when(&a.Created))
	}
	return t.shortIDs()
}

func newGetProjectsCmd(c *cli) *cobra.Command {
	var output string
	var limit int
	cmd := &cobra.Command{
		Use:     "projects",
		Aliases: []string{"project"},
		Short:   "Print the projects by name, with how many flows each has",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := checkOutput(output)
			if err != nil {
				return err
			}
			client, done, err := c.client(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			projects, err := api.FindProjects(cmd.Context(), client, limit)
			if err != nil {
				return err
			}
			return show(c.stdout, format, projects, func() *table { return projectsTable(projects) })
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 0, "at most this many projects (0: all)")
	addOutputFlag(cmd, &output, outTable)
	return cmd
}

func projectsTable(projects []api.Project) *table {
	t := newTableOf(col("id"), col("name"), col("flows"), col("description"), wcol("created"))
	for _, p := range projects {
		t.add(p.Id, p.Name, strconv.Itoa(p.Flows.Aggregate.Count), str(p.Description), when(&p.Created))
	}
	return t.shortIDs()
}
