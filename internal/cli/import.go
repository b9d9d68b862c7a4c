package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/fhir"
	"github.com/accord-alliance/accord/internal/fhirsource"
	"github.com/accord-alliance/accord/internal/ingest"
)

const importUsage = `import observations --alliance SLUG [--dry-run] [--format csv|fhir] [--all-or-nothing] [--pending] [--json] FILE
import observations --alliance SLUG --fhir-server BASE-URL [--token-file FILE] [--since YYYY-MM-DD] [options above]

Imports scorecard observations from a CSV file or FHIR MeasureReports (a
resource, a Bundle or NDJSON). Every row is checked first; if any row of a
CSV file is bad, each one is listed by file, line and field and nothing is
written. A FHIR file is imported in parts: what is usable is written, and
each report, group or stratum left out is listed with its reason
(--all-or-nothing writes nothing unless the whole file is usable).
--pending imports reports whose status is pending, marked provisional
until a complete report replaces them. Importing the same file again
changes nothing; a changed figure becomes a new revision. FILE - reads
standard input. --fhir-server searches that FHIR server's MeasureReports
of the Measures the alliance's KPIs carry, whose period starts on or
after --since (default: a year ago), and imports them as a FHIR file.`

func cmdImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "import observations", importUsage)
	if isHelp(args) {
		return fs.Parse([]string{"--help"})
	}
	if len(args) == 0 || args[0] != "observations" {
		return usageErrorf("%s", importUsage)
	}
	var f dbFlags
	f.register(fs, env)
	slug := fs.String("alliance", "", "the alliance's short name (slug)")
	dry := fs.Bool("dry-run", false, "check the file and report what would change, without writing")
	format := fs.String("format", "", "csv or fhir (default: from the file name and content)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	allOrNothing := fs.Bool("all-or-nothing", false, "FHIR: write nothing unless every report and stratum is usable")
	pending := fs.Bool("pending", false, "FHIR: import reports whose status is pending, as provisional figures")
	var src serverFlags
	src.register(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *slug == "" || (src.base == "") != (fs.NArg() == 1) {
		return usageErrorf("--alliance and one FILE, or --fhir-server, are required\n\n%s", importUsage)
	}
	var name string
	var content []byte
	var err error
	if src.base == "" {
		name = fs.Arg(0)
		if content, err = readInput(env, name); err != nil {
			return err
		}
		name = filepath.Base(name)
	}
	db, err := f.open(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := db.AllianceBySlug(ctx, *slug)
	if err != nil {
		return err
	}
	kpis, err := db.ListKPIs(ctx, a.ID, accord.KPIFilter{})
	if err != nil {
		return err
	}
	if src.base != "" {
		if name, content, err = src.fetch(ctx, env, kpis); errors.Is(err, errNothingFetched) {
			return nil
		} else if err != nil {
			return err
		}
		*format = ingest.FHIR
	}
	res, err := ingest.ReadWith(bytes.NewReader(content), name, *format, kpis, env.Now(),
		ingest.Options{AllOrNothing: *allOrNothing, AllowPending: *pending})
	if err != nil {
		return err
	}
	rep := importOutput{ImportReport: accord.ImportReport{Rows: len(res.Rows) + len(res.Errors), Errors: res.Errors, DryRun: *dry},
		LeftOut: res.LeftOut, FHIR: res.FHIR}
	if len(res.Errors) == 0 {
		sum := sha256.Sum256(content)
		format := res.Format
		if src.base != "" {
			format = fhirsource.Format // a FHIR server's search is a feed, as the scheduled fetch's is
		}
		rep.ImportReport, err = db.ImportObservations(ctx, accord.SystemActor("cli"), accord.ImportRequest{AllianceID: a.ID, Format: format,
			Filename: name, SHA256: hex.EncodeToString(sum[:]), Rows: res.Rows, DryRun: *dry})
		if err != nil {
			return err
		}
	}
	return printImport(env, rep, *asJSON)
}

func readInput(env *Env, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(env.Stdin)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return b, nil
}

// importOutput is what the command prints: the store's report, what a
// FHIR file read in parts left out, and what the FHIR reader saw.
type importOutput struct {
	accord.ImportReport
	LeftOut []accord.RowError `json:"left_out,omitempty"`
	FHIR    *fhir.Summary     `json:"fhir,omitempty"`
}

func printImport(env *Env, rep importOutput, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		for _, e := range rep.Errors {
			fmt.Fprintln(env.Stdout, e.Error())
		}
		for _, e := range rep.LeftOut {
			fmt.Fprintln(env.Stdout, e.Error())
		}
		if rep.FHIR != nil {
			fmt.Fprintln(env.Stdout, fhirSummary(rep.FHIR, len(rep.LeftOut)))
		}
	}
	if len(rep.Errors) > 0 {
		return fmt.Errorf("%d row(s) with problems: nothing was imported", len(rep.Errors))
	}
	if !asJSON {
		verb := "imported"
		if rep.DryRun {
			verb = "checked (dry run, nothing written)"
		}
		fmt.Fprintf(env.Stdout, "%s %d rows: %d new, %d revised, %d unchanged", verb, rep.Rows, rep.New, rep.Revised, rep.Unchanged)
		if rep.KeptFinal > 0 {
			fmt.Fprintf(env.Stdout, ", %d provisional left out (a final figure is recorded)", rep.KeptFinal)
		}
		fmt.Fprintln(env.Stdout)
	}
	return nil
}

// fhirSummary says in one line what the FHIR reader saw, and how many
// reasons for what it left out are listed above it.
func fhirSummary(s *fhir.Summary, leftOut int) string {
	line := "FHIR: " + s.Sentence()
	if leftOut > 0 {
		line += fmt.Sprintf("; %d reason(s) listed above", leftOut)
	}
	return line
}
