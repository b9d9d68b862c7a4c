package health

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Kind is how an item is answered and scored.
type Kind int

// The kinds of item.
const (
	// Agreement items are statements answered from 1 (strongly disagree)
	// to 5 (strongly agree).
	Agreement Kind = iota
	// Bipolar items ask for a speed, answered from 1 (far too slow) through
	// 3 (about right) to 5 (far too fast): the middle is best.
	Bipolar
)

// Labels returns the words of the five answers of an item of kind k, from
// 1 to 5.
func Labels(k Kind) [5]string {
	if k == Bipolar {
		return [5]string{"Far too slow", "A little too slow", "About right", "A little too fast", "Far too fast"}
	}
	return [5]string{"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}
}

// Item is one question of a factor.
type Item struct {
	// Key is stable across versions: results compare an item only with
	// itself, and a changed wording takes a new key.
	Key  string
	Text string
	Kind Kind
	// Reverse marks an Agreement item worded so that agreeing is the bad
	// answer ("We hold back information ..."); it is scored 6 − answer.
	Reverse bool
}

// Factor is one aspect of the partnership, measured by its items.
type Factor struct {
	// Key is stable across versions ("trust"): results compare a factor
	// only with the same key in the same instrument version.
	Key   string
	Name  string
	Items []Item
}

// Instrument is a versioned questionnaire. An alliance that adds or
// changes factors or items makes a new version.
type Instrument struct {
	Key     string
	Version int
	Name    string
	Factors []Factor
}

// Ref names the version, "accord-pulse-1": rounds compare only when their
// refs are equal.
func (in Instrument) Ref() string { return in.Key + "-" + strconv.Itoa(in.Version) }

// Factor returns the factor with the key, and whether there is one.
func (in Instrument) Factor(key string) (Factor, bool) {
	for _, f := range in.Factors {
		if f.Key == key {
			return f, true
		}
	}
	return Factor{}, false
}

var (
	keyPattern        = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$`)
	instrumentPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(-[a-z][a-z0-9_]*)*$`)
)

// Validate checks that the instrument can be answered and scored: a key
// (lowercase words joined by hyphens, none starting with a digit, so that
// Ref reads back) and a version, at least one factor, every factor and item with a key
// (lowercase letters, digits, underscores, an item's optionally after its
// factor's and a dot), a name or text, keys used once, and no bipolar item
// marked reverse-keyed.
func (in Instrument) Validate() error {
	if !instrumentPattern.MatchString(in.Key) {
		return fmt.Errorf("instrument key %q: use lowercase words of letters, digits and underscores joined by hyphens", in.Key)
	}
	if in.Version < 1 {
		return fmt.Errorf("instrument %s: the version must be 1 or more, not %d", in.Key, in.Version)
	}
	if len(in.Factors) == 0 {
		return fmt.Errorf("instrument %s: it has no factors", in.Ref())
	}
	seen := map[string]bool{}
	for _, f := range in.Factors {
		if err := f.validate(seen); err != nil {
			return fmt.Errorf("instrument %s: %w", in.Ref(), err)
		}
	}
	return nil
}

func (f Factor) validate(seen map[string]bool) error {
	if !keyPattern.MatchString(f.Key) || strings.Contains(f.Key, ".") {
		return fmt.Errorf("factor key %q: use lowercase letters, digits and underscores", f.Key)
	}
	if seen["factor "+f.Key] {
		return fmt.Errorf("factor %s is there twice", f.Key)
	}
	seen["factor "+f.Key] = true
	if strings.TrimSpace(f.Name) == "" {
		return fmt.Errorf("factor %s has no name", f.Key)
	}
	if len(f.Items) == 0 {
		return fmt.Errorf("factor %s has no items", f.Key)
	}
	for _, it := range f.Items {
		switch {
		case !keyPattern.MatchString(it.Key):
			return fmt.Errorf("factor %s: item key %q: use lowercase letters, digits, underscores and one dot", f.Key, it.Key)
		case seen["item "+it.Key]:
			return fmt.Errorf("item %s is there twice", it.Key)
		case strings.TrimSpace(it.Text) == "":
			return fmt.Errorf("item %s has no text", it.Key)
		case it.Kind != Agreement && it.Kind != Bipolar:
			return fmt.Errorf("item %s: unknown kind %d", it.Key, it.Kind)
		case it.Kind == Bipolar && it.Reverse:
			return fmt.Errorf("item %s: a bipolar item cannot be reverse-keyed", it.Key)
		}
		seen["item "+it.Key] = true
	}
	return nil
}
