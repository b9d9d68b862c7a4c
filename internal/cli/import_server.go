package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/fhirfetch"
)

// errNothingFetched says the server had no report to import: the command
// then succeeds without importing.
var errNothingFetched = errors.New("no MeasureReport found")

// serverFlags are the options of `accord import observations` that fetch
// MeasureReports from a FHIR server instead of reading a file.
type serverFlags struct {
	base, tokenFile, since string
}

func (s *serverFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.base, "fhir-server", "", "fetch the MeasureReports of the KPIs' Measures from this FHIR server (base URL) instead of a FILE")
	fs.StringVar(&s.tokenFile, "token-file", "", "with --fhir-server: a file holding the bearer token")
	fs.StringVar(&s.since, "since", "", "with --fhir-server: reports whose period starts on or after this date, YYYY-MM-DD (default: a year ago)")
}

// fetch searches the server for the MeasureReports of every Measure the
// KPIs carry and returns them as one NDJSON file, with the name the
// import records ("MeasureReport search at <host>").
func (s *serverFlags) fetch(ctx context.Context, env *Env, kpis []accord.KPI) (string, []byte, error) {
	since := env.Now().AddDate(-1, 0, 0)
	if s.since != "" {
		t, err := time.Parse(time.DateOnly, s.since)
		if err != nil {
			return "", nil, usageErrorf("--since %q is not a date YYYY-MM-DD", s.since)
		}
		since = t
	}
	c := &fhirfetch.Client{Base: s.base}
	if s.tokenFile != "" {
		tok, err := fhirfetch.TokenFromFile(s.tokenFile)
		if err != nil {
			return "", nil, err
		}
		c.Token = tok
	}
	var urls []string
	for _, k := range kpis {
		urls = append(urls, k.MeasureURL)
	}
	measures := fhirfetch.SearchMeasures(urls)
	if len(measures) == 0 {
		return "", nil, fmt.Errorf("no KPI of this alliance carries a FHIR Measure URL: nothing to search for")
	}
	got, err := c.Fetch(ctx, measures, since)
	if err != nil {
		return "", nil, err
	}
	host := s.base
	if u, err := url.Parse(s.base); err == nil {
		host = u.Host
	}
	fmt.Fprintf(env.Stdout, "fetched %d MeasureReport(s) in %d page(s) from %s for %d Measure(s)\n", got.Reports, got.Pages, host, len(measures))
	if got.Reports == 0 {
		return "", nil, errNothingFetched
	}
	return "MeasureReport search at " + host, got.NDJSON, nil
}
