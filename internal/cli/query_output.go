package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/vektah/gqlparser/v2/ast"
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
		fmt.Fprintln(c.stderr, "error:", api.Scrub(queryErrorLine(e.Message, e.Locations, e.Path)))
	}
}

// queryErrorLine is an error with its position, or the variable it is about (the
// server's errors about variables have the path ["variable", name]).
func queryErrorLine(msg string, locs []gqlerror.Location, path ast.Path) string {
	if len(path) > 1 && path[0] == ast.PathName("variable") {
		if name, ok := path[1].(ast.PathName); ok {
			return "variable $" + string(name) + ": " + msg
		}
	}
	if len(locs) > 0 {
		return fmt.Sprintf("%d:%d %s", locs[0].Line, locs[0].Column, msg)
	}
	return msg
}

// writeAnswer prints data as indented JSON or YAML, or (table, wide) as one table per
// root field: a list of objects by its members, an object as a one-row table, a
// scalar or a list of scalars as one column, an empty list as "(none)". With several root fields each table is
// titled with the field's name (or alias).
func writeAnswer(w io.Writer, data []byte, output string) error {
	if structured(output) {
		return writeDataJSON(w, output, data)
	}
	t, err := answer.Parse(data)
	if err != nil {
		return err
	}
	if t.Nodes[0].Kind != answer.Object {
		return errors.New("the answer's data is not an object (use --output json)")
	}
	fields := t.Children(0)
	for k, f := range fields {
		if len(fields) > 1 {
			if k > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintln(w, t.Nodes[f].Key)
		}
		if n := &t.Nodes[f]; n.Kind == answer.Array && n.Count == 0 {
			fmt.Fprintln(w, "(none)")
			continue
		}
		if err := fieldTable(t, int(f)).write(w, true); err != nil {
			return err
		}
	}
	return nil
}

// fieldTable is root field i of an answer as a table.
func fieldTable(t *answer.Tree, i int) *table {
	n := &t.Nodes[i]
	switch {
	case t.IsTable(i):
		recs := answer.NewTable(t, i).Records(true)
		tb := &table{keepCase: true}
		for _, c := range recs[0] {
			tb.cols = append(tb.cols, col(c))
		}
		tb.rows = recs[1:]
		return tb
	case n.Kind == answer.Object:
		tb := &table{keepCase: true}
		var row []string
		for _, c := range t.Children(i) {
			tb.cols = append(tb.cols, col(t.Nodes[c].Key))
			row = append(row, cell(t, int(c)))
		}
		tb.add(row...)
		return tb
	case n.Kind == answer.Array:
		tb := &table{cols: []column{col(n.Key)}, keepCase: true}
		for _, c := range t.Children(i) {
			tb.add(cell(t, int(c)))
		}
		return tb
	}
	tb := &table{cols: []column{col(n.Key)}, keepCase: true}
	tb.add(cell(t, i))
	return tb
}

// cell is a value in a table: a scalar's text, a container as compact JSON.
func cell(t *answer.Tree, i int) string {
	n := &t.Nodes[i]
	switch {
	case n.Container():
		return t.JSON(i)
	case n.Kind == answer.Null:
		return ""
	}
	return n.Value
}
