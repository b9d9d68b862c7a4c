package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/audience"
)

// toldSignal is the signal a notification tells of, as it stands now: its
// id (NULL for a notification written before notifications named their
// signal, or of no signal), its KPI (NULL for a signal not about a KPI's
// data), segment and the periods it spans.
type toldSignal struct {
	id, kpiID, segment sql.NullString
	first, last        *time.Time
}

// Withheld is what a reader whose party may not see a KPI's signal reads
// of a notification that told of it.
const (
	withheldSubject = ": not shared with your party"
	withheldBody    = "Under the alliance's data-sharing protocols your party may not see this signal's figures."
)

// asSharing makes a notification of a KPI's signal say only what its
// reader may see now. Who is told is decided when the signal is (see
// notifySignal), but sharing may have changed since: switched on in the
// charter, or a protocol ended. So each reading (the inbox, an e-mail, a
// digest) applies the rule again, as the signals page does, to the signal
// as it stands; a notification that names no signal (written before they
// did) is read in full only by the party that reports the KPI. A withheld
// notification keeps its place, its link and the KPI's name, never its
// figures.
func (tx *Tx) asSharing(ctx context.Context, n *accord.Notification, g toldSignal) error {
	if n.Kind != accord.NotifySignalOpened && n.Kind != accord.NotifySignalRaised {
		return nil
	}
	if g.id.Valid && g.first != nil && !g.kpiID.Valid {
		return nil // a signal beyond the data: contracts, concerns, actions
	}
	on, err := tx.seenSharing(ctx, n.AllianceID)
	if err != nil || !on {
		return err
	}
	kpis, err := tx.seenKPIs(ctx, n.AllianceID)
	if err != nil {
		return err
	}
	k, ok := toldKPI(kpis, n.Link, g)
	if !ok {
		return nil
	}
	protocols, _, err := tx.seenProtocols(ctx, n.AllianceID)
	if err != nil {
		return err
	}
	party, err := tx.memberParty(ctx, n.AllianceID, n.UserID)
	if err != nil {
		return err
	}
	sh := audience.Sharing{On: true, Protocols: protocols, KPIs: kpis}
	sees := sh.Owns(party, k)
	if g.first != nil && g.last != nil {
		sees = sh.SeesSignal(party, k, g.segment.String, *g.first, *g.last)
	}
	if !sees {
		n.Subject, n.Body = k.Name+withheldSubject, withheldBody
	}
	return nil
}

// toldKPI finds the KPI of a notification's signal: the signal's, or for a
// notification that names none, the KPI its link ("kpis/{key}") points at.
func toldKPI(kpis []accord.KPI, link string, g toldSignal) (accord.KPI, bool) {
	key, byLink := strings.CutPrefix(link, "kpis/")
	for _, k := range kpis {
		if g.kpiID.Valid && k.ID == g.kpiID.String || !g.kpiID.Valid && byLink && k.Key == key {
			return k, true
		}
	}
	return accord.KPI{}, false
}

// memberParty returns the party of a person's membership in the alliance,
// "" when they have none.
func (tx *Tx) memberParty(ctx context.Context, allianceID, userID string) (string, error) {
	var party string
	err := tx.queryRow(ctx, "SELECT party_id FROM memberships WHERE alliance_id = ? AND user_id = ?", allianceID, userID).Scan(&party)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return party, err
}
