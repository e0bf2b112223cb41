package gqlsyntax_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prefect-tui/prefect-tui/api/gqlsyntax"
)

func TestLexTolerant(t *testing.T) {
	src := "query Q($n: Int = -1.5e3) { # hi\n  a: f(s: \"x\\\"y\", b: \"\"\"blk\"\"\") @skip(if: true) { ...F ... on T { x } }\n} \"open ☃ ~"
	var got []string
	for _, tk := range gqlsyntax.Lex(src) {
		got = append(got, tk.Kind.String()+":"+tk.Text)
		if src[tk.Start:tk.End] != tk.Text {
			t.Fatalf("offsets of %q", tk.Text)
		}
	}
	want := `name:query name:Q punct:( variable:$n punct:: name:Int punct:= float:-1.5e3 punct:) punct:{ comment:# hi name:a punct:: name:f punct:( name:s punct:: string:"x\"y" name:b punct:: blockstring:"""blk""" punct:) punct:@ name:skip punct:( name:if punct:: name:true punct:) punct:{ punct:... name:F punct:... name:on name:T punct:{ name:x punct:} punct:} punct:} string:"open ☃ ~`
	if strings.Join(got, " ") != want {
		t.Fatalf("got\n%s", strings.Join(got, " "))
	}
	// Never panics on junk.
	for _, s := range []string{`"""unterminated`, "\"\\", "$", "-", "...", "\xff\xfe", "é"} {
		_ = gqlsyntax.Lex(s)
	}
}

func TestClassify(t *testing.T) {
	src := `query Q($w: flow_bool_exp) { flow(where: $w, order_by: {name: asc}) @include(if: true) { name ... on flow { id } } }`
	toks := gqlsyntax.Lex(src)
	cls := gqlsyntax.Classify(toks)
	var got []string
	for i, tk := range toks {
		if tk.Kind == gqlsyntax.Name {
			got = append(got, fmt.Sprintf("%s=%d", tk.Text, cls[i]))
		}
	}
	want := fmt.Sprintf("query=%d Q=%d flow_bool_exp=%d flow=%d where=%d order_by=%d name=%d asc=%d include=%d if=%d true=%d name=%d on=%d flow=%d id=%d",
		gqlsyntax.ClassKeyword, gqlsyntax.ClassField, gqlsyntax.ClassType, gqlsyntax.ClassField, gqlsyntax.ClassKey, gqlsyntax.ClassKey,
		gqlsyntax.ClassKey, gqlsyntax.ClassValue, gqlsyntax.ClassDirective, gqlsyntax.ClassKey, gqlsyntax.ClassValue, gqlsyntax.ClassField,
		gqlsyntax.ClassKeyword, gqlsyntax.ClassType, gqlsyntax.ClassField)
	if strings.Join(got, " ") != want {
		t.Fatalf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}
