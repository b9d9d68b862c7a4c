package server_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/store"
)

// TestWhatIfFromClaimsRefusesAnEmptyPeriod uploads claims for a period in
// which nobody is enrolled: the page must refuse it (it used to settle $0
// spent and pay the whole savings cap) naming the enrollment file and the
// months it covers; for the right period, the worksheet says the
// expenditure came from the files.
func TestWhatIfFromClaimsRefusesAnEmptyPeriod(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) { whatIfEmptyPeriod(t, newApp(t, d)) })
	}
}

func whatIfEmptyPeriod(t *testing.T, a *app) {
	const page = "/a/north-valley/contracts/shared-savings/what-if"
	year := time.Now().Year() - 1
	y, prev := strconv.Itoa(year), strconv.Itoa(year-1)
	enrollment := "CURRENT_BENE_MBI_ID,ENROLLMENT_START_DATE,ENROLLMENT_END_DATE\nA," + y + "-01-01," + y + "-12-31\n"
	physicians := "BENE_MBI_ID,CLM_TYPE_CD,CLM_LINE_THRU_DT,CLM_LINE_CVRD_PD_AMT,CLM_ADJSMT_TYPE_CD,CLM_IDR_LD_DT\nA,71," + y + "-03-01,100.00,0," + y + "-04-01\n"
	upload := func(from string) claimsUpload {
		return claimsUpload{fields: [][2]string{{"period_start", from + "-01-01"}, {"period_end", from + "-12-31"},
			{"current", "version:3"}, {"alternative", "amendment:4"}},
			files: [][3]string{{"enrollment", "enrollment.csv", enrollment}, {"partb_physicians", "partb_physicians.csv", physicians}}}
	}
	member := a.login(roleAccounts["member"])
	st, body := a.postUpload(member, page, upload(prev))
	if st != 422 || !strings.Contains(body, "Nothing was settled") || !strings.Contains(body, "enrollment.csv") ||
		!strings.Contains(body, "nobody is enrolled in "+prev+"-01 to "+prev+"-12") || strings.Contains(body, `id="comparison"`) {
		t.Errorf("a period nobody is enrolled in: %d\n%s", st, errorOf(body))
	}
	if strings.Contains(errorOf(body), "line 0") {
		t.Errorf("the error names line 0:\n%s", errorOf(body))
	}
	st, body = a.postUpload(member, page, upload(y))
	if st != 200 || !strings.Contains(body, "from claims files (enrollment.csv, partb_physicians.csv)") {
		t.Errorf("the right period: %d, want the worksheet to say the expenditure came from the files\n%s", st, errorOf(body))
	}
}
