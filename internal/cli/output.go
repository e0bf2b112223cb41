package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// Output formats of -o, the same on every command that prints data.
const (
	outTable = "table" // columns for people (the default of get and describe)
	outWide  = "wide"  // table with every column and whole ids
	outJSON  = "json"  // the API's data as indented JSON
	outYAML  = "yaml"  // the same data as YAML
)

// outputFormats lists the formats for flag help and errors.
const outputFormats = "table, wide, json or yaml"

// addOutputFlag adds -o/--output to fs with the given default.
func addOutputFlag(cmd *cobra.Command, p *string, def string) {
	cmd.Flags().StringVarP(p, "output", "o", def, "output format: "+outputFormats)
}

// checkOutput validates -o; "text" is the table's old name on the auth commands.
func checkOutput(s string) (string, error) {
	switch strings.ToLower(s) {
	case outTable, "text", "":
		return outTable, nil
	case outWide:
		return outWide, nil
	case outJSON:
		return outJSON, nil
	case outYAML, "yml":
		return outYAML, nil
	}
	return "", usagef("--output must be %s, not %q", outputFormats, s)
}

// structured reports whether format prints data (json, yaml) rather than a table.
func structured(format string) bool { return format == outJSON || format == outYAML }

// writeData prints v as indented JSON or as YAML (format json or yaml).
func writeData(w io.Writer, format string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return writeDataJSON(w, format, b)
}

// writeCompactJSON prints v as one line of JSON.
func writeCompactJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// writeDataJSON prints the JSON document data as indented JSON or as YAML, keeping
// the order of object members.
func writeDataJSON(w io.Writer, format string, data []byte) error {
	if format == outYAML {
		return writeYAML(w, data)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, data, "", "  "); err != nil {
		return fmt.Errorf("the answer is not JSON: %w", err)
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// writeYAML prints a JSON document as YAML. JSON is YAML, so the YAML parser reads it
// into nodes (member order kept); clearing the flow and quoting styles makes the
// encoder write block YAML, quoting only strings that would read back as another type.
// Strings with line breaks become literal blocks.
func writeYAML(w io.Writer, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("the answer is not JSON: %w", err)
	}
	restyle(&doc)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	return enc.Close()
}

func restyle(n *yaml.Node) {
	n.Style = 0
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && strings.Contains(n.Value, "\n") {
		n.Style = yaml.LiteralStyle
	}
	for _, c := range n.Content {
		restyle(c)
	}
}

// table is what table and wide print: columns, some only in wide, and rows.
type table struct {
	cols []column
	rows [][]string
	// short: the first column holds ids, which table output shortens (shortLen).
	short bool
	// keepCase prints the column names as they are (GraphQL field names), not in
	// upper case.
	keepCase bool
}

type column struct {
	name string
	wide bool // shown with -o wide only
}

// col is a column shown in both table and wide; wcol one shown in wide only.
func col(name string) column  { return column{name: name} }
func wcol(name string) column { return column{name: name, wide: true} }

func newTableOf(cols ...column) *table { return &table{cols: cols} }

// add appends a row: one value per column, in order.
func (t *table) add(vals ...string) { t.rows = append(t.rows, vals) }

// write prints the table aligned, with upper-case headers; wide shows every column.
// Tabs and line breaks in values become spaces; an empty value prints as "-".
func (t *table) write(w io.Writer, wide bool) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	flat := strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ")
	idLen := t.shortLen()
	line := func(vals []string, header bool) {
		var parts []string
		for i, c := range t.cols {
			if c.wide && !wide {
				continue
			}
			v := ""
			if i < len(vals) {
				v = flat.Replace(vals[i])
			}
			if i == 0 && t.short && !wide && !header && len(v) > idLen {
				v = v[:idLen]
			}
			if v == "" && !header {
				v = "-"
			}
			parts = append(parts, v)
		}
		fmt.Fprintln(tw, strings.Join(parts, "\t"))
	}
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
		if !t.keepCase {
			names[i] = strings.ToUpper(c.name)
		}
	}
	line(names, true)
	for _, r := range t.rows {
		line(r, false)
	}
	return tw.Flush()
}

// show prints a command's result: data for json and yaml, the table for table and wide.
func show(w io.Writer, format string, data any, tb func() *table) error {
	if structured(format) {
		return writeData(w, format, data)
	}
	return tb().write(w, format == outWide)
}

// shortLen is how much of the ids table output prints: 8 characters, as the explorer
// shows them, or more where the rows' ids share longer prefixes (as time-ordered ids
// do), so that every printed id tells its row apart and can be given back as a prefix.
func (t *table) shortLen() int {
	n := 8
	for {
		seen := make(map[string]bool, len(t.rows))
		clash, longest := false, 0
		for _, r := range t.rows {
			if len(r) == 0 {
				continue
			}
			longest = max(longest, len(r[0]))
			p := r[0][:min(n, len(r[0]))]
			if seen[p] {
				clash = true
				break
			}
			seen[p] = true
		}
		if !clash || n >= longest {
			return n
		}
		n++
	}
}
