package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
)

// large is a generated alliance: its id, the provider that reports every
// KPI, and the KPI keys.
type large struct {
	alliance accord.Alliance
	provider accord.Party
	user     accord.User
	keys     []string
}

// makeAlliance generates the large alliance through the store, as imports
// would fill it, and reports how long each step took. The tag tells
// alliances of one database apart ("" for the only one).
func makeAlliance(ctx context.Context, db *store.DB, sh shape, now time.Time, tag string) (*large, error) {
	actor := accord.SystemActor("bench")
	l := &large{alliance: accord.Alliance{Slug: "bench" + tag, Name: "Benchmark Alliance " + tag}}
	if err := db.CreateAlliance(ctx, actor, &l.alliance); err != nil {
		return nil, err
	}
	payer := accord.Party{AllianceID: l.alliance.ID, Role: accord.PartyPayer}
	l.provider = accord.Party{AllianceID: l.alliance.ID, Role: accord.PartyProvider}
	for i, p := range []*accord.Party{&payer, &l.provider} {
		o, err := db.EnsureOrganization(ctx, actor, fmt.Sprintf("Bench org %d%s", i, tag))
		if err != nil {
			return nil, err
		}
		p.OrgID = o.ID
		if err := db.AddParty(ctx, actor, p); err != nil {
			return nil, err
		}
	}
	l.user = accord.User{Email: "bench" + tag + "@bench.example", Name: "Bench"}
	if err := db.CreateUser(ctx, actor, &l.user, ""); err != nil {
		return nil, err
	}
	m := accord.Membership{AllianceID: l.alliance.ID, UserID: l.user.ID, PartyID: l.provider.ID, Roles: accord.Roles{accord.RoleAdmin}}
	if err := db.AddMember(ctx, actor, &m); err != nil {
		return nil, err
	}
	cats := accord.AllCategories()
	start := time.Now()
	for i := 0; i < sh.kpis; i++ {
		k := accord.KPI{AllianceID: l.alliance.ID, Key: fmt.Sprintf("kpi-%03d", i), Name: fmt.Sprintf("Measure %03d", i), Category: cats[i%len(cats)],
			Direction: accord.HigherIsBetter, Frequency: accord.Monthly, OwnerPartyID: l.provider.ID, SegmentBy: "clinic"}
		if i%2 == 0 {
			k.Unit, k.IsRatio = accord.UnitPercent, true
		} else {
			k.Unit = accord.UnitCount
		}
		if err := db.ProposeKPI(ctx, actor, l.provider.ID, &k); err != nil {
			return nil, err
		}
		if _, err := db.Approve(ctx, actor, l.alliance.ID, "kpi", k.ID, payer.ID); err != nil {
			return nil, err
		}
		t := accord.Target{KPIID: k.ID, EffectiveAt: now.AddDate(-5, 0, 0), Value: number.DecimalFromInt(80), Green: number.DecimalFromInt(80), Amber: number.DecimalFromInt(70)}
		if k.Unit == accord.UnitCount {
			t.Value, t.Green, t.Amber = number.DecimalFromInt(2000), number.DecimalFromInt(2000), number.DecimalFromInt(1500)
		}
		if err := db.ProposeTarget(ctx, actor, l.alliance.ID, l.provider.ID, &t); err != nil {
			return nil, err
		}
		if _, err := db.Approve(ctx, actor, l.alliance.ID, "target", t.ID, payer.ID); err != nil {
			return nil, err
		}
		l.keys = append(l.keys, k.Key)
	}
	fmt.Printf("  %d KPIs with targets: %s\n", sh.kpis, since(start))
	return l, l.fill(ctx, db, sh, now)
}

// fill imports every observation, then revises 10% of them.
func (l *large) fill(ctx context.Context, db *store.DB, sh shape, now time.Time) error {
	rng := rand.New(rand.NewPCG(1, 2))
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -sh.months-1, 0)
	actor := accord.Actor{UserID: l.user.ID, Name: l.user.Name, Via: "bench"}
	var batch, revisions []accord.ObservationInput
	start, n := time.Now(), 0
	flush := func(rows []accord.ObservationInput) error {
		rep, err := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: l.alliance.ID, Format: "csv", Filename: "bench.csv", Rows: rows})
		if err == nil && len(rep.Errors) > 0 {
			err = fmt.Errorf("bench data rejected: %v", rep.Errors[0])
		}
		return err
	}
	for ki, key := range l.keys {
		for mo := 0; mo < sh.months; mo++ {
			period := first.AddDate(0, mo, 0).Format("2006-01")
			for s := 0; s < sh.segments; s++ {
				n++
				in := accord.ObservationInput{KPI: key, Period: period, Segment: fmt.Sprintf("Clinic %02d", s), Line: n}
				den := 200 + rng.IntN(300)
				num := int(math.Round(float64(den) * (0.6 + 0.3*rng.Float64())))
				if ki%2 == 0 {
					in.Numerator, in.Denominator = dec(num), dec(den)
				} else {
					in.Value = dec(num * 10)
				}
				batch = append(batch, in)
				if rng.IntN(10) == 0 {
					rev := in
					if rev.Value != nil {
						rev.Value = dec(num*10 + 1)
					} else {
						rev.Numerator = dec(num - 1)
					}
					revisions = append(revisions, rev)
				}
			}
			if len(batch) >= 20_000 {
				if err := flush(batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
	}
	if err := flush(batch); err != nil {
		return err
	}
	fmt.Printf("  %d observations: %s\n", n, since(start))
	start = time.Now()
	for i := 0; i < len(revisions); i += 20_000 {
		if err := flush(revisions[i:min(i+20_000, len(revisions))]); err != nil {
			return err
		}
	}
	fmt.Printf("  %d revisions: %s\n", len(revisions), since(start))
	return nil
}

func dec(n int) *number.Decimal {
	d := number.DecimalFromInt(int64(n))
	return &d
}
