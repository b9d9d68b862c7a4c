// Package ical writes and reads iCalendar data (RFC 5545): the calendar feeds
// that people subscribe to and the invitations that accord sends by e-mail.
//
// Encode writes only what accord needs: events with times in UTC, people as
// mailto addresses, and no time zones or recurrence rules, because each
// meeting of a committee is its own event. Parse reads back what Encode
// writes, and the ordinary feeds of other tools, so that tests can check a
// feed by its meaning rather than by its bytes.
package ical

import "time"

// ProdID is the PRODID that Encode writes.
const ProdID = "-//accord//accord//EN"

// The values of Event.Status.
const (
	StatusConfirmed = "CONFIRMED"
	StatusTentative = "TENTATIVE"
	StatusCancelled = "CANCELLED"
)

// The values of Calendar.Method that accord uses. An empty method makes a
// feed; RFC 5546 (iTIP) gives the meaning of the others.
const (
	MethodPublish = "PUBLISH"
	MethodRequest = "REQUEST"
	MethodCancel  = "CANCEL"
)

// Event is one VEVENT.
type Event struct {
	// UID identifies the event across versions, e.g. "meeting-<id>@accord".
	UID string
	// Sequence counts the changes that attendees must see; bump it when the
	// time, the place or the status of the meeting changes.
	Sequence int
	// Start and End are written in UTC ("20261203T150000Z"), to the second.
	// A zero End is left out.
	Start, End time.Time
	// Summary, Description and Location are plain text; Encode escapes them.
	Summary, Description, Location string
	// URL links to the meeting in accord.
	URL string
	// Organizer is optional; a zero Person is left out.
	Organizer Person
	// Attendees are the people invited.
	Attendees []Person
	// Status is StatusConfirmed, StatusCancelled, StatusTentative or empty,
	// which leaves it out.
	Status string
	// Updated is when the event last changed; it is written as DTSTAMP and
	// LAST-MODIFIED. RFC 5545 requires DTSTAMP, so it must not be zero.
	Updated time.Time
}

// Person is an organizer or an attendee.
type Person struct {
	Name, Email string
}

// Calendar is a VCALENDAR.
type Calendar struct {
	// Name is the X-WR-CALNAME that calendar programs show for a feed.
	Name string
	// Method is "" for a feed and MethodRequest for an e-mailed invitation
	// (MethodCancel to withdraw one).
	Method string
	// Events are written in order.
	Events []Event
}
