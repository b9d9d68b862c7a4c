package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

const (
	priya  = "priya.raman@valleyhealthplan.example"
	marcus = "marcus.bell@riversidepg.example"
)

// enterer is who records a party's contributions: its finance role, or
// its executive where it has none.
func enterer(party string) string {
	return map[string]string{payer: priya, provider: marcus, investor: jonathan, vendor: leo}[party]
}

// gift is a contribution as the demo records it: who acknowledges it, or
// who disputes it and why.
type gift struct {
	on             time.Time
	amount         number.Money
	hours          int64
	ackBy, dispute string // e-mail; dispute is "email:reason"
	disputeBy      string
}

// pledge is a commitment with its contributions.
type pledge struct {
	c     accord.Commitment
	party string
	gifts []gift
}

// ledger records every party's commitments to the initiatives and the
// contributions made against them: acknowledged by another party, one
// disputed (the vendor's monitoring kits, of which fewer arrived than it
// counted), and one commitment past due with nothing paid.
func (p *portfolio) ledger(ctx context.Context) error {
	sm0, sm1, sm4 := p.sm[0].StartsAt, p.sm[1].StartsAt, p.sm[4].StartsAt
	tele := day(p.cal.month(telehealthMonth))
	lakeview := p.lakeview
	pledges := []pledge{
		{accord.Commitment{InitiativeID: p.out.CareManager, Kind: accord.CommitCash, Description: "Care managers' salaries, the first two years", Amount: number.Dollars(480_000), DueOn: day(sm0).AddDate(0, 1, 0)}, payer,
			[]gift{{on: day(sm0).AddDate(0, 1, 0), amount: number.Dollars(240_000), ackBy: marcus}, {on: day(sm0).AddDate(1, 1, 0), amount: number.Dollars(240_000), ackBy: marcus}}},
		{accord.Commitment{InitiativeID: p.out.CareManager, Kind: accord.CommitStaffTime, Description: "Clinic care managers' time", Hours: number.DecimalFromInt(2000), Role: "care manager", Rate: number.Dollars(62) + 50, DueOn: day(sm4).AddDate(1, 0, 0)}, provider,
			[]gift{{on: day(sm4).AddDate(0, 3, 0), hours: 1200, ackBy: priya}}},
		{accord.Commitment{InitiativeID: p.out.Telehealth, Kind: accord.CommitCash, Description: "The pilot's set-up and the clinics' equipment", Amount: number.Dollars(300_000), DueOn: tele}, investor,
			[]gift{{on: tele.AddDate(0, 0, -10), amount: number.Dollars(300_000), ackBy: leo}}},
		{accord.Commitment{InitiativeID: p.out.Telehealth, Kind: accord.CommitInKind, Description: "Video-visit licences for the pilot clinics, eighteen months", Amount: number.Dollars(150_000), DueOn: tele}, vendor,
			[]gift{{on: tele, amount: number.Dollars(150_000), ackBy: jonathan}}},
		{accord.Commitment{InitiativeID: p.out.RemoteMonitoring, Kind: accord.CommitCash, Description: "Monitoring nurses and the shared-risk reserve", Amount: number.Dollars(200_000), DueOn: day(sm1).AddDate(0, 1, 0)}, investor,
			[]gift{{on: day(sm1).AddDate(0, 1, 0), amount: number.Dollars(200_000), ackBy: priya}}},
		{accord.Commitment{InitiativeID: p.out.RemoteMonitoring, Kind: accord.CommitInKind, Description: "200 monitoring kits (blood pressure, weight, pulse oximetry) for Lakeview", Amount: number.Dollars(90_000), DueOn: lakeview}, vendor,
			[]gift{{on: lakeview, amount: number.Dollars(90_000), disputeBy: priya, dispute: "Only 140 of the 200 kits reached Lakeview; the delivery notes are with the council's minutes."}}},
		{accord.Commitment{InitiativeID: p.out.RemoteMonitoring, Kind: accord.CommitCash, Description: "Lakeview's monitoring nurse hours", Amount: number.Dollars(60_000), DueOn: day(p.now).AddDate(0, 0, -30)}, payer, nil},
	}
	for _, pl := range pledges {
		if err := p.pledge(ctx, pl); err != nil {
			return err
		}
	}
	return nil
}

func (p *portfolio) pledge(ctx context.Context, pl pledge) error {
	c := pl.c
	c.AllianceID, c.PartyID = p.alliance, p.parties[pl.party]
	who := enterer(pl.party)
	first := c.DueOn
	for _, g := range pl.gifts {
		if g.on.Before(first) {
			first = g.on
		}
	}
	if err := p.at(first.AddDate(0, 0, -10).Add(9*time.Hour)).AddCommitment(ctx, p.actors[who], &c); err != nil {
		return fmt.Errorf("commitment %s: %w", c.Description, err)
	}
	if len(pl.gifts) == 0 {
		p.out.PastDue = c.ID
	}
	for _, g := range pl.gifts {
		x := accord.Contribution{AllianceID: p.alliance, CommitmentID: c.ID, Amount: g.amount, Hours: number.DecimalFromInt(g.hours), On: g.on}
		when := g.on.Add(10 * time.Hour)
		if err := p.at(when).EnterContribution(ctx, p.actors[who], &x); err != nil {
			return fmt.Errorf("contribution to %s: %w", c.Description, err)
		}
		if g.ackBy != "" {
			if _, err := p.at(when.AddDate(0, 0, 3)).AcknowledgeContribution(ctx, p.actors[g.ackBy], p.alliance, x.ID); err != nil {
				return fmt.Errorf("acknowledge %s: %w", c.Description, err)
			}
		}
		if g.disputeBy != "" {
			if _, err := p.at(when.AddDate(0, 0, 5)).DisputeContribution(ctx, p.actors[g.disputeBy], p.alliance, x.ID, g.dispute); err != nil {
				return fmt.Errorf("dispute %s: %w", c.Description, err)
			}
			p.out.Disputed = x.ID
		}
	}
	return nil
}
