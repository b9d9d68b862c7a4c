// Package fhirfetch fetches MeasureReports from a FHIR R4 server: for each
// Measure a KPI reports, it searches the server's MeasureReports by measure
// and period (GET [base]/MeasureReport?measure=…&period=ge…), follows the
// searchset Bundle's next links, and hands the reports back as one NDJSON
// file that the FHIR import (internal/ingest, internal/fhir) reads like an
// uploaded one. It keeps no state and no clock: the caller names the
// period to search from.
package fhirfetch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Client searches one FHIR server.
type Client struct {
	// Base is the server's FHIR base URL ("https://fhir.example.org/r4").
	Base string
	// Token, when set, is sent as a bearer token. It is sent only to the
	// base URL's scheme and host: a next link elsewhere is refused.
	Token string
	// HTTP does the requests; nil uses a client with a 60-second timeout.
	HTTP *http.Client
	// MaxPages bounds the pages followed per measure (0: 1000), so that a
	// server whose next links loop cannot keep the fetch going for ever.
	MaxPages int
}

// Fetched is what a Fetch found.
type Fetched struct {
	// NDJSON holds one MeasureReport a line, in the order found.
	NDJSON []byte
	// Reports is the number of MeasureReports, Pages the pages read.
	Reports, Pages int
	// Ignored counts the other entries of the searchsets (an
	// OperationOutcome the server adds, included resources), by type.
	Ignored map[string]int
}

// TokenFromFile reads a bearer token kept in a file (as an operator's
// secret is), without its surrounding white space.
func TokenFromFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read fhir token: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("read fhir token: %s is empty", path)
	}
	return tok, nil
}

// SearchMeasures lists the Measure canonical URLs to search for the given
// KPI Measure URLs: without a #group-code (groups are a report's parts,
// not a search parameter) and each once, in the order given. A |version
// is kept: the measure search parameter matches it.
func SearchMeasures(kpiMeasureURLs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, u := range kpiMeasureURLs {
		u, _, _ = strings.Cut(strings.TrimSpace(u), "#")
		if u != "" && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// Fetch searches the MeasureReports of each measure whose period starts on
// or after since, and returns them all.
func (c *Client) Fetch(ctx context.Context, measures []string, since time.Time) (*Fetched, error) {
	base, err := url.Parse(strings.TrimRight(c.Base, "/"))
	if err != nil || base.Scheme != "http" && base.Scheme != "https" || base.Host == "" {
		return nil, fmt.Errorf("fhir fetch: base URL %q is not an http(s) URL", c.Base)
	}
	f := &Fetched{Ignored: map[string]int{}}
	for _, m := range measures {
		q := url.Values{"measure": {m}, "period": {"ge" + since.Format(time.DateOnly)}}
		next := base.JoinPath("MeasureReport")
		next.RawQuery = q.Encode()
		if err := c.search(ctx, base, next, f); err != nil {
			return nil, fmt.Errorf("fhir fetch %s: %w", m, err)
		}
	}
	return f, nil
}

// search reads a searchset from its first page on.
func (c *Client) search(ctx context.Context, base, page *url.URL, f *Fetched) error {
	limit := c.MaxPages
	if limit <= 0 {
		limit = 1000
	}
	for n := 0; page != nil; n++ {
		if n == limit {
			return fmt.Errorf("more than %d pages: stopped (does the server's next link loop?)", limit)
		}
		if page.Scheme != base.Scheme || page.Host != base.Host {
			return fmt.Errorf("the next page %s is on another server than %s: not followed", page.Redacted(), base.Host)
		}
		b, err := c.get(ctx, page)
		if err != nil {
			return err
		}
		f.Pages++
		if page, err = f.add(b, page); err != nil {
			return err
		}
	}
	return nil
}

// maxPage bounds one page's size: a searchset page of MeasureReports is
// far smaller.
const maxPage = 64 << 20

func (c *Client) get(ctx context.Context, u *url.URL) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/fhir+json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxPage+1))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s%s", u.Redacted(), resp.Status, outcomeText(b))
	}
	if len(b) > maxPage {
		return nil, fmt.Errorf("GET %s: the page is larger than %d bytes", u.Redacted(), maxPage)
	}
	return b, nil
}

// searchset is the part of a searchset Bundle read here.
type searchset struct {
	ResourceType string `json:"resourceType"`
	Link         []struct {
		Relation string `json:"relation"`
		URL      string `json:"url"`
	} `json:"link"`
	Entry []struct {
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}

// add keeps a page's MeasureReports and returns its next page, or nil.
func (f *Fetched) add(page []byte, at *url.URL) (*url.URL, error) {
	var b searchset
	if err := json.Unmarshal(page, &b); err != nil {
		return nil, fmt.Errorf("the answer is not a FHIR Bundle: %w", err)
	}
	if b.ResourceType != "Bundle" {
		return nil, fmt.Errorf("the answer is a %q, not a searchset Bundle", b.ResourceType)
	}
	for _, e := range b.Entry {
		var h struct {
			ResourceType string `json:"resourceType"`
		}
		if len(e.Resource) == 0 || json.Unmarshal(e.Resource, &h) != nil {
			f.Ignored["(none)"]++
			continue
		}
		if h.ResourceType != "MeasureReport" {
			f.Ignored[h.ResourceType]++
			continue
		}
		var line bytes.Buffer
		if err := json.Compact(&line, e.Resource); err != nil {
			return nil, err
		}
		f.NDJSON = append(append(f.NDJSON, line.Bytes()...), '\n')
		f.Reports++
	}
	for _, l := range b.Link {
		if l.Relation == "next" && l.URL != "" {
			next, err := at.Parse(l.URL)
			if err != nil {
				return nil, fmt.Errorf("next link %q: %w", l.URL, err)
			}
			return next, nil
		}
	}
	return nil, nil
}

// outcomeText gives the first issue of an OperationOutcome answer, which
// FHIR servers send with an error status, as ": <diagnostics>".
func outcomeText(b []byte) string {
	var oo struct {
		ResourceType string `json:"resourceType"`
		Issue        []struct {
			Diagnostics string `json:"diagnostics"`
			Details     struct {
				Text string `json:"text"`
			} `json:"details"`
		} `json:"issue"`
	}
	if json.Unmarshal(b, &oo) != nil || oo.ResourceType != "OperationOutcome" || len(oo.Issue) == 0 {
		return ""
	}
	msg := oo.Issue[0].Diagnostics
	if msg == "" {
		msg = oo.Issue[0].Details.Text
	}
	if msg == "" {
		return ""
	}
	return ": " + msg
}
