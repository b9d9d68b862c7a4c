package views

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/pulse"
)

// HealthResults are the partnership health results an alliance's members
// read (the page, the API, the CSV export and the packet): the latest
// closed round under the minimum of respondents, the rounds before it, and
// the signals. Every figure a rule hides is absent, not merely unshown:
// Compute removes it before anything here sees it, and a number that is
// not finite is nil.
type HealthResults struct {
	// Round is the round whose results these are: the latest closed round
	// unless another was asked for; nil when none has closed.
	Round *HealthRoundInfo `json:"round"`
	// Rounds are the closed rounds, oldest first (the latest 24); the
	// trend and the signals read those up to Round.
	Rounds         []HealthRoundInfo `json:"rounds"`
	MinRespondents int               `json:"min_respondents"`
	GapThreshold   float64           `json:"gap_threshold"`
	Factors        []HealthFactor    `json:"factors"`
	// Parties are the response counts of the latest round, per party.
	Parties []HealthPartyRate `json:"parties"`
	Signals []HealthSignal    `json:"signals"`
	// Trend is each factor's figures across the rounds of the latest
	// round's instrument version, like with like.
	Trend []HealthTrend `json:"trend"`
	// Profiles are each party's means per factor in the latest round.
	Profiles []HealthProfile `json:"profiles"`
	// Paperwork is each party's paperwork index by month, the last 18
	// months, by party then month.
	Paperwork []HealthPaperwork `json:"paperwork"`
}

// HealthRoundInfo is one closed round and how many answered it.
type HealthRoundInfo struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Period     string `json:"period"`
	OpensOn    string `json:"opens_on"`
	ClosesOn   string `json:"closes_on"`
	Instrument string `json:"instrument"`
	Eligible   int    `json:"eligible"`
	Responses  int    `json:"responses"`
	// Rate is Responses / Eligible, nil when nobody was invited.
	Rate *float64 `json:"response_rate"`
}

// HealthPartyRate is how many of a party's members answered a round.
type HealthPartyRate struct {
	Party     string   `json:"party"`
	Eligible  int      `json:"eligible"`
	Responses int      `json:"responses"`
	Rate      *float64 `json:"response_rate"`
}

// HealthGroup is a factor's figures for the alliance, a party or a party ×
// role cell. A hidden group has its count and the reason only.
type HealthGroup struct {
	Party string   `json:"party,omitempty"`
	Role  string   `json:"role,omitempty"`
	N     int      `json:"answers"`
	Shown bool     `json:"shown"`
	Mean  *float64 `json:"mean"`
	SD    *float64 `json:"sd"`
	Low   *float64 `json:"ci_low"`
	High  *float64 `json:"ci_high"`
	// Pace is too slow, about right or too fast (the pace factor only),
	// from the mean of the bipolar answers in LeanMean.
	Pace     string   `json:"pace,omitempty"`
	LeanMean *float64 `json:"pace_mean,omitempty"`
	Hidden   string   `json:"hidden,omitempty"`
}

// HealthGap is a factor's perception gap between the shown parties.
type HealthGap struct {
	High    string   `json:"high"`
	Low     string   `json:"low"`
	Size    *float64 `json:"size"`
	CILow   *float64 `json:"ci_low"`
	CIHigh  *float64 `json:"ci_high"`
	Sure    bool     `json:"sure"`
	HowSure string   `json:"how_sure"`
}

// HealthComment is a comment a page may show, under its party only.
type HealthComment struct {
	Party string `json:"party"`
	Text  string `json:"text"`
}

// HealthFactor is one factor's results in the latest round.
type HealthFactor struct {
	Key       string          `json:"key"`
	Name      string          `json:"name"`
	Alliance  HealthGroup     `json:"alliance"`
	Parties   []HealthGroup   `json:"parties"`
	Breakdown []HealthGroup   `json:"breakdown"`
	Gap       *HealthGap      `json:"gap"`
	Comments  []HealthComment `json:"comments"`
}

// HealthSignal is one of the survey's signals in a plain sentence: kind
// is health_drop, health_gap or health_response.
type HealthSignal struct {
	Kind     string `json:"kind"`
	Factor   string `json:"factor,omitempty"`
	Party    string `json:"party,omitempty"`
	Sentence string `json:"sentence"`
}

// HealthTrend is one factor's means across rounds, one per round of
// Periods, nil where hidden.
type HealthTrend struct {
	Factor   string                `json:"factor"`
	Name     string                `json:"name"`
	Periods  []string              `json:"periods"`
	Alliance []*float64            `json:"alliance"`
	Parties  map[string][]*float64 `json:"parties"`
}

// HealthProfile is one party's means on every factor, nil where hidden.
type HealthProfile struct {
	Party  string     `json:"party"`
	Means  []*float64 `json:"means"`
	Hidden string     `json:"hidden,omitempty"`
}

// healthRound is what one closed round computes to, kept per process
// since a closed round never changes.
type healthRound struct {
	in       health.Instrument
	results  health.Results
	comments []health.Comment
}

// maxHealthRounds is how many closed rounds the results read.
const maxHealthRounds = 24

// HealthResults reads the alliance's closed rounds and computes the
// latest's results under its settings: of the closed round roundID when it
// is not empty (and the rounds before it), else of the latest.
func (s *Loader) HealthResults(ctx context.Context, a accord.Alliance, roundID string) (HealthResults, error) {
	allianceID := a.ID
	paperwork, err := s.HealthPaperwork(ctx, a)
	if err != nil {
		return HealthResults{}, err
	}
	settings, err := s.Svc.HealthSettings(ctx, allianceID)
	if err != nil {
		return HealthResults{}, err
	}
	least, err := health.MinRespondents(settings.MinRespondents)
	if err != nil {
		return HealthResults{}, err
	}
	out := HealthResults{MinRespondents: least, GapThreshold: settings.GapThreshold.Float(), Rounds: []HealthRoundInfo{}, Paperwork: paperwork}
	rounds, err := s.Svc.ListRounds(ctx, accord.HealthRoundFilter{AllianceID: allianceID, Status: accord.RoundClosed, Limit: maxHealthRounds})
	if err != nil || len(rounds) == 0 {
		return out, err
	}
	parties, err := s.Svc.ListParties(ctx, allianceID)
	if err != nil {
		return out, err
	}
	names := map[string]string{}
	for _, p := range parties {
		names[p.ID] = p.OrgName
	}
	reverse(rounds)
	periods := pulse.RoundPeriods(rounds)
	for i, r := range rounds {
		out.Rounds = append(out.Rounds, roundInfo(r, periods[i]))
	}
	if roundID != "" {
		at := slices.IndexFunc(rounds, func(r accord.HealthRound) bool { return r.ID == roundID })
		if at < 0 {
			return out, &accord.Error{Code: accord.ENOTFOUND, Field: "round", Message: "no closed survey round of this alliance has this id"}
		}
		rounds = rounds[:at+1]
	}
	latest := rounds[len(rounds)-1]
	out.Round = &out.Rounds[len(rounds)-1]
	computed := make([]*healthRound, len(rounds))
	for i, r := range rounds {
		if r.InstrumentID != latest.InstrumentID {
			continue
		}
		if computed[i], err = s.healthRound(ctx, r, least, names); err != nil {
			return out, err
		}
	}
	last := computed[len(rounds)-1]
	out.Factors = healthFactors(last)
	out.Profiles = healthProfiles(last.results)
	out.Trend = healthTrend(last.in, computed, out.Rounds)
	counts, err := s.Svc.HealthCounts(ctx, allianceID, latest.ID)
	if err != nil {
		return out, err
	}
	for _, p := range counts.Parties {
		out.Parties = append(out.Parties, HealthPartyRate{Party: names[p.PartyID], Eligible: p.Eligible, Responses: p.Responses, Rate: rate(p.Responses, p.Eligible)})
	}
	out.Signals = healthSignals(computed, out.Rounds, out.GapThreshold, counts, names)
	return out, nil
}

// healthRound reads a closed round's results, kept by the store when it
// closed (computed there once for a minimum and set of party names), and
// keeps them per process too.
func (s *Loader) healthRound(ctx context.Context, r accord.HealthRound, least int, names map[string]string) (*healthRound, error) {
	key := fmt.Sprintf("health:%s:%d:%v", r.ID, least, names)
	if v, ok := s.Frags.Get(key); ok {
		return v.(*healthRound), nil
	}
	in, err := s.engineInstrument(ctx, r)
	if err != nil {
		return nil, err
	}
	c, err := s.Svc.HealthRoundResults(ctx, r.AllianceID, r.ID, least, names)
	if err != nil {
		return nil, err
	}
	hr := &healthRound{in: in, results: c.Results, comments: c.Comments}
	s.Frags.Put(key, hr)
	return hr, nil
}

// engineInstrument reads the round's instrument version, once per process:
// a version never changes.
func (s *Loader) engineInstrument(ctx context.Context, r accord.HealthRound) (health.Instrument, error) {
	key := "health-instrument:" + r.InstrumentID
	if v, ok := s.Frags.Get(key); ok {
		return v.(health.Instrument), nil
	}
	stored, err := s.Svc.Instrument(ctx, r.AllianceID, r.InstrumentID)
	if err != nil {
		return health.Instrument{}, err
	}
	in := pulse.Engine(stored)
	s.Frags.Put(key, in)
	return in, nil
}

func reverse(rs []accord.HealthRound) {
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
}

func roundInfo(r accord.HealthRound, period string) HealthRoundInfo {
	return HealthRoundInfo{ID: r.ID, Name: pulse.PeriodName(period), Period: period, OpensOn: r.OpensOn.Format(time.DateOnly), ClosesOn: r.ClosesOn.Format(time.DateOnly),
		Instrument: r.InstrumentKey + "-" + strconv.Itoa(r.InstrumentVersion), Eligible: r.Eligible, Responses: r.Responses, Rate: rate(r.Responses, r.Eligible)}
}

func rate(n, of int) *float64 {
	if of <= 0 {
		return nil
	}
	return fnum(float64(n) / float64(of))
}

// fnum is a figure for people and JSON: nil when it is not a finite
// number, else rounded to four decimals.
func fnum(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	v = math.Round(v*1e4) / 1e4
	return &v
}

// one writes a figure with one decimal, "–" when there is none.
func one(v *float64) string {
	if v == nil {
		return "–"
	}
	return health.One(*v)
}

// MeanText writes the group's mean with one decimal.
func (g HealthGroup) MeanText() string { return one(g.Mean) }

// CIText writes the group's 95% interval, "3.2 to 4.1", or "" without one.
func (g HealthGroup) CIText() string {
	if g.Low == nil || g.High == nil {
		return ""
	}
	return one(g.Low) + " to " + one(g.High)
}

// SizeText writes the gap's size with one decimal.
func (g HealthGap) SizeText() string { return one(g.Size) }

// percent writes a rate as a whole percentage rounded down, so that 39.5%
// never reads as 40%.
func percent(r *float64) string {
	if r == nil {
		return "–"
	}
	return strconv.Itoa(int(math.Floor(*r*100+1e-9))) + "%"
}

// RateText writes the round's response rate: "62%".
func (r HealthRoundInfo) RateText() string { return percent(r.Rate) }

// RateText writes the party's response rate: "62%".
func (p HealthPartyRate) RateText() string { return percent(p.Rate) }
