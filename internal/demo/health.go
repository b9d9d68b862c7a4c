package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/pulse"
)

// Health says where the partnership health story is.
type Health struct {
	// Rounds are the six closed rounds, oldest first.
	Rounds []string
	// InvestorHidden is the round in which too few of the investor's
	// people answered for its results to show.
	InvestorHidden string
}

// surveyPeople are the members who join to answer the surveys, so that
// every party has enough people for its results to show (5 by default).
// They have no login of their own in the printed list.
func surveyPeople() []person {
	m := accord.Roles{accord.RoleMember}
	return []person{
		{"Irene Walsh", "irene.walsh@valleyhealthplan.example", "Valley Health Plan", m, false},
		{"Kofi Mensah", "kofi.mensah@valleyhealthplan.example", "Valley Health Plan", m, false},
		{"Dr. Hannah Berg", "hannah.berg@riversidepg.example", "Riverside Physician Group", m, false},
		{"Dr. Omar Farouk", "omar.farouk@riversidepg.example", "Riverside Physician Group", m, false},
		{"Beatriz Souza", "beatriz.souza@cedarridge.example", "Cedar Ridge Health Partners", m, false},
		{"Philip Grant", "philip.grant@cedarridge.example", "Cedar Ridge Health Partners", m, false},
		{"Mei Tanaka", "mei.tanaka@cedarridge.example", "Cedar Ridge Health Partners", m, false},
		{"Victor Alves", "victor.alves@cedarridge.example", "Cedar Ridge Health Partners", m, false},
		{"Ravi Iyer", "ravi.iyer@brightline.example", "Brightline Telehealth", m, false},
		{"Julia Novak", "julia.novak@brightline.example", "Brightline Telehealth", m, false},
		{"Ethan Cole", "ethan.cole@brightline.example", "Brightline Telehealth", m, false},
		{"Zara Khan", "zara.khan@brightline.example", "Brightline Telehealth", m, false},
	}
}

// healthRounds is how many quarterly rounds the demo has run.
const healthRounds = 6

// investorShortRound is the round in which only three of the investor's
// people answered.
const investorShortRound = 3

// Survey adds the survey's members, the default instrument and six
// quarterly rounds, closed, with answers that tell the demo's story: trust
// and communication steady; the physician group finding the pace too fast
// as pilots piled up and about right again after the remote-monitoring
// pause; the vendor's clinical voice low; one round where the investor's
// answers are too few to show.
func Survey(ctx context.Context, svc accord.Services, allianceID, hash string, partyIDs map[string]string, now time.Time) (Health, error) {
	actor := accord.SystemActor("demo")
	at := asOf(svc, founded(now))
	var out Health
	for _, p := range surveyPeople() {
		u := accord.User{Email: p.email, Name: p.name}
		if err := at.CreateUser(ctx, actor, &u, hash); err != nil {
			return out, fmt.Errorf("demo survey: %w", err)
		}
		m := accord.Membership{AllianceID: allianceID, UserID: u.ID, PartyID: partyIDs[p.party], Roles: p.roles}
		if err := at.AddMember(ctx, actor, &m); err != nil {
			return out, fmt.Errorf("demo survey: %w", err)
		}
	}
	in := pulse.Default(allianceID)
	first := roundOpens(now, 0)
	if err := asOf(svc, first.AddDate(0, 0, -7)).CreateInstrument(ctx, actor, &in); err != nil {
		return out, fmt.Errorf("demo survey: %w", err)
	}
	names := map[string]string{}
	for org, id := range partyIDs {
		names[id] = org
	}
	for k := range healthRounds {
		id, err := surveyRound(ctx, svc, in, k, names, now)
		if err != nil {
			return out, fmt.Errorf("demo survey round %d: %w", k+1, err)
		}
		out.Rounds = append(out.Rounds, id)
	}
	out.InvestorHidden = out.Rounds[investorShortRound]
	return out, nil
}

// roundOpens is the day round k (0 the oldest) opened: a quarter apart,
// the last three weeks ago, so that it closed a week ago.
func roundOpens(now time.Time, k int) time.Time {
	return accord.Day(now.UTC()).AddDate(0, -3*(healthRounds-1-k), -21)
}

// surveyRound schedules, opens, answers and closes round k.
func surveyRound(ctx context.Context, svc accord.Services, in accord.Instrument, k int, names map[string]string, now time.Time) (string, error) {
	actor := accord.SystemActor("demo")
	opens := roundOpens(now, k)
	r := accord.HealthRound{AllianceID: in.AllianceID, InstrumentID: in.ID, OpensOn: opens, ClosesOn: opens.AddDate(0, 0, 13)}
	if err := asOf(svc, opens.AddDate(0, 0, -3).Add(9*time.Hour)).ScheduleRound(ctx, actor, &r); err != nil {
		return "", err
	}
	if _, err := asOf(svc, opens.Add(8*time.Hour)).OpenRound(ctx, actor, in.AllianceID, r.ID); err != nil {
		return "", err
	}
	members, err := svc.ListMembers(ctx, in.AllianceID)
	if err != nil {
		return "", err
	}
	seen := map[string]int{}
	for i, m := range members {
		if !m.Active {
			continue
		}
		party := names[m.PartyID]
		seen[party]++
		if party == "Cedar Ridge Health Partners" && k == investorShortRound && seen[party] > 3 {
			continue
		}
		s := accord.HealthSubmission{RoundID: r.ID, Answers: demoAnswers(in, party, k, i), Comments: demoComments(party, k, seen[party])}
		day := opens.AddDate(0, 0, 1+(i*5)%12).Add(time.Duration(9+i%8) * time.Hour)
		if err := asOf(svc, day).SubmitHealthResponse(ctx, in.AllianceID, m.ID, s); err != nil {
			return "", err
		}
	}
	if _, err := asOf(svc, r.ClosesOn.Add(18*time.Hour)).CloseRound(ctx, actor, in.AllianceID, r.ID); err != nil {
		return "", err
	}
	return r.ID, nil
}

// demoScore is the score (1–5, higher is better) a party gives a factor
// in round k, before each person's own spread.
func demoScore(party, factor string, k int) float64 {
	switch {
	case factor == "clinical_voice" && party == "Brightline Telehealth":
		return 2.2
	case factor == "paperwork" && party == "Riverside Physician Group":
		return []float64{2.6, 2.7, 2.9, 3.3, 3.6, 3.8}[k]
	case factor == "trust", factor == "communication":
		return 4.0
	}
	if v, ok := map[string]float64{"vision": 3.9, "decisions": 3.5, "fairness": 3.4, "paperwork": 3.6, "bad_news": 3.7}[factor]; ok {
		return v
	}
	return 3.9
}

// demoPace is how fast the physician group finds the pace in round k (1
// far too slow, 3 about right, 5 far too fast): faster as pilots piled up,
// about right again after the remote-monitoring pause.
func demoPace(party string, k int) float64 {
	if party == "Riverside Physician Group" {
		return []float64{3.2, 3.8, 4.3, 4.7, 3.6, 3.1}[k]
	}
	return 3.0
}

// demoAnswers answers every item of the instrument for one person: the
// party's score with a spread of a point either side, the same every run.
func demoAnswers(in accord.Instrument, party string, k, person int) map[string]int {
	eng := pulse.Engine(in)
	out := map[string]int{}
	for fi, f := range eng.Factors {
		for ii, it := range f.Items {
			spread := float64((person*7+ii*3+fi*5+k)%5-2) * 0.5
			var a float64
			switch {
			case it.Kind == health.Bipolar:
				a = demoPace(party, k) + spread*0.6
			case it.Reverse:
				a = 6 - (demoScore(party, f.Key, k) + spread)
			default:
				a = demoScore(party, f.Key, k) + spread
			}
			out[it.Key] = int(math.Max(1, math.Min(5, math.Round(a))))
		}
	}
	return out
}

// demoComments gives a few people's comments in words that fit the story.
func demoComments(party string, k, nth int) map[string]string {
	if nth != 2 {
		return nil
	}
	switch {
	case party == "Riverside Physician Group" && k >= 2 && k <= 3:
		return map[string]string{"pace": "Three pilots landed in the clinics in the same quarter; our teams cannot absorb them all."}
	case party == "Riverside Physician Group" && k >= 4:
		return map[string]string{"pace": "Pausing remote monitoring gave the clinics room to breathe."}
	case party == "Brightline Telehealth":
		return map[string]string{"clinical_voice": "We hear from clinicians only after the plans are made."}
	case party == "Valley Health Plan":
		return map[string]string{"trust": "The monthly numbers are shared openly and on time."}
	}
	return nil
}
