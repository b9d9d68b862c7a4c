package settle

import (
	"fmt"
	"slices"
	"sort"

	"github.com/accord-alliance/accord/internal/number"
)

// msspScale is the Shared Savings Program's minimum savings rate by number
// of assigned beneficiaries (the same table for Track 1 in 2018 and for
// BASIC levels A–B in 2022): linear within each band from the rate at its
// low end to the rate at its high end.
func msspScale() []ScaleBand {
	p := number.MustRate
	return []ScaleBand{
		{From: 5000, To: 5999, FromRate: p("3.9%"), ToRate: p("3.6%")},
		{From: 6000, To: 6999, FromRate: p("3.6%"), ToRate: p("3.4%")},
		{From: 7000, To: 7999, FromRate: p("3.4%"), ToRate: p("3.2%")},
		{From: 8000, To: 8999, FromRate: p("3.2%"), ToRate: p("3.1%")},
		{From: 9000, To: 9999, FromRate: p("3.1%"), ToRate: p("3.0%")},
		{From: 10000, To: 14999, FromRate: p("3.0%"), ToRate: p("2.7%")},
		{From: 15000, To: 19999, FromRate: p("2.7%"), ToRate: p("2.5%")},
		{From: 20000, To: 49999, FromRate: p("2.5%"), ToRate: p("2.2%")},
		{From: 50000, To: 59999, FromRate: p("2.2%"), ToRate: p("2.0%")},
		{From: 60000, FromRate: p("2.0%"), ToRate: p("2.0%")},
	}
}

const (
	seqCitation   = "2% Medicare sequestration: Balanced Budget and Emergency Deficit Control Act of 1985, sec. 251A, as extended"
	roundCitation = "CMS reports shared savings and losses in whole dollars: nearest dollar, ties away from zero (docs/settlement.md)"
)

// msspCitations cites the sections of 42 CFR part 425 (or the model
// agreement) that a Shared Savings Program track's rules come from.
func msspCitations(sec, track, share, cap, msr, loss, limit, eu string) map[string]string {
	c := map[string]string{
		"benchmark":                sec + ": the ACO's updated benchmark (as reported by CMS)",
		"actual_expenditure":       sec + ": performance-year expenditures of assigned beneficiaries",
		"gross_savings":            sec + ": savings or losses are the difference between the updated benchmark and expenditures",
		"savings_rate":             sec + ": savings or losses as a share of the updated benchmark",
		"assigned_beneficiaries":   sec + ": number of assigned beneficiaries (for the minimum savings rate)",
		"minimum_savings_rate":     sec + ": " + msr,
		"quality_score":            "42 CFR 425.502/425.512: quality performance score",
		"quality_standard":         "42 CFR 425.502/425.512: quality performance standard",
		"sharing_rate":             sec + ": " + share,
		"qualified":                sec + ": savings are shared if they meet or exceed the minimum savings rate and the quality standard is met, then from the first dollar",
		"shared_before_cap":        sec + ": shared savings or losses = gross savings or losses × the sharing or loss rate",
		"savings_cap":              sec + ": " + cap,
		"shared_before_adjustment": sec + ": shared savings or losses after the limit",
		"sequestration":            seqCitation,
		"after_sequestration":      seqCitation,
		"shared_savings":           roundCitation,
	}
	if msr != "" {
		c["minimum_loss_rate"] = sec + ": " + msr
	}
	if loss != "" {
		c["loss_rate"] = sec + ": " + loss
		for _, k := range []string{"loss_cap", "loss_cap_benchmark", "loss_cap_revenue"} {
			c[k] = sec + ": " + limit
		}
		for _, k := range []string{"loss_adjustment", "loss_adjustment_share", "losses_after_adjustment"} {
			c[k] = eu
		}
	}
	for k, v := range c {
		c[k] = track + " — " + v
	}
	return c
}

func oneSided2022(level string) Terms {
	t := Terms{
		Name:        "mssp-2022-basic-" + level,
		Title:       "Medicare Shared Savings Program, performance year 2022, BASIC track level " + upper(level),
		Description: "One-sided: 40% of savings from the first dollar once the savings rate reaches the minimum savings rate (by number of assigned beneficiaries) and the quality standard is met; at most 10% of the benchmark; 2% sequestration.",
		Savings: SavingsTerms{
			Minimum: Threshold{Method: ThresholdScale, Bands: msspScale(), Apply: ApplyGate},
			Rate:    number.MustRate("0.40"), Quality: QualityGateOnly, Cap: number.MustRate("0.10"),
		},
		Sequestration: number.MustRate("0.02"),
		Rounding:      Rounding{Mode: number.HalfUp, Final: UnitDollar},
	}
	t.Citations = msspCitations("42 CFR 425.605", "PY2022 BASIC level "+upper(level),
		"final sharing rate 40% for levels A and B when the quality standard is met",
		"performance payment limit: 10% of the updated benchmark",
		"minimum savings rate by number of assigned beneficiaries (set by CMS below 5,000)", "", "", "")
	return t
}

func twoSided2022(level, revenue, bench string) Terms {
	t := oneSided2022(level)
	t.Description = fmt.Sprintf("Two-sided: 50%% of savings (quality standard met) up to 10%% of the benchmark, 2%% sequestration; 30%% of losses, at most %s of ACO participant revenue capped at %s of the benchmark; symmetric MSR/MLR as elected (0, 0.5, 1, 1.5, 2%%) or by the beneficiary scale.", revenue, bench)
	t.Savings.Rate = number.MustRate("0.50")
	t.Losses = &LossTerms{
		Minimum:    Threshold{Method: ThresholdSymmetric, Apply: ApplyGate},
		RateMethod: LossRateFlat, Rate: number.MustRate("0.30"),
		Cap: LossCap{Revenue: number.MustRate(revenue), Benchmark: number.MustRate(bench), Combine: CapLesser},
	}
	t.Citations = msspCitations("42 CFR 425.605", "PY2022 BASIC level "+upper(level),
		"final sharing rate 50% for levels C–E when the quality standard is met",
		"performance payment limit: 10% of the updated benchmark",
		"symmetric minimum savings and loss rates elected by the ACO (0%, 0.5%, 1%, 1.5%, 2%, or by number of assigned beneficiaries)",
		"shared loss rate 30% for levels C–E",
		fmt.Sprintf("loss sharing limit: %s of ACO participant revenue, capped at %s of the updated benchmark", revenue, bench),
		"42 CFR 425.605: extreme and uncontrollable circumstances reduce shared losses (2022: the COVID-19 public health emergency)")
	return t
}

func enhanced2022() Terms {
	t := Terms{
		Name:        "mssp-2022-enhanced",
		Title:       "Medicare Shared Savings Program, performance year 2022, ENHANCED track",
		Description: "Two-sided: 75% of savings (quality standard met) up to 20% of the benchmark, 2% sequestration; losses at 1 − 0.75 × quality score between 40% and 75% (75% if the standard is not met), at most 15% of the benchmark.",
		Savings: SavingsTerms{
			Minimum: Threshold{Method: ThresholdScale, Bands: msspScale(), Apply: ApplyGate},
			Rate:    number.MustRate("0.75"), Quality: QualityGateOnly, Cap: number.MustRate("0.20"),
		},
		Losses: &LossTerms{
			Minimum:    Threshold{Method: ThresholdSymmetric, Apply: ApplyGate},
			RateMethod: LossRateQuality, QualityFactor: number.MustRate("0.75"),
			MinRate: number.MustRate("0.40"), MaxRate: number.MustRate("0.75"),
			Cap: LossCap{Benchmark: number.MustRate("0.15")},
		},
		Sequestration: number.MustRate("0.02"),
		Rounding:      Rounding{Mode: number.HalfUp, Final: UnitDollar},
	}
	t.Citations = msspCitations("42 CFR 425.610", "PY2022 ENHANCED",
		"final sharing rate 75% when the quality standard is met",
		"performance payment limit: 20% of the updated benchmark",
		"symmetric minimum savings and loss rates elected by the ACO (0%, 0.5%, 1%, 1.5%, 2%, or by number of assigned beneficiaries)",
		"shared loss rate 1 − 0.75 × quality score, at least 40% and at most 75% (75% if the quality standard is not met)",
		"loss sharing limit: 15% of the updated benchmark",
		"42 CFR 425.610: extreme and uncontrollable circumstances reduce shared losses (2022: the COVID-19 public health emergency)")
	return t
}

func tracks2018() []Terms {
	track := func(name, title, sec, rate, capRate string) Terms {
		return Terms{
			Name: name, Title: "Medicare Shared Savings Program, performance year 2018, " + title,
			Savings: SavingsTerms{
				Minimum: Threshold{Method: ThresholdScale, Bands: msspScale(), Apply: ApplyGate},
				Rate:    number.MustRate(rate), Quality: QualityScaled, Cap: number.MustRate(capRate),
			},
			Sequestration: number.MustRate("0.02"),
			Rounding:      Rounding{Mode: number.HalfUp, Final: UnitDollar},
		}
	}
	eu := "extreme and uncontrollable circumstances reduce shared losses"
	symmetric := "symmetric minimum savings and loss rates elected by the ACO (0%, 0.5%–2% in 0.5% steps, or by number of assigned beneficiaries)"
	t1 := track("mssp-2018-track-1", "Track 1", "42 CFR 425.604", "0.50", "0.10")
	t1.Description = "One-sided: 50% × quality score of savings from the first dollar once the MSR (by number of assigned beneficiaries) is met; at most 10% of the benchmark."
	t1.Citations = msspCitations("42 CFR 425.604", "PY2018 Track 1", "final sharing rate = 50% × quality score",
		"performance payment limit: 10% of the updated benchmark", "minimum savings rate by number of assigned beneficiaries", "", "", "")

	tp := track("mssp-2018-track-1-plus", "Track 1+", "Track 1+ Model", "0.50", "0.10")
	tp.Description = "Two-sided (Track 1+ Model): 50% × quality score of savings up to 10% of the benchmark; 30% of losses, limited to 8% of ACO participant revenue, or to 4% of the benchmark for ACOs whose limit is benchmark-based (give participant_revenue only for a revenue-based limit)."
	tp.Losses = &LossTerms{Minimum: Threshold{Method: ThresholdSymmetric, Apply: ApplyGate}, RateMethod: LossRateFlat, Rate: number.MustRate("0.30"),
		Cap: LossCap{Revenue: number.MustRate("0.08"), Benchmark: number.MustRate("0.04"), Combine: CapRevenueElseBenchmark}}
	tp.Citations = msspCitations("Track 1+ Model participation agreement (Social Security Act §1115A)", "PY2018 Track 1+",
		"final sharing rate = 50% × quality score", "performance payment limit: 10% of the updated benchmark", symmetric,
		"shared loss rate 30%", "loss sharing limit: 8% of ACO participant revenue, or 4% of the updated benchmark when the ACO includes certain hospitals", eu)

	t2 := track("mssp-2018-track-2", "Track 2", "42 CFR 425.606", "0.60", "0.15")
	t2.Description = "Two-sided: 60% × quality score of savings up to 15% of the benchmark; losses at 1 − final sharing rate between 40% and 60%, limited to 5%, 7.5% and 10% of the benchmark in agreement years 1, 2 and 3+."
	t2.Losses = &LossTerms{Minimum: Threshold{Method: ThresholdSymmetric, Apply: ApplyGate}, RateMethod: LossRateOneMinusSharing,
		MinRate: number.MustRate("0.40"), MaxRate: number.MustRate("0.60"),
		Cap: LossCap{BenchmarkByAgreementYear: []number.Rate{number.MustRate("0.05"), number.MustRate("0.075"), number.MustRate("0.10")}}}
	t2.Citations = msspCitations("42 CFR 425.606", "PY2018 Track 2", "final sharing rate = 60% × quality score",
		"performance payment limit: 15% of the updated benchmark", symmetric,
		"shared loss rate = 1 − final sharing rate, at least 40% and at most 60%",
		"loss sharing limit: 5%, 7.5%, 10% of the updated benchmark in the first, second, third and later performance years", "42 CFR 425.606: "+eu)

	t3 := track("mssp-2018-track-3", "Track 3", "42 CFR 425.610", "0.75", "0.20")
	t3.Description = "Two-sided: 75% × quality score of savings up to 20% of the benchmark; losses at 1 − final sharing rate between 40% and 75%, at most 15% of the benchmark."
	t3.Losses = &LossTerms{Minimum: Threshold{Method: ThresholdSymmetric, Apply: ApplyGate}, RateMethod: LossRateOneMinusSharing,
		MinRate: number.MustRate("0.40"), MaxRate: number.MustRate("0.75"), Cap: LossCap{Benchmark: number.MustRate("0.15")}}
	t3.Citations = msspCitations("42 CFR 425.610", "PY2018 Track 3", "final sharing rate = 75% × quality score",
		"performance payment limit: 20% of the updated benchmark", symmetric,
		"shared loss rate = 1 − final sharing rate, at least 40% and at most 75%",
		"loss sharing limit: 15% of the updated benchmark", "42 CFR 425.610: "+eu)
	return []Terms{t1, tp, t2, t3}
}

func upper(level string) string { return string(rune(level[0]) - 'a' + 'A') }

func builtins() []Terms {
	ts := []Terms{
		oneSided2022("a"), oneSided2022("b"),
		twoSided2022("c", "0.02", "0.01"), twoSided2022("d", "0.04", "0.02"), twoSided2022("e", "0.08", "0.04"),
		enhanced2022(),
	}
	return append(ts, tracks2018()...)
}

// Builtin returns the built-in terms with the given name, freshly built so
// that callers may change them.
func Builtin(name string) (Terms, bool) {
	i := slices.IndexFunc(builtins(), func(t Terms) bool { return t.Name == name })
	if i < 0 {
		return Terms{}, false
	}
	return builtins()[i], true
}

// BuiltinNames lists the names of the built-in terms, sorted.
func BuiltinNames() []string {
	var names []string
	for _, t := range builtins() {
		names = append(names, t.Name)
	}
	sort.Strings(names)
	return names
}
