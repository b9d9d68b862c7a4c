package fhir

import (
	"fmt"
	"sort"
	"strings"
)

// matcher finds the KPI for each group of a report from the caller's map
// of Measure canonical URLs.
type matcher struct {
	targets map[string]Target
	// grouped holds the URLs (with or without |version) that have at
	// least one URL#group-code key: the caller picks groups of them.
	grouped map[string]bool
}

func newMatcher(m map[string]Target) matcher {
	mt := matcher{targets: make(map[string]Target, len(m)), grouped: map[string]bool{}}
	for k, t := range m {
		k = strings.TrimSpace(k)
		mt.targets[k] = t
		if url, _, ok := strings.Cut(k, "#"); ok {
			mt.grouped[url] = true
		}
	}
	return mt
}

// groups returns the target of each group (nil for a group left out), the
// number left out, and the problems. The rules, in order, for a report of
// measure URL|version and a group whose code.coding[0].code is C:
//
//  1. URL|version#C, then URL#C: that group's KPI.
//  2. A report with one group: URL|version, then URL.
//  3. A group not matched when other groups of the measure are mapped by
//     code: left out, as the caller chose the groups it wants.
//  4. Otherwise several groups under a plain URL key cannot be told
//     apart: an error asking for URL#code keys.
//
// A measure with no key at all is an unknown measure.
func (m matcher) groups(measure string, gs []group) ([]*Target, int, []problem) {
	url, version, hasVersion := strings.Cut(measure, "|")
	prefixes := []string{url}
	if hasVersion {
		prefixes = []string{url + "|" + version, url}
	}
	var plain *Target
	grouped := false
	for _, p := range prefixes {
		if t, ok := m.targets[p]; ok && plain == nil {
			plain = &t
		}
		grouped = grouped || m.grouped[p]
	}
	if plain == nil && !grouped {
		return nil, 0, []problem{problemf("measure", "unknown measure %s: no KPI has this Measure URL (with or without its |version)", measure)}
	}
	out := make([]*Target, len(gs))
	skipped := 0
	var unmatched []string
	for i, g := range gs {
		if t := m.byCode(prefixes, g.Code.firstCode()); t != nil {
			out[i] = t
			continue
		}
		switch {
		case len(gs) == 1 && plain != nil:
			out[i] = plain
		case grouped:
			skipped++
		default:
			unmatched = append(unmatched, fmt.Sprintf("%q", g.Code.firstCode()))
		}
	}
	if len(unmatched) > 0 {
		sort.Strings(unmatched)
		return nil, 0, []problem{problemf("group", "the report has %d groups (codes %s) for measure %s; map each group you want as %s#<group code>", len(gs), strings.Join(unmatched, ", "), measure, url)}
	}
	return out, skipped, nil
}

func (m matcher) byCode(prefixes []string, code string) *Target {
	if code == "" {
		return nil
	}
	for _, p := range prefixes {
		if t, ok := m.targets[p+"#"+code]; ok {
			return &t
		}
	}
	return nil
}
