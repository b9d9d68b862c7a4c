package health

import (
	"slices"
	"testing"
)

// TestComments checks that comments follow the threshold and never carry
// a role, and are sorted so that their order tells nothing.
func TestComments(t *testing.T) {
	rs := join(answers("payer", "clinician", 4, 4, 5, 3, 4), answers("payer", "manager", 2, 3),
		answers("provider", "", 1, 2, 2, 1, 2), answers("vendor", "", 5, 5, 4, 4, 4), answers("investor", "", 3, 3))
	res, err := Compute(small(), rs, 5)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := res.Factor("one")
	all := []Comment{
		{Party: "payer", Role: "manager", Factor: "one", Text: "zebra crossing"},
		{Party: "payer", Role: "clinician", Factor: "one", Text: " apples "},
		{Party: "investor", Factor: "one", Text: "hidden party: never shown"},
		{Party: "provider", Factor: "one", Text: "shield party: never shown"},
		{Party: "vendor", Factor: "one", Text: "fine"},
		{Party: "vendor", Factor: "one", Text: "   "},
		{Party: "vendor", Factor: "other", Text: "another factor"},
	}
	got := f.Comments(all)
	want := []Comment{{Party: "payer", Factor: "one", Text: "apples"}, {Party: "payer", Factor: "one", Text: "zebra crossing"},
		{Party: "vendor", Factor: "one", Text: "fine"}}
	if !slices.Equal(got, want) {
		t.Errorf("Comments: got %+v, want %+v", got, want)
	}
	for _, g := range f.Breakdown {
		if CommentsBeside(g) {
			t.Errorf("CommentsBeside(%s × %s): got true, want never beside a breakdown", g.Party, g.Role)
		}
	}
	if !CommentsBeside(f.Alliance) || !CommentsBeside(f.Parties[1]) {
		t.Errorf("CommentsBeside: got false for the alliance or the payer, want true")
	}
	tiny, _ := Compute(small(), answers("payer", "", 4, 4), 3)
	tf, _ := tiny.Factor("one")
	if got := tf.Comments(all); got != nil {
		t.Errorf("Comments of a hidden alliance: got %+v, want none", got)
	}
}
