package engine_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server/engine"
)

// TestGenericIsTheJSONRoundTrip: a resolver's answer taken as it is equals what
// encoding it to JSON and decoding it again gives, and anything else is left to that
// round trip.
func TestGenericIsTheJSONRoundTrip(t *testing.T) {
	roundTrip := func(v any) any {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var out any
		if err := d.Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	plain := []any{
		nil, true, "", "héllo \"x\" <b>", 0, -42, int64(1) << 53,
		[]string{"a", "b"}, []string(nil), []string{},
		[]any{}, []any(nil), []any{"a", 1, nil, []any{false}},
		map[string]any{}, map[string]any(nil),
		map[string]any{"tenant_id": nil, "user_id": "u", "permissions": []any{"read"}, "n": 3, "m": map[string]any{"k": []string{"x"}}},
	}
	for _, v := range plain {
		g, ok := engine.Generic(v)
		if !ok {
			t.Errorf("%#v: not taken as it is", v)
			continue
		}
		if want := roundTrip(v); !reflect.DeepEqual(g, want) {
			t.Errorf("%#v: got %#v, want %#v", v, g, want)
		}
	}
	for _, v := range []any{
		1.5, float64(3), time.Unix(0, 0), struct{ A int }{1}, map[string]string{"a": "b"},
		"\xff", []string{"\xff"}, map[string]any{"\xff": 1}, map[string]any{"a": json.RawMessage(`{}`)}, []any{uint8(1)},
	} {
		if _, ok := engine.Generic(v); ok {
			t.Errorf("%#v: taken as it is, want the JSON round trip", v)
		}
	}
}
