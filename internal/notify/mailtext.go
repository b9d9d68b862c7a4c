package notify

import (
	"fmt"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

// private reports whether a notification's body stays in the inbox: the
// words of a concern's thread (a handler's answer to its reporter) never
// travel by e-mail. Other concern notifications carry only days.
func private(k accord.NotificationKind) bool { return k == accord.NotifyConcernReply }

// mail writes the e-mail of notifications (due now, or a digest): one
// message, its items grouped by alliance, each with its link.
func (d *Delivery) mail(dg accord.Digest, digest bool) accord.Mail {
	items := dg.Items
	var b strings.Builder
	fmt.Fprintf(&b, "Hello %s,\n\n", dg.Name)
	switch {
	case digest:
		fmt.Fprintf(&b, "Your daily digest: %s unread since the last one.\n", count(len(items)))
	case len(items) > 1:
		fmt.Fprintf(&b, "%s for you:\n", count(len(items)))
	}
	alliance := ""
	for _, n := range items {
		if n.AllianceID != alliance {
			alliance = n.AllianceID
			fmt.Fprintf(&b, "\n%s\n%s\n", n.AllianceName, strings.Repeat("=", len([]rune(n.AllianceName))))
		}
		b.WriteString("\n")
		if n.MustAct {
			b.WriteString("[Action needed] ")
		}
		b.WriteString(n.Subject + "\n")
		if n.Body != "" && !private(n.Kind) {
			b.WriteString(n.Body + "\n")
		}
		if link := absLink(d.BaseURL, n.AllianceSlug, n.Link); link != "" {
			b.WriteString(link + "\n")
		}
	}
	first := items[0]
	inbox := absLink(d.BaseURL, first.AllianceSlug, "inbox")
	fmt.Fprintf(&b, "\nYour inbox, and how much of it you receive by e-mail: %s\n", inbox)
	subject := first.Subject
	switch {
	case digest:
		subject = fmt.Sprintf("Daily digest: %s", count(len(items)))
	case len(items) > 1:
		subject = count(len(items))
	}
	prefix := "accord"
	if sameAlliance(items) {
		prefix = first.AllianceName
	}
	return accord.Mail{To: dg.Email, Subject: "[" + prefix + "] " + subject, Text: b.String()}
}

func count(n int) string {
	if n == 1 {
		return "1 notification"
	}
	return fmt.Sprintf("%d notifications", n)
}

func sameAlliance(ns []accord.Notification) bool {
	for _, n := range ns {
		if n.AllianceID != ns[0].AllianceID {
			return false
		}
	}
	return true
}
