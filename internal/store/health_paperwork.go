package store

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// paperworkImport is one import of observations by a member of a party
// (or, from a FHIR server, the part of it of one party's KPIs).
type paperworkImport struct {
	seq            int64
	at             time.Time
	format, source string
	party          string
	rows           int
	latestClose    time.Time
}

// PaperworkCounts reads, per party and month from from's month on, what
// the paperwork index is computed from (docs/health.md, "The paperwork
// index in accord"): each import's observations (new and revised rows) by
// channel — typed in a form, a file uploaded, the API, a FHIR feed — and
// the days from the close of its latest period to its arrival; the audited
// actions of the party's people other than imports (forms submitted,
// approvals, sign-offs, votes); and the party's active members today.
func (db *DB) PaperworkCounts(ctx context.Context, allianceID string, from time.Time) ([]accord.PaperworkCount, error) {
	from = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	byKey := map[[2]string]*accord.PaperworkCount{}
	members := map[string]int{}
	get := func(party string, at time.Time) *accord.PaperworkCount {
		k := [2]string{party, at.UTC().Format("2006-01")}
		if byKey[k] == nil {
			byKey[k] = &accord.PaperworkCount{PartyID: party, Month: k[1], Members: members[party]}
		}
		return byKey[k]
	}
	err := db.view(ctx, func(tx *Tx) error {
		type pc struct {
			party string
			n     int
		}
		counts, err := queryAll(ctx, tx, func(s scanner) (pc, error) {
			var c pc
			return c, s.Scan(&c.party, &c.n)
		}, "SELECT party_id, COUNT(*) FROM memberships WHERE alliance_id = ? AND active = ? GROUP BY party_id", allianceID, true)
		if err != nil {
			return err
		}
		for _, c := range counts {
			members[c.party] = c.n
		}
		imports, err := tx.paperworkImports(ctx, allianceID, from)
		if err != nil {
			return err
		}
		for _, im := range imports {
			c := get(im.party, im.at)
			switch channel(im.format, im.source) {
			case "feed":
				c.Feed += im.rows
			case "api":
				c.API += im.rows
			case "form":
				c.Manual += im.rows
			default:
				c.Upload += im.rows
			}
			if !im.latestClose.IsZero() {
				c.LatencyDays = append(c.LatencyDays, max(0, int(im.at.Sub(im.latestClose).Hours()/24)))
			}
		}
		type form struct {
			at    time.Time
			party string
		}
		forms, err := queryAll(ctx, tx, func(s scanner) (form, error) {
			var f form
			return f, s.Scan(timeCol{&f.at}, &f.party)
		}, `SELECT a.at, m.party_id FROM audit_log a JOIN memberships m ON m.alliance_id = a.alliance_id AND m.user_id = a.actor_id
			WHERE a.alliance_id = ? AND a.at >= ? AND a.action <> 'import'`, allianceID, ts(from))
		if err != nil {
			return err
		}
		for _, f := range forms {
			get(f.party, f.at).Forms++
		}
		return nil
	})
	out := make([]accord.PaperworkCount, 0, len(byKey))
	for _, c := range byKey {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].PartyID != out[j].PartyID {
			return out[i].PartyID < out[j].PartyID
		}
		return out[i].Month < out[j].Month
	})
	return out, err
}

// paperworkImports reads the alliance's imports since from by members of
// its parties, each with the close of the latest period it wrote. An
// import from a FHIR server (accord.ImportFormatFHIRServer) is made by no
// person: its observations belong to the parties that report their KPIs,
// each party counting the rows it wrote of its own KPIs.
func (tx *Tx) paperworkImports(ctx context.Context, allianceID string, from time.Time) ([]paperworkImport, error) {
	scan := func(s scanner) (paperworkImport, error) {
		var im paperworkImport
		return im, s.Scan(&im.seq, timeCol{&im.at}, &im.format, &im.source, &im.party, &im.rows)
	}
	imports, err := queryAll(ctx, tx, scan, `SELECT i.seq, i.created_at, i.format, COALESCE(i.source, ''), m.party_id, i.rows_new + i.rows_revised
		FROM imports i JOIN memberships m ON m.alliance_id = i.alliance_id AND m.user_id = i.created_by
		WHERE i.alliance_id = ? AND i.created_at >= ? ORDER BY i.seq`, allianceID, ts(from))
	if err != nil {
		return nil, err
	}
	fed, err := queryAll(ctx, tx, scan, `SELECT i.seq, i.created_at, i.format, COALESCE(i.source, ''), k.owner_party_id, COUNT(*)
		FROM imports i JOIN observations o ON o.import_seq = i.seq JOIN kpis k ON k.seq = o.kpi_seq
		WHERE i.alliance_id = ? AND i.created_at >= ? AND i.format = ? AND i.created_by IS NULL
		GROUP BY i.seq, i.created_at, i.format, i.source, k.owner_party_id`, allianceID, ts(from), accord.ImportFormatFHIRServer)
	if err != nil {
		return nil, err
	}
	imports = append(imports, fed...)
	if len(imports) == 0 {
		return imports, nil
	}
	sort.SliceStable(imports, func(i, j int) bool { return imports[i].seq < imports[j].seq })
	type latest struct {
		seq    int64
		freq   string
		period time.Time
	}
	periods, err := queryAll(ctx, tx, func(s scanner) (latest, error) {
		var l latest
		return l, s.Scan(&l.seq, &l.freq, periodCol{&l.period})
	}, `SELECT o.import_seq, k.frequency, MAX(o.period) FROM observations o JOIN kpis k ON k.seq = o.kpi_seq
		WHERE k.alliance_id = ? AND o.import_seq >= ? GROUP BY o.import_seq, k.frequency`, allianceID, imports[0].seq)
	if err != nil {
		return nil, err
	}
	closes := map[int64]time.Time{}
	for _, l := range periods {
		if c := accord.Frequency(l.freq).Next(l.period); c.After(closes[l.seq]) {
			closes[l.seq] = c
		}
	}
	for i := range imports {
		imports[i].latestClose = closes[imports[i].seq]
	}
	return imports, nil
}

// channel says how an import's observations arrived, from its format and
// the source its rows name: "form" (typed into accord's form), "api",
// "feed" (FHIR, read from a file or a server) or "upload" (a file).
func channel(format, source string) string {
	switch {
	case format == "fhir" || format == accord.ImportFormatFHIRServer || strings.HasPrefix(source, "fhir"):
		return "feed"
	case source == "api" || format == "json":
		return "api"
	case format == "form" || source == "form":
		return "form"
	}
	return "upload"
}
