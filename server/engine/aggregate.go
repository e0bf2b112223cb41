package engine

import (
	"fmt"
	"strings"

	"github.com/prefect-tui/prefect-tui/server/catalog"
)

// aggregate compiles a T_aggregate selection over the rows SELECT inner.
// countAll, when set, is the stored count of the rows (compiler.storedCount).
func (c *compiler) aggregate(t *catalog.Table, inner, a string, f *cfield, countAll string) (string, error) {
	fields := c.x.collect(f.Sels, t.Name+"_aggregate")
	var parts []string
	var reads []string // the expressions reading the rows, each under its alias
	for _, sf := range fields {
		var e string
		switch sf.Name {
		case "__typename":
			e = lit(t.Name + "_aggregate")
		case "nodes":
			b := c.alias()
			o, err := c.object(t, b, sf)
			if err != nil {
				return "", err
			}
			reads = append(reads, renameRefs(strings.ReplaceAll(o, inner, ""), b, a))
			e = "json((SELECT json_group_array(" + o + ") FROM (" + c.listed(inner) + ") AS " + b + "))"
		case "aggregate":
			b := c.alias()
			if c.aggregateLeaves(t, sf) <= 2 {
				// One scalar subquery per value: no JSON to re-parse, and the
				// common { count } is a single indexed count.
				from := " FROM (" + inner + ") AS " + b
				o, err := c.aggregateFields(t, b, sf, func(e string) string { return "(SELECT " + e + from + ")" }, countAll)
				if err != nil {
					return "", err
				}
				reads = append(reads, renameRefs(strings.ReplaceAll(o, inner, ""), b, a))
				e = o
				break
			}
			o, err := c.aggregateFields(t, b, sf, func(e string) string { return e }, countAll)
			if err != nil {
				return "", err
			}
			reads = append(reads, renameRefs(strings.ReplaceAll(o, inner, ""), b, a))
			e = "json((SELECT " + o + " FROM (" + inner + ") AS " + b + "))"
		default:
			return "", &Error{Message: fmt.Sprintf("unknown aggregate field %q", sf.Name), Code: CodeValidationFailed}
		}
		parts = append(parts, lit(sf.Alias), e)
	}
	return selectColumns(jsonObject(parts), a, reads...), nil
}

// aggFunc maps Hasura's aggregate names to SQL functions.
var aggFunc = map[string]string{
	"max": "max", "min": "min", "sum": "sum", "avg": "avg",
	"stddev": "pg_stddev_samp", "stddev_samp": "pg_stddev_samp", "stddev_pop": "pg_stddev_pop",
	"variance": "pg_var_samp", "var_samp": "pg_var_samp", "var_pop": "pg_var_pop",
}

// aggregateLeaves counts the aggregate values a T_aggregate_fields selection asks for.
func (c *compiler) aggregateLeaves(t *catalog.Table, f *cfield) int {
	n := 0
	for _, sf := range c.x.collect(f.Sels, t.Name+"_aggregate_fields") {
		switch sf.Name {
		case "__typename":
		case "count":
			n++
		default:
			n += len(c.x.collect(sf.Sels, t.Name+"_"+sf.Name+"_fields"))
		}
	}
	return n
}

// aggregateFields compiles a T_aggregate_fields selection over rows aliased b; leaf
// wraps each aggregate expression (identity inside one SELECT over the rows, or a
// scalar subquery per value).
func (c *compiler) aggregateFields(t *catalog.Table, b string, f *cfield, leaf func(string) string, countAll string) (string, error) {
	fields := c.x.collect(f.Sels, t.Name+"_aggregate_fields")
	var parts []string
	for _, sf := range fields {
		var e string
		switch sf.Name {
		case "__typename":
			e = lit(t.Name + "_aggregate_fields")
		case "count":
			var err error
			e, err = countExpr(t, b, c.x.args(sf.Field))
			if err != nil {
				return "", err
			}
			if e == "count(*)" && countAll != "" {
				e = countAll
				break
			}
			e = leaf(e)
		default:
			fn, ok := aggFunc[sf.Name]
			if !ok {
				return "", &Error{Message: fmt.Sprintf("unknown aggregate %q", sf.Name), Code: CodeValidationFailed}
			}
			var inner []string
			for _, cf := range c.x.collect(sf.Sels, t.Name+"_"+sf.Name+"_fields") {
				if cf.Name == "__typename" {
					inner = append(inner, lit(cf.Alias), lit(t.Name+"_"+sf.Name+"_fields"))
					continue
				}
				if t.Column(cf.Name) == nil {
					return "", &Error{Message: fmt.Sprintf("unknown column %q", cf.Name), Code: CodeValidationFailed}
				}
				inner = append(inner, lit(cf.Alias), leaf(fn+"("+col(b, cf.Name)+")"))
			}
			e = jsonObject(inner)
		}
		parts = append(parts, lit(sf.Alias), e)
	}
	return jsonObject(parts), nil
}

func countExpr(t *catalog.Table, b string, args map[string]any) (string, error) {
	cols, err := distinctCols(t, args["columns"])
	if err != nil {
		return "", err
	}
	distinct, _ := args["distinct"].(bool)
	switch {
	case len(cols) == 0:
		return "count(*)", nil
	case len(cols) == 1 && distinct:
		return "count(DISTINCT " + col(b, cols[0]) + ")", nil
	case len(cols) == 1:
		return "count(" + col(b, cols[0]) + ")", nil
	case distinct:
		parts := make([]string, len(cols))
		for i, cl := range cols {
			parts[i] = col(b, cl)
		}
		return "count(DISTINCT json_array(" + strings.Join(parts, ", ") + "))", nil
	}
	// Postgres COUNT((a, b)) counts every row: a row value is never NULL to count.
	return "count(*)", nil
}
