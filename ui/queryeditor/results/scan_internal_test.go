package results

import (
	"reflect"
	"testing"
)

func TestFastParserAgrees(t *testing.T) {
	for _, doc := range []string{
		`{"a":[1,-2.5e3,true,false,null,"x\"y\u00e9\n",{},[]],"b":{"c":{"d":[[]]}},"é":"☃"}`,
		`[]`, `"s"`, `0`, ` {"a" : [ 1 , 2 ] } `,
	} {
		want, err := parseDecoder([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		got, err := parseFast([]byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		if !reflect.DeepEqual(got.Nodes, want.Nodes) {
			t.Fatalf("%s:\n got %+v\nwant %+v", doc, got.Nodes, want.Nodes)
		}
	}
	for _, bad := range []string{``, `{`, `{"a"}`, `{"a":1,}`, `[1 2]`, `"abc`, `tru`, `{"a":1} x`, `01x`, "\"a\x01\"", `[-]`} {
		if _, err := parseFast([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
