package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/api/gqlprep"
)

// errMutationNeedsYes refuses a mutation that nobody can be asked about.
var errMutationNeedsYes = errors.New("this is a mutation: add --yes to send it")

// confirmMutation asks on the terminal before a mutation is sent, as the explorer
// does before an action: the fields it calls and the API, then "[y/N]". Without a
// terminal on stdin and stderr (a script, a pipe, or the operation itself read from
// stdin) there is nobody to ask, and only --yes sends it.
func (c *cli) confirmMutation(plan gqlprep.Plan, apiURL string, stdinUsed bool) error {
	if stdinUsed || !c.isTerminal(c.stdin) || !c.isTerminal(c.stderr) {
		return errMutationNeedsYes
	}
	fmt.Fprintf(c.stderr, "This mutation changes data: %s\non %s. Send it? [y/N] ", mutationFields(plan.Op), apiURL)
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(c.stderr)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return errors.New("not sent")
}

// mutationFields names the top-level fields of an operation: "set_flow_run_states,
// delete_flow_run".
func mutationFields(op *ast.OperationDefinition) string {
	if op == nil {
		return "?"
	}
	var names []string
	for _, sel := range op.SelectionSet {
		if f, ok := sel.(*ast.Field); ok {
			names = append(names, f.Name)
		}
	}
	return strings.Join(names, ", ")
}
