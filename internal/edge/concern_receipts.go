package edge

import (
	"fmt"
	"math"
	"time"
)

// WaitFor says how long a throttled client waits, in whole minutes.
func WaitFor(window time.Duration) string {
	n := int(math.Ceil(window.Minutes()))
	if n <= 1 {
		return "a minute"
	}
	return fmt.Sprintf("%d minutes", n)
}
