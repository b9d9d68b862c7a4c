// Package pulse translates between a survey as accord stores it
// (accord.Instrument, accord.HealthResponse) and as the pure engine
// internal/health scores it, so that pages, the API, the packet and the
// demo all read a round the same way.
package pulse

import (
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
)

// StoredKey writes an engine key ("pace.decisions") in the stored form,
// which has no dots ("pace-decisions").
func StoredKey(key string) string { return strings.ReplaceAll(key, ".", "-") }

// bipolarItems are the stored keys of the default instrument's bipolar
// items (pace, answered from far too slow to far too fast). The stored
// instrument has no item kind: an item key keeps its meaning across
// versions (docs/health.md), so an item whose key is one of these is read
// as the default instrument's.
func bipolarItems() map[string]bool {
	out := map[string]bool{}
	for _, f := range health.DefaultInstrument().Factors {
		for _, it := range f.Items {
			if it.Kind == health.Bipolar {
				out[StoredKey(it.Key)] = true
			}
		}
	}
	return out
}

// Default returns the default instrument (accord-pulse-1) as an alliance
// stores it.
func Default(allianceID string) accord.Instrument {
	d := health.DefaultInstrument()
	out := accord.Instrument{AllianceID: allianceID, Key: d.Key, Name: d.Name}
	for _, f := range d.Factors {
		sf := accord.HealthFactor{Key: f.Key, Name: f.Name}
		for _, it := range f.Items {
			sf.Items = append(sf.Items, accord.HealthItem{Key: StoredKey(it.Key), Text: it.Text, Reverse: it.Reverse})
		}
		out.Factors = append(out.Factors, sf)
	}
	return out
}

// Engine returns a stored instrument as the engine scores it.
func Engine(in accord.Instrument) health.Instrument {
	bipolar := bipolarItems()
	out := health.Instrument{Key: in.Key, Version: in.Version, Name: in.Name}
	for _, f := range in.Factors {
		ef := health.Factor{Key: f.Key, Name: f.Name}
		for _, it := range f.Items {
			item := health.Item{Key: it.Key, Text: it.Text, Reverse: it.Reverse}
			if bipolar[it.Key] && !it.Reverse {
				item.Kind = health.Bipolar
			}
			ef.Items = append(ef.Items, item)
		}
		out.Factors = append(out.Factors, ef)
	}
	return out
}

// Responses returns a round's stored answers as the engine reads them,
// each under its party's name (party id → name in names; the id where a
// party has no name there), which the engine's sentences then use.
func Responses(rs []accord.HealthResponse, names map[string]string) []health.Response {
	out := make([]health.Response, len(rs))
	for i, r := range rs {
		out[i] = health.Response{Party: nameOf(r.PartyID, names), Role: string(r.Role), Answers: r.Answers}
	}
	return out
}

// Comments returns a round's stored comments as the engine filters them,
// under the same party names as Responses.
func Comments(rs []accord.HealthResponse, names map[string]string) []health.Comment {
	var out []health.Comment
	for _, r := range rs {
		for f, text := range r.Comments {
			out = append(out, health.Comment{Party: nameOf(r.PartyID, names), Role: string(r.Role), Factor: f, Text: text})
		}
	}
	return out
}

func nameOf(id string, names map[string]string) string {
	if n, ok := names[id]; ok && n != "" {
		return n
	}
	return id
}
