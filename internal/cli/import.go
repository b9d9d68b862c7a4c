package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/ingest"
)

const importUsage = `import observations --alliance SLUG [--dry-run] [--format csv|fhir] [--json] FILE

Imports scorecard observations from a CSV file or FHIR MeasureReports (a
resource, a Bundle or NDJSON). Every row is checked first; if any row is
bad, each one is listed by file, line and field and nothing is written.
Importing the same file again changes nothing; a changed figure becomes a
new revision. FILE - reads standard input.`

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
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *slug == "" || fs.NArg() != 1 {
		return usageErrorf("--alliance and one FILE are required\n\n%s", importUsage)
	}
	name := fs.Arg(0)
	content, err := readInput(env, name)
	if err != nil {
		return err
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
	res, err := ingest.Read(bytes.NewReader(content), filepath.Base(name), *format, kpis, env.Now())
	if err != nil {
		return err
	}
	rep := accord.ImportReport{Rows: len(res.Rows) + len(res.Errors), Errors: res.Errors, DryRun: *dry}
	if len(res.Errors) == 0 {
		sum := sha256.Sum256(content)
		rep, err = db.ImportObservations(ctx, accord.SystemActor("cli"), accord.ImportRequest{AllianceID: a.ID, Format: res.Format,
			Filename: filepath.Base(name), SHA256: hex.EncodeToString(sum[:]), Rows: res.Rows, DryRun: *dry})
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

func printImport(env *Env, rep accord.ImportReport, asJSON bool) error {
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
	}
	if len(rep.Errors) > 0 {
		return fmt.Errorf("%d row(s) with problems: nothing was imported", len(rep.Errors))
	}
	if !asJSON {
		verb := "imported"
		if rep.DryRun {
			verb = "checked (dry run, nothing written)"
		}
		fmt.Fprintf(env.Stdout, "%s %d rows: %d new, %d revised, %d unchanged\n", verb, rep.Rows, rep.New, rep.Revised, rep.Unchanged)
	}
	return nil
}
