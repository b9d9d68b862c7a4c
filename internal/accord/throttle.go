package accord

import "time"

// ThrottleKey is one thing sign-in attempts are counted under (a client
// address, or a client address and an account together): Free attempts
// within Memory go through at once, each later one waits ThrottleDelay
// after the key's previous attempt.
type ThrottleKey struct {
	Key    string
	Free   int
	Memory time.Duration
}

// LoginAttempt is a sign-in attempt counted before its password is
// checked. Wait > 0 means it was refused and names how long the client
// waits before the next attempt is let through.
type LoginAttempt struct {
	IDs  []string
	Wait time.Duration
}

// maxThrottleShift bounds the doubling so the delay cannot overflow.
const maxThrottleShift = 30

// ThrottleDelay is how long after a key's latest attempt the next one must
// wait, when n attempts within the key's memory are already counted: none
// while n < free, then one second, doubling with each further attempt, and
// never more than max. A delay rather than a lock: whoever waits it out
// may try again, so nobody can lock another person out for long.
func ThrottleDelay(n, free int, max time.Duration) time.Duration {
	if n < free {
		return 0
	}
	shift := min(n-free, maxThrottleShift)
	return min(time.Second<<shift, max)
}
