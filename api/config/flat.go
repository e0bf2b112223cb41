package config

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// entry is one flattened configuration value and where it came from.
type entry struct {
	val    any
	src    Source
	origin string
}

// flat is a configuration flattened to dotted keys ("cloud.api"), as Prefect's
// collections.dict_to_flatdict does before interpolating.
type flat map[string]entry

// merge sets every leaf of the nested table t (a decoded TOML document) under prefix,
// overriding what is there: Prefect's merge_dicts keeps the keys the new file does
// not mention.
func (f flat) merge(prefix string, t map[string]any, src Source, origin string) {
	for k, v := range t {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		if sub, ok := v.(map[string]any); ok {
			f.merge(key, sub, src, origin)
			continue
		}
		f[key] = entry{val: v, src: src, origin: origin}
	}
}

// keys returns the keys in a fixed order, so interpolation is deterministic.
func (f flat) keys() []string {
	ks := make([]string, 0, len(f))
	for k := range f {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// interpolationRE is Prefect's INTERPOLATION_REGEX: the innermost ${...} reference.
var interpolationRE = regexp.MustCompile(`\$\{(.[^${}]*)\}`)

// interpolateRefs resolves ${dotted.key} references, at most 10 passes with one
// reference per value per pass, exactly as Prefect's load_configuration: nested
// references such as ${${backend}.endpoint} resolve from the inside out, a missing key
// is "", a value that is only a reference takes the referenced value's type. The source
// of a value becomes the strongest of its own and its references' sources, so that
// cloud.api says "environment" when PREFECT__BACKEND chose it.
func (f flat) interpolateRefs() {
	toCheck := map[string]bool{}
	for k := range f {
		toCheck[k] = true
	}
	for range 10 {
		for _, k := range f.keys() {
			if !toCheck[k] {
				continue
			}
			e := f[k]
			s, ok := e.val.(string)
			if !ok {
				delete(toCheck, k)
				continue
			}
			m := interpolationRE.FindStringSubmatchIndex(s)
			if m == nil {
				delete(toCheck, k)
				continue
			}
			matched, refKey := s[m[0]:m[1]], s[m[2]:m[3]]
			ref, found := f[refKey]
			var refVal any = ""
			if found {
				refVal = ref.val
				if ref.src > e.src {
					e.src, e.origin = ref.src, ref.origin
				}
			}
			if s == matched {
				e.val = refVal
			} else {
				e.val = strings.Replace(s, matched, pyStr(refVal), 1)
			}
			f[k] = e
		}
	}
}

// stringToType is Prefect's string_to_type for environment values: true/false in any
// case are booleans, Python literals (numbers, quoted strings, None, lists and dicts
// written as JSON) are parsed, anything else stays a string.
func stringToType(v string) any {
	switch strings.ToUpper(v) {
	case "TRUE":
		return true
	case "FALSE":
		return false
	}
	t := strings.TrimSpace(v)
	if t != v || t == "" {
		return v // literal_eval rejects leading whitespace; keep as is
	}
	if t == "None" {
		return nil
	}
	if i, err := strconv.ParseInt(strings.ReplaceAll(t, "_", ""), 0, 64); err == nil && !strings.HasPrefix(t, "_") {
		return i
	}
	if fl, err := strconv.ParseFloat(t, 64); err == nil && !math.IsInf(fl, 0) && !strings.ContainsAny(t, "xXpP") && !strings.EqualFold(t, "nan") {
		return fl
	}
	if len(t) >= 2 && (t[0] == '\'' || t[0] == '"') && t[len(t)-1] == t[0] && !strings.ContainsRune(t[1:len(t)-1], rune(t[0])) {
		return t[1 : len(t)-1]
	}
	if t[0] == '[' || t[0] == '{' {
		var out any
		if json.Unmarshal([]byte(t), &out) == nil {
			return out
		}
	}
	return v
}

// pyStr renders a value as Python's str() would inside an interpolated string.
func pyStr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		return s
	}
	return fmt.Sprint(v)
}

// expander expands $VARS and a leading ~ as Python's os.path.expandvars and expanduser
// do: unknown variables are left as written (so ${server.host} survives for the key
// interpolation), ~ is $HOME.
type expander struct {
	env  map[string]string
	home string
}

var envVarRE = regexp.MustCompile(`\$(\w+|\{[^}]*\})`)

func (x expander) expandVars(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	return envVarRE.ReplaceAllStringFunc(s, func(m string) string {
		name := strings.TrimPrefix(m, "$")
		if strings.HasPrefix(name, "{") {
			name = name[1 : len(name)-1]
		}
		if v, ok := x.env[name]; ok {
			return v
		}
		return m
	})
}

func (x expander) expandUser(s string) string {
	if !strings.HasPrefix(s, "~") || x.home == "" {
		return s
	}
	rest := s[1:]
	if rest != "" && rest[0] != '/' {
		return s // ~otheruser: not ours to resolve
	}
	return strings.TrimSuffix(x.home, "/") + rest
}

// interpolateEnv is Prefect's interpolate_env_var: expand until nothing changes (at
// most 10 rounds); a value that changed over more than one round is re-typed.
func (x expander) interpolateEnv(v any) any {
	s, ok := v.(string)
	if !ok || s == "" {
		return v
	}
	for counter := range 10 {
		next := x.expandUser(x.expandVars(s))
		if next == s {
			if counter > 1 {
				return stringToType(next)
			}
			return next
		}
		s = next
	}
	return s
}
