package answer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
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

// parseDecoder is the reference implementation on encoding/json's tokenizer; TestFastParserAgrees
// checks that parseFast agrees with it.
func parseDecoder(data []byte) (*Tree, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	t := &Tree{Nodes: make([]Node, 0, len(data)/24+1)}
	type open struct {
		idx     int32
		isObj   bool
		wantKey bool
		key     string
		n       int32
	}
	var stack []open
	add := func(n Node) int32 {
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			n.Parent = top.idx
			n.Depth = int32(len(stack))
			if top.isObj {
				n.Key, n.Index = top.key, -1
				top.wantKey = true
			} else {
				n.Index = top.n
			}
			top.n++
		} else {
			n.Parent, n.Index = -1, -1
		}
		t.Nodes = append(t.Nodes, n)
		i := int32(len(t.Nodes) - 1)
		t.Nodes[i].End = i + 1
		return i
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if len(stack) > 0 {
				return nil, errors.New("answer is not valid JSON: unexpected end")
			}
			break
		}
		if err != nil {
			return nil, fmt.Errorf("answer is not valid JSON: %w", err)
		}
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.isObj && top.wantKey {
				if d, ok := tok.(json.Delim); ok && d == '}' {
					closeNode(t, top.idx, top.n)
					stack = stack[:len(stack)-1]
					continue
				}
				top.key, _ = tok.(string)
				top.wantKey = false
				continue
			}
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				i := add(Node{Kind: map[bool]Kind{true: Object, false: Array}[v == '{']})
				stack = append(stack, open{idx: i, isObj: v == '{', wantKey: v == '{'})
			case ']', '}':
				top := stack[len(stack)-1]
				closeNode(t, top.idx, top.n)
				stack = stack[:len(stack)-1]
			}
		case string:
			add(Node{Kind: String, Value: v})
		case json.Number:
			add(Node{Kind: Number, Value: string(v)})
		case bool:
			add(Node{Kind: Bool, Value: strconv.FormatBool(v)})
		case nil:
			add(Node{Kind: Null, Value: "null"})
		}
	}
	if len(t.Nodes) == 0 {
		return nil, errors.New("empty answer")
	}
	return t, nil
}

func closeNode(t *Tree, i, count int32) {
	t.Nodes[i].End = int32(len(t.Nodes))
	t.Nodes[i].Count = count
}
