package server_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/views"
)

const investorParty = "Cedar Ridge Health Partners"

// checkThreshold fails for any group of the results that shows a figure
// from fewer than least answers, or hides one without a reason or with a
// figure left, and for any comment of a party not shown beside it.
func checkThreshold(t *testing.T, res views.HealthResults, least int) {
	t.Helper()
	if res.MinRespondents != least {
		t.Errorf("min_respondents = %d, want %d", res.MinRespondents, least)
	}
	for _, f := range res.Factors {
		groups := append(append([]views.HealthGroup{f.Alliance}, f.Parties...), f.Breakdown...)
		for _, g := range groups {
			if g.Shown && g.N < least {
				t.Errorf("%s %s/%s: shown from %d answers, under %d", f.Key, g.Party, g.Role, g.N, least)
			}
			if !g.Shown && (g.Mean != nil || g.SD != nil || g.Low != nil || g.High != nil || g.LeanMean != nil || g.Hidden == "") {
				t.Errorf("%s %s/%s: hidden but carries %+v", f.Key, g.Party, g.Role, g)
			}
		}
		shown := map[string]bool{}
		for _, p := range f.Parties {
			shown[p.Party] = p.Shown
		}
		for _, c := range f.Comments {
			if !shown[c.Party] {
				t.Errorf("%s: a comment of %s, whose results are hidden", f.Key, c.Party)
			}
		}
		if f.Gap != nil && (!shown[f.Gap.High] || !shown[f.Gap.Low]) {
			t.Errorf("%s: the gap names a hidden party: %+v", f.Key, f.Gap)
		}
	}
	for _, p := range res.Profiles {
		for i, m := range p.Means {
			if m != nil && !res.Factors[i].Parties[partyAt(res.Factors[i], p.Party)].Shown {
				t.Errorf("profile of %s shows a hidden %s", p.Party, res.Factors[i].Key)
			}
		}
	}
}

func partyAt(f views.HealthFactor, party string) int {
	for i, p := range f.Parties {
		if p.Party == party {
			return i
		}
	}
	return -1
}

// checkCSV fails for any row of the export that has a figure from fewer
// than least answers or no reason where it has none.
func checkCSV(t *testing.T, body string, least int) int {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("CSV: %d rows, %v", len(rows), err)
	}
	hidden := 0
	for _, r := range rows[1:] {
		n, _ := strconv.Atoi(r[5])
		figures := r[6] + r[7] + r[8] + r[9]
		if n < least && figures != "" {
			t.Errorf("CSV row %v: figures from %d answers", r, n)
		}
		if figures == "" && r[11] == "" {
			t.Errorf("CSV row %v: no figures and no reason", r)
		}
		if r[11] != "" {
			hidden++
		}
	}
	return hidden
}

// TestHealthResults reads the demo's survey results through the page, the
// API and the CSV export on both databases: the latest round, the round in
// which the investor's answers are too few (and the page saying so), and
// every round again after the alliance raises its minimum.
func TestHealthResults(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			member := a.login(roleAccounts["member"])
			tok := a.token(roleAccounts["observer"], accord.ScopeRead)
			page := "/a/north-valley/health"

			status, body := a.get(member, page)
			if status != http.StatusOK || !strings.Contains(body, `aria-current="page">Health</a>`) {
				t.Fatalf("health page: %d, want 200 with Health current in the nav", status)
			}
			for _, want := range []string{"Clinical voice", "Perception gap", "each party&#39;s profile", "<svg", "On Clinical voice, "} {
				if !strings.Contains(strings.ToLower(body), strings.ToLower(want)) {
					t.Errorf("health page lacks %q", want)
				}
			}
			if _, home := a.get(member, "/a/north-valley"); !strings.Contains(home, `id="health-glance"`) || !strings.Contains(home, "On Clinical voice, ") {
				t.Error("the overview does not show the latest round at a glance with its signal")
			}
			packetPath := "/a/north-valley/meetings/" + a.demo.Governance.NextCheckIn + "/packet"
			if _, pk := a.get(member, packetPath); !strings.Contains(pk, "Partnership health") || !strings.Contains(pk, "On Clinical voice, ") || strings.Contains(pk, ">hidden<") {
				t.Error("the packet lacks the health page, its signal, or hides a party that has enough answers")
			}
			var latest views.HealthResults
			raw := a.api("GET", "/api/v1/alliances/north-valley/health", tok, "", &latest)
			if raw.StatusCode != http.StatusOK || latest.Round == nil || len(latest.Rounds) != 6 || latest.Round.ID != a.demo.Health.Rounds[5] {
				t.Fatalf("API: %d, round %+v, %d rounds; want the latest of 6", raw.StatusCode, latest.Round, len(latest.Rounds))
			}
			checkThreshold(t, latest, 5)
			gap := false
			for _, s := range latest.Signals {
				gap = gap || (s.Kind == "health_gap" && s.Factor == "clinical_voice")
			}
			if !gap {
				t.Errorf("signals %+v: want the clinical voice gap", latest.Signals)
			}

			short := a.demo.Health.InvestorHidden
			status, body = a.get(member, page+"?round="+short)
			if status != http.StatusOK || !strings.Contains(body, "Hidden: 3 people answered; results show from 5") {
				t.Errorf("the investor's short round: %d, want the page to say its results are hidden", status)
			}
			var old views.HealthResults
			a.api("GET", "/api/v1/alliances/north-valley/health?round="+short, tok, "", &old)
			checkThreshold(t, old, 5)
			for _, f := range old.Factors {
				if p := f.Parties[partyAt(f, investorParty)]; p.Shown || p.N != 3 {
					t.Errorf("%s: the investor shown %v from %d answers, want hidden from 3", f.Key, p.Shown, p.N)
				}
			}
			if n := len(old.Trend[0].Periods); n != 4 {
				t.Errorf("trend up to round 4 has %d periods, want 4", n)
			}
			_, csvBody := a.get(member, page+"/results.csv?round="+short)
			if checkCSV(t, csvBody, 5) == 0 {
				t.Error("the short round's CSV hides nothing")
			}
			if r := a.api("GET", "/api/v1/alliances/north-valley/health?round=nope", tok, "", nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("unknown round: %d, want 404", r.StatusCode)
			}

			ac := mustAlliance(t, a)
			s, err := a.db.HealthSettings(context.Background(), ac.ID)
			if err != nil {
				t.Fatal(err)
			}
			s.MinRespondents = 7
			if _, err := a.db.SetHealthSettings(context.Background(), accord.SystemActor("test"), ac.ID, s); err != nil {
				t.Fatal(err)
			}
			var raised views.HealthResults
			a.api("GET", "/api/v1/alliances/north-valley/health", tok, "", &raised)
			checkThreshold(t, raised, 7)
			_, csvBody = a.get(member, page+"/results.csv")
			if checkCSV(t, csvBody, 7) == 0 {
				t.Error("with a minimum of 7 the CSV hides nothing")
			}
			if _, pk := a.get(member, packetPath); !strings.Contains(pk, "<td>hidden</td>") || !strings.Contains(pk, "results show from 7") {
				t.Error("with a minimum of 7 the packet shows no party hidden, or not why")
			}
			if _, body = a.get(member, page); !strings.Contains(body, "results show from 7") {
				t.Error("with a minimum of 7 the page names no group hidden under it")
			}
		})
	}
}

// TestOpenAPIHealthResults checks the health results' answers against the OpenAPI
// document: the latest round, a chosen round and an unknown one.
func TestOpenAPIHealthResults(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c := newChecker(t, a)
			base := nv + "/health"
			cases := []apiCase{
				{name: "latest", method: "GET", path: base, who: "member", status: 200},
				{name: "investor hidden", method: "GET", path: base + "?round=" + a.demo.Health.InvestorHidden, who: "observer", status: 200},
				{name: "unknown round", method: "GET", path: base + "?round=nope", who: "admin", status: 404},
			}
			for _, tc := range append(cases, genericCases(c.doc, isHealthResultsPath)...) {
				c.do(tc)
			}
			c.checkCoverage(isHealthResultsPath)
		})
	}
}
