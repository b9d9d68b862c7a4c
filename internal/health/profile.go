package health

import "math"

// Profile is one party's means on every factor of a round, as a radar
// chart draws them.
type Profile struct {
	Party string
	// Means has one mean per factor, in the results' order; NaN where the
	// party's result on that factor is hidden.
	Means []float64
	// Hidden is set when the party is hidden on every factor: the reason
	// of its first factor.
	Hidden string
}

// Profiles returns each party's profile, in party order, with the hidden
// results left out as Compute decided them. A party that none of the
// factors names is absent.
func (r Results) Profiles() []Profile {
	var out []Profile
	index := map[string]int{}
	for fi, f := range r.Factors {
		for _, p := range f.Parties {
			k, ok := index[p.Party]
			if !ok {
				k = len(out)
				index[p.Party] = k
				means := make([]float64, len(r.Factors))
				for i := range means {
					means[i] = math.NaN()
				}
				out = append(out, Profile{Party: p.Party, Means: means, Hidden: p.Hidden})
			}
			if p.Shown {
				out[k].Means[fi] = p.Score.Mean
				out[k].Hidden = ""
			}
		}
	}
	return out
}
