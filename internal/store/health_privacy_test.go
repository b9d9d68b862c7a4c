package store_test

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// dumpRow is one row of a table: column → value as text.
type dumpRow map[string]string

// dumpTables reads every column of every row of every table.
func dumpTables(t *testing.T, db *store.DB) map[string][]dumpRow {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'table'"
	if db.Dialect() == store.Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
	}
	rs, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rs.Next() {
		var n string
		if err := rs.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rs.Close()
	out := map[string][]dumpRow{}
	for _, tb := range tables {
		rows, err := db.SQL().Query(`SELECT * FROM "` + tb + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		out[tb] = []dumpRow{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := dumpRow{}
			for i, c := range cols {
				row[c] = dumpValue(vals[i])
			}
			out[tb] = append(out[tb], row)
		}
		rows.Close()
	}
	return out
}

func dumpValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}

// rowText is a row as one comparable string, its columns in order.
func rowText(r dumpRow) string {
	var b strings.Builder
	for _, c := range slices.Sorted(maps.Keys(r)) {
		fmt.Fprintf(&b, "%s=%q ", c, r[c])
	}
	return b.String()
}

// added returns the rows of each table in after that were not in before.
func added(before, after map[string][]dumpRow) map[string][]dumpRow {
	out := map[string][]dumpRow{}
	for tb, rows := range after {
		was := map[string]bool{}
		for _, r := range before[tb] {
			was[rowText(r)] = true
		}
		for _, r := range rows {
			if !was[rowText(r)] {
				out[tb] = append(out[tb], r)
			}
		}
	}
	return out
}

// identityTokens is what would identify a member: their membership and
// user ids, e-mail and name, and the usual ways of deriving a value from
// them (hashes, an id without its hyphens), lowercase.
func identityTokens(m accord.Membership, email string) []string {
	var out []string
	for _, s := range []string{m.ID, m.UserID, email, m.UserName} {
		s = strings.ToLower(s)
		s256, s1, s5 := sha256.Sum256([]byte(s)), sha1.Sum([]byte(s)), md5.Sum([]byte(s))
		out = append(out, s, strings.ReplaceAll(s, "-", ""), hex.EncodeToString(s256[:]), hex.EncodeToString(s1[:]), hex.EncodeToString(s5[:]))
	}
	return out
}

// timeTokens is what would date an answer: the instant in every form a
// database or a program writes it, to the minute.
func timeTokens(at time.Time) []string {
	return []string{
		at.Format("2006-01-02T15:04"), at.Format("2006-01-02 15:04"), at.Format("15:04"),
		strconv.FormatInt(at.Unix(), 10), strconv.FormatInt(at.UnixMilli(), 10), strconv.FormatInt(at.UnixMicro(), 10)[:13],
	}
}

// anyTime matches a time of day or a date written in any common way.
var anyTime = regexp.MustCompile(`\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\b1[6-9]\d{8}\b`)

// TestSurveyAnonymity has five of six members answer a round at telling
// minutes, closes it, and reads every column of every row of every table
// on both databases: the answers wrote nothing but the respondents, the
// responses and an audit entry naming no one and dated to the day; a
// respondent row holds the round and the membership only; a response row
// holds its random id, the round, a party, a role and the answers, and no
// value in it, nor in the audit entries, equals or is derived from a
// respondent's ids, e-mail or name or from the time they answered;
// response ids appear in no other table; and once closed, the rows'
// order and (PostgreSQL) transaction ids say nothing of who answered when.
func TestSurveyAnonymity(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2027, 3, 2, 8, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			h := seedHealth(t, db)
			r := openRound(t, db, h)
			emails := append([]string{h.admin.Email}, func() []string {
				var es []string
				for _, p := range healthPeople {
					es = append(es, p.email)
				}
				return es
			}()...)
			before := dumpTables(t, db)
			var tokens, times []string
			respondents := h.members[:5]
			for i, m := range respondents {
				at := time.Date(2027, 3, 2, 14, 37+7*i, 21+i, 654321000, time.UTC)
				clk.Set(at)
				sub := accord.HealthSubmission{RoundID: r.ID, Answers: map[string]int{"trust-word": 1 + i, "trust-guard": 5 - i, "pace-fit": 1 + (i*2)%5},
					Comments: map[string]string{"voice": fmt.Sprintf("Comment number %d on the clinical voice.", i)}}
				if err := db.SubmitHealthResponse(ctx, h.alliance.ID, m.ID, sub); err != nil {
					t.Fatalf("answer %d: %v", i, err)
				}
				tokens = append(tokens, identityTokens(m, emails[i])...)
				times = append(times, timeTokens(at)...)
			}
			written := added(before, dumpTables(t, db))
			if got, want := slices.Sorted(maps.Keys(written)), []string{"audit_head", "audit_log", "health_respondents", "health_responses"}; !slices.Equal(got, want) {
				t.Errorf("the answers wrote to tables %v, want only %v", got, want)
			}
			checkRespondentRows(t, written["health_respondents"], r.ID, len(respondents))
			checkAnswerAudit(t, written["audit_log"], r.ID, len(respondents), tokens, times)

			clk.Set(time.Date(2027, 3, 16, 23, 10, 0, 0, time.UTC))
			if _, err := db.CloseRound(ctx, cli, h.alliance.ID, r.ID); err != nil {
				t.Fatal(err)
			}
			all := dumpTables(t, db)
			checkRespondentRows(t, all["health_respondents"], r.ID, len(respondents))
			ids := checkResponseRows(t, all["health_responses"], r.ID, []string{h.payer.ID, h.provider.ID}, tokens, times)
			if len(ids) != len(respondents) {
				t.Fatalf("%d responses stored, want %d", len(ids), len(respondents))
			}
			for tb, rows := range all {
				if tb == "health_responses" {
					continue
				}
				for _, row := range rows {
					for col, v := range row {
						for _, id := range ids {
							if strings.Contains(v, id) {
								t.Errorf("%s.%s holds response id %s: a response can be found outside its table (%s)", tb, col, id, rowText(row))
							}
						}
					}
				}
			}
			// The results kept at close: one row for the round, holding
			// nothing of a respondent.
			kept := all["health_round_results"]
			if len(kept) != 1 || kept[0]["round_id"] != r.ID {
				t.Errorf("kept results: %d rows, want the closed round's one", len(kept))
			}
			for _, row := range kept {
				for col, v := range row {
					for _, tok := range tokens {
						if tok != "" && strings.Contains(v, tok) {
							t.Errorf("health_round_results.%s holds %q of a respondent", col, tok)
						}
					}
				}
			}
			checkStoredOrder(t, db)
		})
	}
}

// checkRespondentRows wants n rows of the round with exactly two columns.
func checkRespondentRows(t *testing.T, rows []dumpRow, roundID string, n int) {
	t.Helper()
	if len(rows) != n {
		t.Errorf("%d respondent rows, want %d", len(rows), n)
	}
	for _, row := range rows {
		if cols := slices.Sorted(maps.Keys(row)); !slices.Equal(cols, []string{"membership_id", "round_id"}) || row["round_id"] != roundID {
			t.Errorf("respondent row %s: want only round_id (%s) and membership_id", rowText(row), roundID)
		}
	}
}

// checkAnswerAudit wants one audit entry per answer that names the round
// and no one, dated to midnight, with nothing identifying in any column.
func checkAnswerAudit(t *testing.T, rows []dumpRow, roundID string, n int, tokens, times []string) {
	t.Helper()
	if len(rows) != n {
		t.Errorf("%d audit entries for %d answers, want one each", len(rows), n)
	}
	for _, row := range rows {
		if row["actor_id"] != "NULL" || row["actor_name"] != "anonymous respondent" || row["entity_id"] != roundID || row["action"] != "respond" {
			t.Errorf("answer's audit entry %s: want the anonymous respondent, no actor id, action respond on round %s", rowText(row), roundID)
		}
		at, err := time.Parse(time.RFC3339Nano, row["at"])
		if err != nil || !at.Equal(accord.Day(at)) {
			t.Errorf("answer's audit entry dated %q (%v); want midnight of the day", row["at"], err)
		}
		if row["before_json"] != "NULL" || row["after_json"] != "NULL" {
			t.Errorf("answer's audit entry carries state %s; want none", rowText(row))
		}
		checkNothingIdentifying(t, "audit_log", row, tokens, times)
	}
}

// checkResponseRows checks every response row column by column and
// returns the response ids.
func checkResponseRows(t *testing.T, rows []dumpRow, roundID string, parties, tokens, times []string) []string {
	t.Helper()
	var ids []string
	for _, row := range rows {
		if cols := slices.Sorted(maps.Keys(row)); !slices.Equal(cols, []string{"answers", "comments", "id", "party_id", "role", "round_id"}) {
			t.Errorf("response row has columns %v; want only id, round_id, party_id, role, answers and comments", cols)
		}
		id, err := uuid.Parse(row["id"])
		if err != nil || id.Version() != 4 {
			t.Errorf("response id %q: version %d (%v); want a random UUIDv4, which carries no time", row["id"], id.Version(), err)
		}
		if row["round_id"] != roundID || !slices.Contains(parties, row["party_id"]) || !accord.Role(row["role"]).Valid() {
			t.Errorf("response row %s: want the round, one of the parties and a role", rowText(row))
		}
		for _, col := range []string{"role", "answers", "comments"} {
			if anyTime.MatchString(row[col]) {
				t.Errorf("response %s %q looks like a time or a date", col, row[col])
			}
		}
		checkNothingIdentifying(t, "health_responses", row, tokens, times)
		ids = append(ids, row["id"])
	}
	return ids
}

// checkNothingIdentifying wants no value of the row to equal an identity
// token, to contain one of eight characters or more, or to contain a
// time an answer was given.
func checkNothingIdentifying(t *testing.T, table string, row dumpRow, tokens, times []string) {
	t.Helper()
	for col, v := range row {
		lv := strings.ToLower(v)
		for _, tok := range tokens {
			if lv == tok || len(tok) >= 8 && strings.Contains(lv, tok) {
				t.Errorf("%s.%s = %q holds %q, which identifies a respondent", table, col, v, tok)
			}
		}
		for _, tm := range times {
			if strings.Contains(v, tm) {
				t.Errorf("%s.%s = %q holds %q, the time someone answered", table, col, v, tm)
			}
		}
	}
}

// checkStoredOrder wants the responses stored in the order of their
// random ids, and on PostgreSQL every respondent and response row written
// by one transaction (the closing one), none by a transaction that wrote
// an answer's audit entry.
func checkStoredOrder(t *testing.T, db *store.DB) {
	t.Helper()
	q := "SELECT id FROM health_responses"
	if db.Dialect() == store.Postgres {
		q += " ORDER BY ctid"
	}
	stored := sqlStrings(t, db, q)
	if !slices.IsSorted(stored) {
		t.Errorf("responses stored in the order %v, not the order of their ids: the order of writing shows", stored)
	}
	if db.Dialect() != store.Postgres {
		return
	}
	resp := sqlStrings(t, db, "SELECT DISTINCT xmin::text FROM health_responses")
	who := sqlStrings(t, db, "SELECT DISTINCT xmin::text FROM health_respondents")
	answered := sqlStrings(t, db, "SELECT xmin::text FROM audit_log WHERE action = 'respond'")
	if len(resp) != 1 || !slices.Equal(resp, who) {
		t.Errorf("transaction ids: responses %v, respondents %v; want the closing transaction's alone in both", resp, who)
	}
	for _, x := range resp {
		if slices.Contains(answered, x) {
			t.Errorf("a response row still carries transaction %s of an answer", x)
		}
	}
	for _, table := range []string{"health_respondents", "health_responses"} {
		opts := sqlStrings(t, db, "SELECT COALESCE(array_to_string(reloptions, ','), '') FROM pg_class WHERE relname = '"+table+"'")
		if len(opts) != 1 || !strings.Contains(opts[0], "autovacuum_vacuum_scale_factor=0") {
			t.Errorf("%s storage options %q: want it vacuumed as soon as a row is dead (the rows a round's closing left)", table, opts)
		}
	}
}

func sqlStrings(t *testing.T, db *store.DB, q string) []string {
	t.Helper()
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestSurveyStoreWritesNoLog guards what TestSurveyAnonymity does not
// read: the store writes no log, so no log line can date or name an
// answer. A store that starts logging must extend the anonymity test to
// its output.
func TestSurveyStoreWritesNoLog(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "log" || p == "log/slog" {
				t.Errorf("%s imports %s: check the survey's anonymity in the log lines it writes", f, p)
			}
		}
	}
}
