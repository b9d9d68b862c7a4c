package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
)

// shape is the size of the generated portfolio.
type shape struct{ initiatives, phases, sites int }

// portfolio is the generated alliance: its slug, its admin, the first
// month of its five years, and an initiative and party to commit to.
type portfolio struct {
	slug, from        string
	user              accord.User
	allianceID, party string
	initiative        string
	firstDay          time.Time
}

// makePortfolio generates the alliance through the store, as people would
// fill it: a payer and a provider, the provider's 50 sites, a clinical
// leader, and 200 initiatives of five phases each over five years.
func makePortfolio(ctx context.Context, db *store.DB, sh shape, now time.Time) (*portfolio, error) {
	actor := accord.SystemActor("bench")
	a := accord.Alliance{Slug: "bench", Name: "Benchmark Alliance"}
	if err := db.CreateAlliance(ctx, actor, &a); err != nil {
		return nil, err
	}
	payer := accord.Party{AllianceID: a.ID, Role: accord.PartyPayer}
	provider := accord.Party{AllianceID: a.ID, Role: accord.PartyProvider}
	for i, p := range []*accord.Party{&payer, &provider} {
		o, err := db.EnsureOrganization(ctx, actor, fmt.Sprintf("Bench org %d", i))
		if err != nil {
			return nil, err
		}
		p.OrgID = o.ID
		if err := db.AddParty(ctx, actor, p); err != nil {
			return nil, err
		}
	}
	p := &portfolio{slug: a.Slug, allianceID: a.ID, party: payer.ID, user: accord.User{Email: "bench@bench.example", Name: "Bench"}}
	if err := db.CreateUser(ctx, actor, &p.user, ""); err != nil {
		return nil, err
	}
	m := accord.Membership{AllianceID: a.ID, UserID: p.user.ID, PartyID: provider.ID, Roles: accord.Roles{accord.RoleAdmin, accord.RoleClinicalLeader}}
	if err := db.AddMember(ctx, actor, &m); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(15, 2027))
	siteIDs := make([]string, sh.sites)
	for i := range siteIDs {
		s := accord.Site{AllianceID: a.ID, PartyID: provider.ID, Name: fmt.Sprintf("Clinic %02d", i+1), Kind: accord.SiteKindSite,
			MaxActive: 2 + rng.IntN(3), StaffHours: number.DecimalFromInt(int64(30 + rng.IntN(60)))}
		if err := db.CreateSite(ctx, actor, &s); err != nil {
			return nil, err
		}
		siteIDs[i] = s.ID
	}
	p.firstDay = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	p.from = p.firstDay.Format("2006-01")
	for i := 0; i < sh.initiatives; i++ {
		if err := addInitiative(ctx, db, p, rng, i, sh.phases, siteIDs, []string{payer.ID, provider.ID}, m.ID); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// addInitiative proposes one initiative at up to three sites, with its
// phases one after another from a random month of the five years, and a
// cash commitment of the payer.
func addInitiative(ctx context.Context, db *store.DB, p *portfolio, rng *rand.Rand, i, phases int, siteIDs, sponsors []string, lead string) error {
	actor := accord.SystemActor("bench")
	sites := []string{siteIDs[rng.IntN(len(siteIDs))]}
	for len(sites) < 1+rng.IntN(3) {
		if s := siteIDs[rng.IntN(len(siteIDs))]; s != sites[0] {
			sites = append(sites, s)
		}
	}
	in := accord.Initiative{AllianceID: p.allianceID, Name: fmt.Sprintf("Initiative %03d", i+1), Kind: accord.InitiativeCareModelChange,
		Purpose: "Generated for the benchmark.", SponsorIDs: sponsors, ClinicalLeadID: lead, SiteIDs: sites}
	if err := db.ProposeInitiative(ctx, actor, &in); err != nil {
		return err
	}
	start := p.firstDay.AddDate(0, rng.IntN(48), 0)
	for k := 0; k < phases; k++ {
		end := start.AddDate(0, 1+rng.IntN(12), -1)
		ph := accord.Phase{AllianceID: p.allianceID, InitiativeID: in.ID, Name: fmt.Sprintf("Phase %d", k+1), StartsOn: start, EndsOn: end}
		for _, s := range sites[:1+rng.IntN(len(sites))] {
			ph.Sites = append(ph.Sites, accord.PhaseSite{SiteID: s, BackOfficeHours: number.DecimalFromInt(int64(rng.IntN(4))),
				Staff: []accord.RoleHours{{Role: "Nurse", Hours: number.DecimalFromInt(int64(2 + rng.IntN(10)))}}})
		}
		if err := db.AddPhase(ctx, actor, &ph); err != nil {
			return err
		}
		start = end.AddDate(0, 0, 1)
	}
	if p.initiative == "" {
		p.initiative = in.ID
	}
	c := accord.Commitment{AllianceID: p.allianceID, InitiativeID: in.ID, PartyID: sponsors[0], Kind: accord.CommitCash,
		Amount: number.Dollars(int64(10_000 + rng.IntN(90_000))), DueOn: p.firstDay}
	return db.AddCommitment(ctx, actor, &c)
}

// change records a new commitment, as a change between views would.
func (p *portfolio) change(ctx context.Context, db *store.DB, i int) error {
	c := accord.Commitment{AllianceID: p.allianceID, InitiativeID: p.initiative, PartyID: p.party, Kind: accord.CommitCash,
		Amount: number.Dollars(int64(1000 + i)), DueOn: p.firstDay}
	return db.AddCommitment(context.Background(), accord.SystemActor("bench"), &c)
}
