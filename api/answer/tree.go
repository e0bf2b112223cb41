// Package answer reads the JSON answer of a GraphQL request: Parse flattens it once
// into a slice of nodes in pre-order (a 5 MB answer in a few milliseconds), which
// gives paths, values and re-serialisation; Table reads an array of objects as rows
// and columns. The query editor's views and `prefect-tui query --output table` both
// read answers through it.
package answer

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Kind is a JSON value kind.
type Kind uint8

// JSON kinds.
const (
	Object Kind = iota
	Array
	String
	Number
	Bool
	Null
)

// Node is one JSON value in pre-order.
type Node struct {
	Key    string // member name in an object ("" otherwise)
	Index  int32  // position in an array (-1 otherwise)
	Kind   Kind
	Value  string // scalars: the string's content, or the literal (12, true, null)
	Depth  int32
	Parent int32 // -1 for the root
	End    int32 // index just past the last descendant
	Count  int32 // children of an object or array
}

// Container reports whether the node is an object or an array.
func (n *Node) Container() bool { return n.Kind == Object || n.Kind == Array }

// Tree is a flattened JSON document.
type Tree struct {
	Nodes []Node
}

// Parse flattens a JSON document (member order kept).
func Parse(data []byte) (*Tree, error) { return parseFast(data) }

// Path is the node's path from the root, jq style: .data.flow_run[3].name
func (t *Tree) Path(i int) string {
	var parts []string
	for j := int32(i); j > 0; j = t.Nodes[j].Parent {
		n := &t.Nodes[j]
		if n.Index >= 0 {
			parts = append(parts, "["+strconv.Itoa(int(n.Index))+"]")
		} else if isIdent(n.Key) {
			parts = append(parts, "."+n.Key)
		} else {
			parts = append(parts, "["+strconv.Quote(n.Key)+"]")
		}
	}
	var b strings.Builder
	for k := len(parts) - 1; k >= 0; k-- {
		b.WriteString(parts[k])
	}
	if b.Len() == 0 {
		return "."
	}
	return b.String()
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Text is what "copy value" copies: a string's content, a scalar's literal, or a
// container as indented JSON.
func (t *Tree) Text(i int) string {
	n := &t.Nodes[i]
	if !n.Container() {
		return n.Value
	}
	var b bytes.Buffer
	t.writeJSON(&b, int32(i))
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return b.String()
	}
	return out.String()
}

// JSON returns the node as compact JSON.
func (t *Tree) JSON(i int) string {
	var b bytes.Buffer
	t.writeJSON(&b, int32(i))
	return b.String()
}

func (t *Tree) writeJSON(b *bytes.Buffer, i int32) {
	n := &t.Nodes[i]
	switch n.Kind {
	case String:
		q, _ := json.Marshal(n.Value)
		b.Write(q)
	case Number, Bool, Null:
		b.WriteString(n.Value)
	default:
		open, closing := byte('{'), byte('}')
		if n.Kind == Array {
			open, closing = '[', ']'
		}
		b.WriteByte(open)
		first := true
		for c := i + 1; c < n.End; c = t.Nodes[c].End {
			if !first {
				b.WriteByte(',')
			}
			first = false
			if n.Kind == Object {
				k, _ := json.Marshal(t.Nodes[c].Key)
				b.Write(k)
				b.WriteByte(':')
			}
			t.writeJSON(b, c)
		}
		b.WriteByte(closing)
	}
}

// Children returns the indexes of i's children.
func (t *Tree) Children(i int) []int32 {
	n := &t.Nodes[i]
	out := make([]int32, 0, n.Count)
	for c := int32(i) + 1; c < n.End; c = t.Nodes[c].End {
		out = append(out, c)
	}
	return out
}

// IsTable reports whether node i is a non-empty array whose items are all objects.
func (t *Tree) IsTable(i int) bool {
	n := &t.Nodes[i]
	if n.Kind != Array || n.Count == 0 {
		return false
	}
	for c := int32(i) + 1; c < n.End; c = t.Nodes[c].End {
		if t.Nodes[c].Kind != Object {
			return false
		}
	}
	return true
}

// FirstTable returns the first array of objects at or below node i (pre-order), or -1.
func (t *Tree) FirstTable(i int) int {
	for j := i; j < int(t.Nodes[i].End); j++ {
		if t.Nodes[j].Kind == Array && t.IsTable(j) {
			return j
		}
	}
	return -1
}
