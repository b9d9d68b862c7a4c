package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// roiFlows is the worked example of docs/initiatives.md: three parties
// co-invest in a pilot and share what it saves. Its columns are in another
// order than the documentation's, as a spreadsheet export may put them.
const roiFlows = `party,date,amount
North Valley Health Plan,2024-01-01,-400000
Valley Physicians,2024-01-01,-150000
Cascade Investors,2024-03-01,-250000
North Valley Health Plan,2025-01-01,120000
Valley Physicians,2025-01-01,40000
North Valley Health Plan,2026-01-01,180000
Valley Physicians,2026-01-01,70000
Cascade Investors,2026-03-01,150000
North Valley Health Plan,2027-01-01,210000
Valley Physicians,2027-01-01,80000
Cascade Investors,2027-03-01,160000
`

// The example's figures; Gnumeric's XNPV and XIRR give the same (NPV to
// the cent, IRR to ten decimals): see docs/initiatives.md.
const roiWantJSON = `{
  "parties": [
    {
      "party": "North Valley Health Plan",
      "npv": 49655.17,
      "irr": 0.1199832626,
      "payback_date": "2027-01-01",
      "discounted_payback_date": "2027-01-01",
      "invested": 400000.00,
      "returned": 510000.00
    },
    {
      "party": "Valley Physicians",
      "npv": 7352.37,
      "irr": 0.1144699023,
      "payback_date": "2027-01-01",
      "discounted_payback_date": "2027-01-01",
      "invested": 150000.00,
      "returned": 190000.00
    },
    {
      "party": "Cascade Investors",
      "npv": -16536.08,
      "irr": 0.0896527361,
      "payback_date": "2027-03-01",
      "discounted_payback_date": null,
      "invested": 250000.00,
      "returned": 310000.00
    }
  ],
  "total": {
    "npv": 48112.65,
    "irr": 0.1086613668,
    "payback_date": "2027-01-01",
    "discounted_payback_date": "2027-03-01",
    "invested": 800000.00,
    "returned": 1010000.00
  }
}
`

const roiRates = "North Valley Health Plan=6%,Valley Physicians=0.09,Cascade Investors=12%"

func TestROIJSON(t *testing.T) {
	path := writeFile(t, "flows.csv", roiFlows)
	code, out, errs := run(t, "", nil, "roi", "--flows", path, "--rates", roiRates)
	if code != 0 {
		t.Fatalf("got exit %d (%s), want 0", code, errs)
	}
	if out != roiWantJSON {
		t.Errorf("got\n%s\nwant\n%s", out, roiWantJSON)
	}
}

func TestROIText(t *testing.T) {
	code, out, errs := run(t, roiFlows, nil, "roi", "--flows", "-", "--rates", roiRates, "--format", "text")
	if code != 0 {
		t.Fatalf("got exit %d (%s), want 0", code, errs)
	}
	for _, want := range []string{
		"Return on co-investment, from standard input\n\n",
		"Party                       Rate         NPV     IRR     Payback  Disc. payback    Invested      Returned\n",
		"North Valley Health Plan   6.00%   49,655.17  12.00%  2027-01-01     2027-01-01  400,000.00    510,000.00\n",
		"Cascade Investors         12.00%  -16,536.08   8.97%  2027-03-01          never  250,000.00    310,000.00\n",
		"Total                      8.00%   48,112.65  10.87%  2027-01-01     2027-03-01  800,000.00  1,010,000.00\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("got\n%s\nwant it to contain\n%s", out, want)
		}
	}
}

// roiResult is the JSON output, read back.
type roiResult struct {
	Parties []map[string]any `json:"parties"`
	Total   map[string]any   `json:"total"`
}

func roiRun(t *testing.T, flows string, args ...string) roiResult {
	t.Helper()
	path := writeFile(t, "flows.csv", flows)
	code, out, errs := run(t, "", nil, append([]string{"roi", "--flows", path}, args...)...)
	if code != 0 {
		t.Fatalf("got exit %d (%s), want 0", code, errs)
	}
	var res roiResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return res
}

func TestROIRates(t *testing.T) {
	const fl = "date,party,amount\n2021-01-01,A,-1000\n2022-01-01,A,1100\n2021-01-01,B,-1000\n2022-01-01,B,1100\n"
	tests := []struct {
		name          string
		args          []string
		npvA, npvB    float64
		npvTotal      float64
		wantTotalRate string
	}{
		{"8% by default", nil, 18.52, 18.52, 37.04, "8%"},
		{"one rate for all", []string{"--rate", "10%"}, 0, 0, 0, "10%"},
		{"own rates, total at the default", []string{"--rates", "A=0.10,B=0.21"}, 0, -90.91, 37.04, "8%"},
		{"own rates, total at --rate", []string{"--rates", "A=0.10, B = 21%", "--rate", "0.1"}, 0, -90.91, 0, "10%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := roiRun(t, fl, tt.args...)
			for _, c := range []struct {
				what string
				got  any
				want float64
			}{{"A's NPV", res.Parties[0]["npv"], tt.npvA}, {"B's NPV", res.Parties[1]["npv"], tt.npvB}, {"total NPV", res.Total["npv"], tt.npvTotal}} {
				if c.got != c.want {
					t.Errorf("got %s %v, want %v (total at %s)", c.what, c.got, c.want, tt.wantTotalRate)
				}
			}
		})
	}
}

func TestROINoIRR(t *testing.T) {
	res := roiRun(t, "date,party,amount\n2021-01-01,A,-1000\n2022-01-01,A,-100\n2022-06-01,B,1200\n")
	a := res.Parties[0]
	if a["irr"] != nil {
		t.Errorf("got irr %v, want null", a["irr"])
	}
	if r, _ := a["irr_reason"].(string); !strings.Contains(r, "no money comes back") {
		t.Errorf("got irr_reason %q, want it to say no money comes back", r)
	}
	if a["payback_date"] != nil || a["discounted_payback_date"] != nil {
		t.Errorf("got payback %v and %v, want null and null", a["payback_date"], a["discounted_payback_date"])
	}
	if _, ok := res.Total["irr_reason"]; ok || res.Total["irr"] == nil {
		t.Errorf("got total %v, want an irr and no irr_reason", res.Total)
	}
	if _, ok := res.Total["party"]; ok {
		t.Errorf("got a party in the total: %v", res.Total)
	}
}

func TestROIErrors(t *testing.T) {
	const good = "date,party,amount\n2021-01-01,A,-1000\n2022-01-01,A,1100\n"
	tests := []struct {
		name  string
		flows string
		args  []string
		code  int
		want  []string
	}{
		{"bad date", "date,party,amount\n2021-01-01,A,-10\n2021-02-30,A,5\n", nil, 1,
			[]string{`flows.csv line 3, date: "2021-02-30" is not a date (YYYY-MM-DD)`}},
		{"bad amount, quoted", "party,amount,date\nA,-10,2021-01-01\nB,\"12,x\",2022-01-01\n", nil, 1,
			[]string{`flows.csv line 3, amount: "12,x" is not an amount`}},
		{"too many decimals", "date,party,amount\n2021-01-01,A,-10.005\n", nil, 1,
			[]string{`flows.csv line 2, amount: "-10.005" is not an amount`}},
		{"no party, and a short line", "date,party,amount\n2021-01-01,,-10\n2021-01-01,A\n", nil, 1,
			[]string{"flows.csv line 2, party: empty", "flows.csv line 3, amount: missing"}},
		{"missing column", "date,payer,amount\n2021-01-01,A,-10\n", nil, 1,
			[]string{"flows.csv line 1: the header has no party column"}},
		{"header alone", "date,party,amount\n", nil, 1, []string{"flows.csv: the file has a header but no flows"}},
		{"column named twice", "date,party,amount,Party\n", nil, 1, []string{"flows.csv line 1"}},
		{"rates miss a party", good, []string{"--rates", "B=0.1"}, 2, []string{"--rates gives no rate for A"}},
		{"rates name a stranger", good, []string{"--rates", "A=0.1,Z=0.2"}, 2, []string{"--rates names Z, who has no flows"}},
		{"rates not a pair", good, []string{"--rates", "A"}, 2, []string{`--rates: "A" is not PARTY=RATE`}},
		{"rate twice", good, []string{"--rates", "A=1%,A=2%"}, 2, []string{"--rates: A is given two rates"}},
		{"rate not a number", good, []string{"--rate", "eight"}, 2, []string{`--rate: "eight" is not a rate`}},
		{"rate of -100%", good, []string{"--rate", "-100%"}, 2, []string{"--rate: -100% is not above -100%"}},
		{"bad format", good, []string{"--format", "xml"}, 2, []string{"--format must be json or text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "flows.csv", tt.flows)
			code, _, errs := run(t, "", nil, append([]string{"roi", "--flows", path}, tt.args...)...)
			if code != tt.code {
				t.Errorf("got exit %d, want %d (%s)", code, tt.code, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("got %q, want it to say %q", errs, w)
				}
			}
		})
	}
	if code, _, errs := run(t, "", nil, "roi"); code != 2 || !strings.Contains(errs, "--flows is required") {
		t.Errorf("no --flows: got %d %q, want 2 and --flows is required", code, errs)
	}
}
