// Package pulse translates between a survey as accord stores it
// (accord.Instrument, accord.HealthResponse) and as the pure engine
// internal/health scores it, so that pages, the API, the packet and the
// demo all read a round the same way.
package pulse

import (
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
)

// Default returns the default instrument (accord-pulse-1) as an alliance
// stores it.
func Default(allianceID string) accord.Instrument {
	return Stored(allianceID, health.DefaultInstrument())
}

// Stored is internal/health's instrument as the store keeps it:
// the same keys, names, wording, reverse keying and kinds (the pace items
// are bipolar).
func Stored(allianceID string, in health.Instrument) accord.Instrument {
	out := accord.Instrument{AllianceID: allianceID, Key: in.Key, Version: in.Version, Name: in.Name}
	for _, f := range in.Factors {
		sf := accord.HealthFactor{Key: f.Key, Name: f.Name}
		for _, it := range f.Items {
			kind := accord.HealthAgreement
			if it.Kind == health.Bipolar {
				kind = accord.HealthBipolar
			}
			sf.Items = append(sf.Items, accord.HealthItem{Key: it.Key, Text: it.Text, Reverse: it.Reverse, Kind: kind})
		}
		out.Factors = append(out.Factors, sf)
	}
	return out
}

// Engine is a stored instrument as internal/health scores it.
func Engine(in accord.Instrument) health.Instrument {
	out := health.Instrument{Key: in.Key, Version: in.Version, Name: in.Name}
	for _, f := range in.Factors {
		hf := health.Factor{Key: f.Key, Name: f.Name}
		for _, it := range f.Items {
			kind := health.Agreement
			if it.Kind == accord.HealthBipolar {
				kind = health.Bipolar
			}
			hf.Items = append(hf.Items, health.Item{Key: it.Key, Text: it.Text, Reverse: it.Reverse, Kind: kind})
		}
		out.Factors = append(out.Factors, hf)
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
