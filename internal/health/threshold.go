package health

import (
	"fmt"
	"sort"
	"strconv"
)

// The minimum number of people whose answers a result may show.
const (
	// DefaultMinRespondents applies when an alliance sets none.
	DefaultMinRespondents = 5
	// FloorMinRespondents is the lowest an alliance may set.
	FloorMinRespondents = 3
)

// MinRespondents returns the minimum an alliance configured, or the
// default when it configured none (0); below FloorMinRespondents is an
// error, for no alliance may show the answers of one or two people.
func MinRespondents(configured int) (int, error) {
	switch {
	case configured == 0:
		return DefaultMinRespondents, nil
	case configured < FloorMinRespondents:
		return 0, fmt.Errorf("the minimum number of respondents must be at least %d, not %d", FloorMinRespondents, configured)
	}
	return configured, nil
}

// TooFewReason says why a result of n people is hidden under the minimum:
// "Hidden: 3 people answered; results show from 5".
func TooFewReason(n, least int) string {
	who := strconv.Itoa(n) + " people answered"
	switch n {
	case 0:
		who = "nobody answered"
	case 1:
		who = "1 person answered"
	}
	return "Hidden: " + who + "; results show from " + strconv.Itoa(least)
}

// ShieldReason says why a result with enough answers is hidden all the
// same: shown beside the total, it would give away a smaller group's.
const ShieldReason = "Hidden: together with the total, these results would give away those of a group too small to show"

// Suppress decides which of the cells that make up a shown total are
// hidden, and why (the reason is empty for a cell shown). A cell of fewer
// than least people is hidden (primary suppression). Then, since the total
// minus the shown cells is what the hidden ones add up to, while the
// hidden cells together hold fewer than least people the smallest shown cell
// is hidden too (secondary suppression, ties to the first), so that no
// group under least can be worked out by subtraction.
func Suppress(counts []int, least int) []string {
	reasons := make([]string, len(counts))
	hiddenSum := 0
	for i, n := range counts {
		if n < least {
			reasons[i] = TooFewReason(n, least)
			hiddenSum += n
		}
	}
	order := make([]int, len(counts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return counts[order[a]] < counts[order[b]] })
	for _, i := range order {
		if hiddenSum == 0 || hiddenSum >= least {
			break
		}
		if reasons[i] == "" {
			reasons[i] = ShieldReason
			hiddenSum += counts[i]
		}
	}
	return reasons
}
