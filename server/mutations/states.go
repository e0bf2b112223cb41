package mutations

import (
	"encoding/json"
	"fmt"
	"time"
)

// CoreVersion is the Prefect Core version the embedded server reports and writes into
// serialized states.
const CoreVersion = "1.4.1"

// maxStateBytes is Prefect's limit on a serialized state (server api/states.py).
const maxStateBytes = 1 << 20

// stateClass is one class of core-1.x prefect.engine.state: its name, its parent
// class, the web UI's colour for it and whether a run in it is finished.
type stateClass struct {
	name, parent, color string
	finished            bool
}

// stateClasses lists core-1.x's state class hierarchy in declaration order.
var stateClasses = []stateClass{
	{"State", "", "#696969", false},
	{"Pending", "State", "#7ebdff", false},
	{"Scheduled", "Pending", "#ffab00", false},
	{"Paused", "Scheduled", "#99a8e8", false},
	{"Resume", "Scheduled", "#f58c0c", false},
	{"Retrying", "Scheduled", "#f66a0a", false},
	// _MetaState has no colour of its own; the class attribute is inherited from State.
	{"_MetaState", "State", "#696969", false},
	{"ClientFailed", "_MetaState", "#eb0000", false},
	{"Submitted", "_MetaState", "#ffdf5d", false},
	{"Queued", "_MetaState", "#ffea7f", false},
	{"Running", "State", "#3d67ff", false},
	{"Cancelling", "Running", "#E8E8E8", false},
	{"Finished", "State", "#003ccb", true},
	{"Looped", "Finished", "#003ccb", true},
	{"Success", "Finished", "#28a745", true},
	{"Cached", "Success", "#34d058", true},
	{"Mapped", "Success", "#003ccb", true},
	{"Skipped", "Success", "#62757f", true},
	{"Cancelled", "Finished", "#bdbdbd", true},
	{"Failed", "Finished", "#eb0000", true},
	{"TimedOut", "Failed", "#ff4e33", true},
	{"TriggerFailed", "Failed", "#ff5131", true},
	{"ValidationFailed", "Failed", "#ff5131", true},
}

var classByName = func() map[string]stateClass {
	m := make(map[string]stateClass, len(stateClasses))
	for _, c := range stateClasses {
		m[c.name] = c
	}
	return m
}()

// IsA reports whether state name is class or one of its subclasses.
func IsA(name, class string) bool {
	for name != "" {
		if name == class {
			return true
		}
		name = classByName[name].parent
	}
	return false
}

// IsFinished reports whether a state is a Finished subclass.
func IsFinished(name string) bool { return classByName[name].finished }

// KnownState reports whether name is a concrete state class a run may be set to.
func KnownState(name string) bool {
	_, ok := classByName[name]
	return ok && name != "State" && name != "_MetaState"
}

// endsRun lists the states whose insert sets the run's end_time (the 2021-03-16 run
// triggers); TriggerFailed, Skipped, Mapped, Finished and ValidationFailed do not.
var endsRun = map[string]bool{
	"Success": true, "Failed": true, "Cached": true, "TimedOut": true, "Looped": true, "Cancelled": true,
}

// EndsRun reports whether inserting a state of this type sets the run's end_time.
func EndsRun(state string) bool { return endsRun[state] }

// HasStartTime reports whether a state class carries a start_time attribute.
func HasStartTime(state string) bool { return hasStartTime[state] }

// hasStartTime lists the classes that carry a start_time attribute.
var hasStartTime = map[string]bool{
	"Scheduled": true, "Paused": true, "Resume": true, "Retrying": true, "Queued": true,
}

// StateHierarchy returns reference_data.state_hierarchy: each class mapped to itself
// and all of its subclasses.
func StateHierarchy() map[string][]string {
	out := map[string][]string{}
	for _, c := range stateClasses {
		for _, d := range stateClasses {
			if IsA(d.name, c.name) {
				out[c.name] = append(out[c.name], d.name)
			}
		}
	}
	return out
}

// StateInfo returns reference_data.state_info: {State: {color}}.
func StateInfo() map[string]any {
	out := map[string]any{}
	for _, c := range stateClasses {
		out[c.name] = map[string]any{"color": c.color}
	}
	return out
}

// State is one state to record for a run, parsed from the serialized form the API
// takes (core serialization/state.py).
type State struct {
	// Type is the class name, e.g. "Running".
	Type string
	// Message is the state message; "" is stored as null.
	Message string
	// StartTime is the start_time of Scheduled-like and Queued states.
	StartTime *time.Time
	// Result is the state's result value (null when none).
	Result any
	// Serialized is the full serialized state as stored in serialized_state.
	Serialized map[string]any
}

// NewState builds a state of the given type and message as Prefect would serialize it.
func NewState(typ, message string) State {
	s, _ := ParseState(map[string]any{"type": typ, "message": message}, time.Time{})
	return s
}

// WithStartTime returns s with start_time set (for Scheduled-like states).
func (s State) WithStartTime(t time.Time) State {
	t = t.UTC()
	s.StartTime = &t
	s.Serialized = cloneMap(s.Serialized)
	s.Serialized["start_time"] = t.Format("2006-01-02T15:04:05.000000+00:00")
	return s
}

// ParseState validates a serialized state (a JSON object, or a string holding one) and
// fills in what Prefect's deserialize/serialize round trip adds. now is the default
// start_time of Scheduled-like states given without one (zero: leave unset).
func ParseState(v any, now time.Time) (State, error) {
	var m map[string]any
	switch x := v.(type) {
	case map[string]any:
		m = x
	case string:
		if len(x) > maxStateBytes {
			return State{}, fmt.Errorf("State payload is too large (%d bytes; the limit is 1 MB)", len(x))
		}
		if err := json.Unmarshal([]byte(x), &m); err != nil {
			return State{}, fmt.Errorf("Invalid state: %v", err)
		}
	case json.RawMessage:
		return ParseState(string(x), now)
	default:
		return State{}, fmt.Errorf("Invalid state: expected a JSON object")
	}
	if m == nil {
		return State{}, fmt.Errorf("Invalid state: expected a JSON object")
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return State{}, fmt.Errorf("Invalid state: %v", err)
	}
	if len(raw) > maxStateBytes {
		return State{}, fmt.Errorf("State payload is too large (%d bytes; the limit is 1 MB)", len(raw))
	}
	typ, _ := m["type"].(string)
	if typ == "" {
		return State{}, fmt.Errorf("Invalid state: missing \"type\"")
	}
	if !KnownState(typ) {
		return State{}, fmt.Errorf("Invalid state: unsupported value: %s", typ)
	}
	s := State{Type: typ, Serialized: cloneMap(m)}
	switch msg := m["message"].(type) {
	case string:
		s.Message = msg
	case nil:
	default:
		return State{}, fmt.Errorf("Invalid state: \"message\" must be a string")
	}
	s.Result = m["result"]
	ser := s.Serialized
	ser["type"] = typ
	if _, ok := ser["message"]; !ok {
		ser["message"] = nil
	}
	setDefault(ser, "context", map[string]any{})
	setDefault(ser, "cached_inputs", map[string]any{})
	setDefault(ser, "_result", map[string]any{"type": "NoResultType", "__version__": CoreVersion})
	setDefault(ser, "__version__", CoreVersion)
	if hasStartTime[typ] {
		if st, ok := ser["start_time"].(string); ok && st != "" {
			t, err := time.Parse(time.RFC3339Nano, st)
			if err != nil {
				return State{}, fmt.Errorf("Invalid state: start_time: not a valid datetime: %q", st)
			}
			t = t.UTC()
			s.StartTime = &t
		} else if !now.IsZero() {
			s = s.WithStartTime(now)
		}
	}
	if IsA(typ, "_MetaState") {
		setDefault(ser, "state", nil)
	}
	return s, nil
}

func setDefault(m map[string]any, k string, v any) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+6)
	for k, v := range m {
		out[k] = v
	}
	return out
}
