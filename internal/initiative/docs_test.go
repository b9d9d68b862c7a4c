package initiative

import (
	"os"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
)

// TestDocsQuoteTheEngine checks that the sentences docs/initiatives.md
// quotes are the ones the engine writes, so the page and the code agree.
func TestDocsQuoteTheEngine(t *testing.T) {
	b, err := os.ReadFile("../../docs/initiatives.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Join(strings.Fields(string(b)), " ") // lines wrapped anywhere
	hba1c := Condition{KPI: "HbA1c control", Frequency: accord.Monthly, Compare: AtLeast, Threshold: dec(t, "68"), By: date(t, "2027-06-30")}
	trend, err := hba1c.Evaluate(monthly(t, "2027-01=60", "2027-02=60.5", "2027-03=61"), date(t, "2027-04-10"))
	if err != nil {
		t.Fatal(err)
	}
	over, err := WouldOverload(sitesFixture(t), []Phase{phase(t, "cm", "cm", "2027-03-01", "2027-05-31", "east=30", "lake=4")},
		phase(t, "", "rpm", "2027-05-01", "2027-06-30", "lake=7"))
	if err != nil || len(over) != 1 {
		t.Fatalf("got %v, %v; want one overload", over, err)
	}
	for _, quote := range []string{trend.Reason, over[0].Sentence()} {
		if !strings.Contains(doc, `"`+quote+`"`) {
			t.Errorf("docs/initiatives.md does not quote %q", quote)
		}
	}
}
