package store_test

import (
	"cmp"
	"database/sql"
	"slices"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// sameType is how a column type declared in the SQLite migrations may be
// written in the PostgreSQL ones. SQLite keeps times as fixed-width UTC
// text and dates as text (see docs/architecture.md), and booleans as 0/1
// integers; every other pairing is drift.
var sameType = map[string][]string{
	"TEXT":    {"text", "character varying", "timestamp with time zone", "date"},
	"INTEGER": {"bigint", "integer", "smallint", "boolean"},
	"REAL":    {"double precision", "real"},
	"BIGINT":  {"bigint"},
	"BLOB":    {"bytea"},
	"NUMERIC": {"numeric"},
}

// deliberate are the columns that differ between the dialects by design,
// each with the reason; anything else that differs is drift.
var deliberate = map[string]string{
	// The narrow observations table keys SQLite rows by the period's day
	// number (days since 1970-01-01), PostgreSQL's by a date (0015).
	"observations.period type": "INTEGER date",
	// A KPI's and an import's number is handed out by an AFTER INSERT
	// trigger on SQLite, which needs the column empty at first, and by an
	// identity on PostgreSQL (0015): after each insert it is always set.
	"kpis.seq nullability":    "SQLite nullable",
	"imports.seq nullability": "SQLite nullable",
}

// schemaColumn is one column as a dialect describes it.
type schemaColumn struct {
	typ     string
	notNull bool
}

// schemaIndex is one index: its columns in order ("(expr)" for an
// expression) and whether it is unique. Indexes a constraint makes
// (primary keys, UNIQUE in a table's definition) are named by each engine
// in its own way, so they are compared by columns alone.
type schemaIndex struct {
	name    string
	columns string
	unique  bool
}

type schema struct {
	columns map[string]map[string]schemaColumn // table → column → its type
	named   map[string]schemaIndex             // "table index" → index, for indexes the migrations name
	keys    map[string][]string                // table → sorted "columns unique" of constraint indexes
}

// TestSchemasDoNotDrift migrates a fresh SQLite and a fresh PostgreSQL
// database and compares what the two migration sets made: the same tables,
// each with the same columns of corresponding types (sameType) and
// nullability, and the same indexes (name, columns, uniqueness), so that a
// migration written for one dialect and not the other fails here.
func TestSchemasDoNotDrift(t *testing.T) {
	lite := readSQLiteSchema(t, storetest.Open(t, store.SQLite, nil).SQL())
	pg := readPostgresSchema(t, storetest.Open(t, store.Postgres, nil).SQL())
	for _, table := range union(lite.columns, pg.columns) {
		lc, inLite := lite.columns[table]
		pc, inPG := pg.columns[table]
		if !inLite || !inPG {
			t.Errorf("table %s: in SQLite %v, in PostgreSQL %v; want it in both", table, inLite, inPG)
			continue
		}
		for _, col := range union(lc, pc) {
			l, okL := lc[col]
			p, okP := pc[col]
			switch {
			case !okL || !okP:
				t.Errorf("column %s.%s: in SQLite %v, in PostgreSQL %v; want it in both", table, col, okL, okP)
			case !slices.Contains(sameType[l.typ], p.typ) && deliberate[table+"."+col+" type"] != l.typ+" "+p.typ:
				t.Errorf("column %s.%s: SQLite %s, PostgreSQL %s; want one of %v", table, col, l.typ, p.typ, sameType[l.typ])
			case l.notNull != p.notNull && !(deliberate[table+"."+col+" nullability"] == "SQLite nullable" && !l.notNull):
				t.Errorf("column %s.%s: NOT NULL in SQLite %v, in PostgreSQL %v", table, col, l.notNull, p.notNull)
			}
		}
		if l, p := lite.keys[table], pg.keys[table]; !slices.Equal(l, p) {
			t.Errorf("table %s: key and unique-constraint indexes in SQLite %q, in PostgreSQL %q", table, l, p)
		}
	}
	for _, name := range union(lite.named, pg.named) {
		l, okL := lite.named[name]
		p, okP := pg.named[name]
		if !okL || !okP || l != p {
			t.Errorf("index %s: SQLite %+v (%v), PostgreSQL %+v (%v); want the same in both", name, l, okL, p, okP)
		}
	}
	// The readers must have found something to compare.
	if len(lite.columns) < 20 || len(lite.named) < 20 || len(lite.keys) < 20 {
		t.Errorf("SQLite: %d tables, %d named indexes, %d tables with keys; the schema was not read", len(lite.columns), len(lite.named), len(lite.keys))
	}
	t.Logf("compared %d tables and %d named indexes", len(lite.columns), len(lite.named))
}

func union[V any](a, b map[string]V) []string {
	var out []string
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func query(t *testing.T, db *sql.DB, q string, args []any, scan func(*sql.Rows) error) {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func readSQLiteSchema(t *testing.T, db *sql.DB) schema {
	t.Helper()
	s := schema{columns: map[string]map[string]schemaColumn{}, named: map[string]schemaIndex{}, keys: map[string][]string{}}
	var tables []string
	query(t, db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", nil, func(r *sql.Rows) error {
		var n string
		tables = append(tables, n)
		return r.Scan(&tables[len(tables)-1])
	})
	for _, table := range tables {
		cols := map[string]schemaColumn{}
		var pk []string
		query(t, db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY pk", []any{table}, func(r *sql.Rows) error {
			var name, typ string
			var notNull bool
			var inPK int
			if err := r.Scan(&name, &typ, &notNull, &inPK); err != nil {
				return err
			}
			if inPK > 0 {
				// A primary key is never null, though SQLite lets a
				// rowid table's key be declared without NOT NULL.
				notNull = true
				pk = append(pk, name)
			}
			cols[name] = schemaColumn{typ: strings.ToUpper(typ), notNull: notNull}
			return nil
		})
		s.columns[table] = cols
		if len(pk) > 0 {
			s.keys[table] = append(s.keys[table], strings.Join(pk, ",")+" unique")
		}
		var idx []schemaIndex
		var origins []string
		query(t, db, "SELECT name, \"unique\", origin FROM pragma_index_list(?)", []any{table}, func(r *sql.Rows) error {
			var ix schemaIndex
			var origin string
			if err := r.Scan(&ix.name, &ix.unique, &origin); err != nil {
				return err
			}
			idx, origins = append(idx, ix), append(origins, origin)
			return nil
		})
		for i, ix := range idx {
			var cols []string
			query(t, db, "SELECT name FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno", []any{ix.name}, func(r *sql.Rows) error {
				var c sql.NullString
				err := r.Scan(&c)
				cols = append(cols, cmp.Or(c.String, "(expr)"))
				return err
			})
			ix.columns = strings.Join(cols, ",")
			switch origins[i] {
			case "c":
				s.named[table+" "+ix.name] = ix
			case "u":
				s.keys[table] = append(s.keys[table], ix.columns+" unique")
			} // "pk": read from table_info above, as a rowid table has no index for it
		}
		slices.Sort(s.keys[table])
		s.keys[table] = slices.Compact(s.keys[table])
	}
	return s
}

func readPostgresSchema(t *testing.T, db *sql.DB) schema {
	t.Helper()
	s := schema{columns: map[string]map[string]schemaColumn{}, named: map[string]schemaIndex{}, keys: map[string][]string{}}
	query(t, db, `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'NO'
		FROM information_schema.columns c JOIN information_schema.tables tb
		  ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
		WHERE c.table_schema = current_schema()`, nil, func(r *sql.Rows) error {
		var table, name string
		var c schemaColumn
		if err := r.Scan(&table, &name, &c.typ, &c.notNull); err != nil {
			return err
		}
		if s.columns[table] == nil {
			s.columns[table] = map[string]schemaColumn{}
		}
		s.columns[table][name] = c
		return nil
	})
	// Each index's columns in order: an expression (attnum 0) as "(expr)".
	query(t, db, `SELECT tc.relname, ic.relname, i.indisunique,
		  EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u')),
		  array_to_string(ARRAY(
		    SELECT COALESCE(a.attname, '(expr)') FROM unnest(i.indkey[0:i.indnkeyatts-1]) WITH ORDINALITY AS k(attnum, n)
		    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n), ',')
		FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
		JOIN pg_namespace ns ON ns.oid = tc.relnamespace WHERE ns.nspname = current_schema()`, nil, func(r *sql.Rows) error {
		var table string
		var ix schemaIndex
		var constraint bool
		if err := r.Scan(&table, &ix.name, &ix.unique, &constraint, &ix.columns); err != nil {
			return err
		}
		if constraint {
			s.keys[table] = append(s.keys[table], ix.columns+" unique")
		} else {
			s.named[table+" "+ix.name] = ix
		}
		return nil
	})
	for table := range s.keys {
		slices.Sort(s.keys[table])
		s.keys[table] = slices.Compact(s.keys[table])
	}
	return s
}
