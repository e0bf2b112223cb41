package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/answer"
)

// printAnswer prints the data (unless it is null next to errors) on stdout, then the
// GraphQL errors on stderr.
func (c *cli) printAnswer(res api.RawResult, output string) error {
	if string(res.Data) != "null" || len(res.Errors) == 0 {
		if err := writeAnswer(c.stdout, res.Data, output); err != nil {
			return err
		}
	}
	if len(res.Errors) > 0 {
		c.printErrors(res.Errors)
		return errReported
	}
	return nil
}

// printErrors prints GraphQL errors on stderr, one a line with its position, scrubbed
// of credentials.
func (c *cli) printErrors(errs gqlerror.List) {
	for _, e := range errs {
		fmt.Fprintln(c.stderr, "error:", api.Scrub(queryErrorLine(e.Message, e.Locations)))
	}
}

func queryErrorLine(msg string, locs []gqlerror.Location) string {
	if len(locs) > 0 {
		return fmt.Sprintf("%d:%d %s", locs[0].Line, locs[0].Column, msg)
	}
	return msg
}

// writeAnswer prints data as indented JSON, or as a table of its first list of
// objects.
func writeAnswer(w io.Writer, data []byte, output string) error {
	if output == "json" {
		var out strings.Builder
		var v json.RawMessage = data
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return fmt.Errorf("the answer is not JSON: %w", err)
		}
		out.Write(b)
		out.WriteByte('\n')
		_, err = io.WriteString(w, out.String())
		return err
	}
	t, err := answer.Parse(data)
	if err != nil {
		return err
	}
	i := t.FirstTable(0)
	if i < 0 {
		return errors.New("the answer has no list of objects to show as a table (use --output json)")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, rec := range answer.NewTable(t, i).Records(true) {
		fmt.Fprintln(tw, strings.Join(rec, "\t"))
	}
	return tw.Flush()
}
