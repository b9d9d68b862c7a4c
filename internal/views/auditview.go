package views

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// field is one top-level value of an audited state, for display.
type field struct {
	Key, Value string
}

// AuditFields turns an audit entry's before or after JSON into readable
// key: value pairs. Identifiers are left out (the entry names its subject);
// lists are joined, nested objects shown compactly.
func AuditFields(raw json.RawMessage) []field {
	var m map[string]any
	if len(raw) == 0 || json.Unmarshal(raw, &m) != nil {
		return nil
	}
	var out []field
	for k, v := range m {
		if k == "id" || strings.HasSuffix(k, "_id") || k == "created_at" || k == "updated_at" || holdsID(v) {
			continue
		}
		if k == "role" || k == "roles" {
			v = humanizeAll(v)
		} else if c, ok := v.(string); ok && snakeCode.MatchString(c) {
			v = Humanize(c) // a kind or category code, e.g. "action_overdue"
		}
		out = append(out, field{Key: Humanize(k), Value: displayValue(v)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func displayValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		if x == "" {
			return "—"
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t.UTC().Format("2 Jan 2006 15:04 UTC")
		}
		return x
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = displayValue(e)
		}
		return strings.Join(parts, ", ")
	case float64:
		return fmt.Sprint(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// Humanize turns snake_case names into words: "party_role" → "Party role",
// "target_pmpm" → "Target PMPM", "spc" → "SPC".
func Humanize(s string) string {
	s = Words(s)
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// acronyms are the code words people read in capitals.
var acronyms = map[string]string{"kpi": "KPI", "kpis": "KPIs", "spc": "SPC", "pmpm": "PMPM", "id": "ID", "fhir": "FHIR", "csv": "CSV"}

// Words turns a snake_case code into lower-case words, acronyms in capitals:
// "rate_per_1000" → "rate per 1000".
func Words(s string) string {
	parts := strings.Split(s, "_")
	for i, w := range parts {
		if a, ok := acronyms[w]; ok {
			parts[i] = a
		}
	}
	return strings.Join(parts, " ")
}

// internalID matches the identifiers accord makes (UUIDs).
var internalID = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// holdsID reports a value that is or names an internal identifier ("cast
// by" a member id, a subject "kpi:<id>"): the entry's reference names its
// subject, and people cannot read ids.
func holdsID(v any) bool {
	s, ok := v.(string)
	return ok && internalID.MatchString(s)
}

// snakeCode matches a stored code such as "relationship_trust".
var snakeCode = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)+$`)

// humanizeAll makes role codes readable: "clinical_leader" → "Clinical leader".
func humanizeAll(v any) any {
	switch x := v.(type) {
	case string:
		return Humanize(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = humanizeAll(e)
		}
		return out
	}
	return v
}
