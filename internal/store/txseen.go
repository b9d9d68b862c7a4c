package store

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
)

// txSeen is what one transaction's notifications have read about an
// alliance, and the e-mail jobs it has queued.
type txSeen struct {
	alliance  string
	members   []member
	kpis      []accord.KPI
	sharing   *bool
	protocols []accord.Protocol
	parties   []string
	hooks     []accord.Webhook
	hooksRead bool
	mail      map[string]bool
}

// seenFor returns the transaction's memory of the alliance, starting
// afresh when another alliance is asked about.
func (tx *Tx) seenFor(allianceID string) *txSeen {
	if tx.seen == nil || tx.seen.alliance != allianceID {
		tx.seen = &txSeen{alliance: allianceID, mail: map[string]bool{}}
	}
	return tx.seen
}

func (tx *Tx) seenMembers(ctx context.Context, allianceID string) ([]member, error) {
	s := tx.seenFor(allianceID)
	if s.members == nil {
		ms, err := tx.notifyMembers(ctx, allianceID)
		if err != nil {
			return nil, err
		}
		s.members = append([]member{}, ms...)
	}
	return s.members, nil
}

func (tx *Tx) seenKPIs(ctx context.Context, allianceID string) ([]accord.KPI, error) {
	s := tx.seenFor(allianceID)
	if s.kpis == nil {
		ks, err := tx.listKPIs(ctx, allianceID, accord.KPIFilter{})
		if err != nil {
			return nil, err
		}
		s.kpis = append([]accord.KPI{}, ks...)
	}
	return s.kpis, nil
}

func (tx *Tx) seenSharing(ctx context.Context, allianceID string) (bool, error) {
	s := tx.seenFor(allianceID)
	if s.sharing == nil {
		var on bool
		if err := tx.queryRow(ctx, "SELECT sharing_by_protocol FROM alliances WHERE id = ?", allianceID).Scan(&on); err != nil {
			return false, err
		}
		s.sharing = &on
	}
	return *s.sharing, nil
}

func (tx *Tx) seenProtocols(ctx context.Context, allianceID string) ([]accord.Protocol, []string, error) {
	s := tx.seenFor(allianceID)
	if s.parties == nil {
		ps, err := tx.protocols(ctx, allianceID)
		if err != nil {
			return nil, nil, err
		}
		ids, err := tx.partyIDs(ctx, allianceID)
		if err != nil {
			return nil, nil, err
		}
		s.protocols, s.parties = ps, append([]string{}, ids...)
	}
	return s.protocols, s.parties, nil
}

func (tx *Tx) seenHooks(ctx context.Context, allianceID string) ([]accord.Webhook, error) {
	s := tx.seenFor(allianceID)
	if !s.hooksRead {
		hs, err := tx.listWebhooks(ctx, "w.alliance_id = ? AND w.active = ?", allianceID, true)
		if err != nil {
			return nil, err
		}
		s.hooks, s.hooksRead = hs, true
	}
	return s.hooks, nil
}
