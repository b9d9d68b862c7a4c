package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// Stories says where the demo scorecard's stories are, so that tests and
// guided tours can find them without knowing the calendar.
type Stories struct {
	// Improving rises steadily from ImprovingFrom, when the care-management
	// program started and Eastgate hired a care manager (annotated).
	Improving     string
	ImprovingFrom time.Time
	// Shift jumps at ShiftAt, when the telehealth pilot started (annotated).
	Shift   string
	ShiftAt time.Time
	// Late is a KPI whose owner stopped reporting after LastReported, so
	// its latest expected periods have no data.
	Late         string
	LastReported time.Time
	// Lapsed is a KPI that one clinic, LapsedClinic, stopped reporting
	// after LapsedAfter while the others carry on.
	Lapsed       string
	LapsedClinic string
	LapsedAfter  time.Time
	// Proposed is a KPI one party proposed that not every party has approved.
	Proposed string
	// Corrected had its figures for CorrectedPeriod re-sent in a later
	// import, so they have a revision history.
	Corrected       string
	CorrectedPeriod time.Time
	// KPIs is how many KPIs every party approved; Observations how many
	// figures were imported (revisions included).
	KPIs, Observations int
}

// spokesperson names who acts for a party on the scorecard: the lead
// proposes and approves KPIs and targets, the analyst sends the data.
type spokesperson struct{ lead, analyst string }

func spokespeople() map[string]spokesperson {
	return map[string]spokesperson{
		payer:    {"dana.whitfield@valleyhealthplan.example", "priya.raman@valleyhealthplan.example"},
		provider: {"elena.vasquez@riversidepg.example", "grace.liu@riversidepg.example"},
		investor: {"jonathan.reyes@cedarridge.example", "jonathan.reyes@cedarridge.example"},
		vendor:   {"leo.brandt@brightline.example", "sofia.marin@brightline.example"},
	}
}

// partyOrder is the order in which parties approve and import.
func partyOrder() []string { return []string{payer, provider, investor, vendor} }

// batchRows bounds one import file.
const batchRows = 2000

// Scorecard builds the demo alliance's shared scorecard as its people
// would: each KPI proposed by its owner and approved by every other party,
// targets agreed the same way, one KPI still awaiting approval, annotations
// of what happened, and three years of monthly figures up to the latest
// month due at now, imported by each party in a few files and one
// correction. parties maps organisation names to party IDs and people
// e-mail addresses to actors. The figures depend on now alone.
func Scorecard(ctx context.Context, svc accord.Services, allianceID string, parties map[string]string, people map[string]accord.Actor, now time.Time) (Stories, error) {
	d := director{svc: svc, alliance: allianceID, parties: parties, people: people, cal: newCalendar(now)}
	if err := d.check(); err != nil {
		return Stories{}, err
	}
	ms := allMeasures()
	steps := []func(context.Context, []measure) error{d.agree, d.setTargets, d.propose, d.annotate, d.send}
	for _, step := range steps {
		if err := step(ctx, ms); err != nil {
			return Stories{}, fmt.Errorf("demo scorecard: %w", err)
		}
	}
	return d.stories(ms), nil
}

// director plays the parties' people through the services.
type director struct {
	svc      accord.Services
	alliance string
	parties  map[string]string
	people   map[string]accord.Actor
	cal      calendar
	imported int
}

func (d *director) check() error {
	for _, org := range partyOrder() {
		s := spokespeople()[org]
		_, lead := d.people[s.lead]
		_, analyst := d.people[s.analyst]
		if d.parties[org] == "" || !lead || !analyst {
			return fmt.Errorf("demo scorecard: %s, its lead or its analyst is missing", org)
		}
	}
	return nil
}

func (d *director) lead(org string) accord.Actor    { return d.people[spokespeople()[org].lead] }
func (d *director) analyst(org string) accord.Actor { return d.people[spokespeople()[org].analyst] }

// agreedAt is when the parties proposed the scorecard's KPIs and targets:
// the KPIs a month after the alliance was founded, the targets a fortnight
// later, each approval a few days after its proposal.
func (d *director) agreedAt(targets bool) time.Time {
	t := founded(d.cal.now).AddDate(0, 1, 0)
	if targets {
		t = t.AddDate(0, 0, 14)
	}
	return t
}

// approveAll has every party but the proposer's approve a KPI or target,
// one party a day from the day after when.
func (d *director) approveAll(ctx context.Context, subject, id, proposer string, when time.Time) error {
	status := accord.KPIProposed
	for i, org := range partyOrder() {
		if org == proposer {
			continue
		}
		var err error
		if status, err = asOf(d.svc, when.AddDate(0, 0, 1+i)).Approve(ctx, d.lead(org), d.alliance, subject, id, d.parties[org]); err != nil {
			return fmt.Errorf("%s approves %s %s: %w", org, subject, id, err)
		}
	}
	if status != accord.KPIApproved {
		return fmt.Errorf("%s %s is %s after every party approved it", subject, id, status)
	}
	return nil
}

// agree proposes each KPI as its owner and has the others approve it.
func (d *director) agree(ctx context.Context, ms []measure) error {
	for i := range ms {
		k := &ms[i].KPI
		k.AllianceID, k.OwnerPartyID = d.alliance, d.parties[ms[i].owner]
		if k.Frequency == "" {
			k.Frequency = accord.Monthly
		}
		if k.GraceDays == 0 {
			k.GraceDays = clinicGrace
		}
		if ms[i].clinics {
			k.SegmentBy = "clinic"
		}
		when := d.agreedAt(false).Add(time.Duration(i) * 10 * time.Minute)
		if err := asOf(d.svc, when).ProposeKPI(ctx, d.lead(ms[i].owner), k.OwnerPartyID, k); err != nil {
			return fmt.Errorf("propose %s: %w", k.Key, err)
		}
		if err := d.approveAll(ctx, "kpi", k.ID, ms[i].owner, when); err != nil {
			return err
		}
	}
	return nil
}

// setTargets agrees each KPI's targets; the first applies from its first period.
func (d *director) setTargets(ctx context.Context, ms []measure) error {
	for _, m := range ms {
		for _, g := range m.targets {
			from := d.cal.month(g.from)
			if first := d.cal.periods(m.KPI)[0]; g.from == 0 && first.Before(from) {
				from = first
			}
			t := accord.Target{KPIID: m.ID, EffectiveAt: from, Value: *decimal(g.green, 2), Green: *decimal(g.green, 2), Amber: *decimal(g.amber, 2)}
			when := d.agreedAt(true)
			if from.After(when) { // a later target is agreed as its year begins
				when = from.AddDate(0, 0, -10)
			}
			if err := asOf(d.svc, when).ProposeTarget(ctx, d.lead(m.owner), d.alliance, d.parties[m.owner], &t); err != nil {
				return fmt.Errorf("target of %s: %w", m.Key, err)
			}
			if err := d.approveAll(ctx, "target", t.ID, m.owner, when); err != nil {
				return err
			}
		}
	}
	return nil
}

// propose leaves one KPI half agreed: Brightline proposed it and Riverside
// approved it; the payer and the investor have yet to.
func (d *director) propose(ctx context.Context, _ []measure) error {
	k := proposal()
	k.AllianceID, k.OwnerPartyID = d.alliance, d.parties[vendor]
	if err := asOf(d.svc, d.cal.now.AddDate(0, 0, -20)).ProposeKPI(ctx, d.lead(vendor), d.parties[vendor], &k); err != nil {
		return fmt.Errorf("propose %s: %w", k.Key, err)
	}
	_, err := asOf(d.svc, d.cal.now.AddDate(0, 0, -12)).Approve(ctx, d.lead(provider), d.alliance, "kpi", k.ID, d.parties[provider])
	return err
}

// annotate marks the months where something happened on the charts it shows in.
func (d *director) annotate(ctx context.Context, ms []measure) error {
	notes := []struct {
		key, label string
		month      int
	}{
		{"same-week-access", "Telehealth pilot started", telehealthMonth},
		{"third-next-available", "Telehealth pilot started", telehealthMonth},
		{"telehealth-visits", "Telehealth pilot started", telehealthMonth},
		{"hba1c-control", "Care-manager hired at Eastgate", careManagerMonth},
		{"care-management-enrolment", "Care-management program started", careManagerMonth},
		{"platform-uptime", "Video service outage (9 hours)", outageMonth},
	}
	for _, n := range notes {
		m := find(ms, n.key)
		a := accord.Annotation{KPIID: m.ID, Period: d.cal.month(n.month), Label: n.label}
		if err := d.svc.AddAnnotation(ctx, d.lead(m.owner), d.alliance, &a); err != nil {
			return fmt.Errorf("annotate %s: %w", n.key, err)
		}
	}
	return nil
}

func find(ms []measure, key string) *measure {
	for i := range ms {
		if ms[i].Key == key {
			return &ms[i]
		}
	}
	panic("demo: no measure " + key)
}

// The correction: Valley Health Plan's first file for one month lacked the
// pharmacy claims, and it re-sent the month.
const (
	correctedKPI   = "total-cost"
	correctedAge   = 2    // periods before the latest
	correctedShare = 0.94 // of the true figure in the first file
)

// send imports every party's figures as its analyst would, in files of a
// couple of thousand rows, and then the payer's correction.
func (d *director) send(ctx context.Context, ms []measure) error {
	byParty := map[string][]accord.ObservationInput{}
	var restated []accord.ObservationInput
	for i := range ms {
		if ms[i].Formula != "" {
			continue
		}
		rows := ms[i].figures(d.cal)
		if ms[i].Key == correctedKPI {
			rows, restated = d.understate(ms[i], rows)
		}
		byParty[ms[i].owner] = append(byParty[ms[i].owner], rows...)
	}
	freq := map[string]accord.Frequency{}
	for _, m := range ms {
		freq[m.Key] = m.Frequency
	}
	for _, org := range partyOrder() {
		rows := byParty[org]
		if org == provider {
			if err := d.sendAsArrived(ctx, org, rows, freq); err != nil {
				return err
			}
			continue
		}
		for n := 1; len(rows) > 0; n++ {
			batch := rows[:min(batchRows, len(rows))]
			rows = rows[len(batch):]
			if err := d.importFile(ctx, org, fmt.Sprintf("%s-scorecard-%d.csv", fileStem(org), n), batch); err != nil {
				return err
			}
		}
	}
	c := find(ms, correctedKPI)
	period := c.Frequency.FormatPeriod(d.correctedPeriod(*c))
	return d.importFile(ctx, payer, "vhp-total-cost-"+period+"-restated.csv", restated)
}

func (d *director) correctedPeriod(m measure) time.Time {
	ps := d.cal.periods(m.KPI)
	return ps[len(ps)-1-correctedAge]
}

// understate returns rows with the corrected period's figures short of
// their pharmacy claims, and the true figures to send later.
func (d *director) understate(m measure, rows []accord.ObservationInput) (first, restated []accord.ObservationInput) {
	period := m.Frequency.FormatPeriod(d.correctedPeriod(m))
	for i, r := range rows {
		if r.Period != period {
			continue
		}
		restated = append(restated, r)
		rows[i].Value = decimal(r.Value.Float()*correctedShare, 2)
	}
	return rows, restated
}

func fileStem(org string) string {
	return map[string]string{payer: "vhp", provider: "riverside", investor: "cedar-ridge", vendor: "brightline"}[org]
}

// importFile imports rows as one file sent by the party's analyst.
func (d *director) importFile(ctx context.Context, org, name string, rows []accord.ObservationInput) error {
	for i := range rows {
		rows[i].Line, rows[i].Source = i+2, "csv:"+name // line 1 is the header
	}
	req := accord.ImportRequest{AllianceID: d.alliance, Format: "csv", Filename: name, Rows: rows, PartyID: d.parties[org]}
	rep, err := d.svc.ImportObservations(ctx, d.analyst(org), req)
	if err != nil {
		return fmt.Errorf("import %s: %w", name, err)
	}
	if len(rep.Errors) > 0 {
		return fmt.Errorf("import %s: %d rows refused, the first: %v", name, len(rep.Errors), rep.Errors[0])
	}
	d.imported += rep.New + rep.Revised
	return nil
}

func (d *director) stories(ms []measure) Stories {
	late, lapsed, fixed := find(ms, "platform-uptime"), find(ms, "patient-experience"), find(ms, correctedKPI)
	lateP, lapsedP := d.cal.periods(late.KPI), d.cal.periods(lapsed.KPI)
	return Stories{
		Improving:       "hba1c-control",
		ImprovingFrom:   d.cal.month(careManagerMonth),
		Shift:           "same-week-access",
		ShiftAt:         d.cal.month(telehealthMonth),
		Late:            late.Key,
		LastReported:    lateP[len(lateP)-1-late.stopped],
		Lapsed:          lapsed.Key,
		LapsedClinic:    lapsed.dropout,
		LapsedAfter:     lapsedP[len(lapsedP)-1-lapsed.dropped],
		Proposed:        proposal().Key,
		Corrected:       fixed.Key,
		CorrectedPeriod: d.correctedPeriod(*fixed),
		KPIs:            len(ms),
		Observations:    d.imported,
	}
}
