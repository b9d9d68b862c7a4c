package store

import (
	"context"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// Agenda returns a meeting's agenda in order.
func (db *DB) Agenda(ctx context.Context, meetingID string) ([]accord.AgendaItem, error) {
	var out []accord.AgendaItem
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.agenda(ctx, meetingID)
		return err
	})
	return out, err
}

func (tx *Tx) agenda(ctx context.Context, meetingID string) ([]accord.AgendaItem, error) {
	return queryAll(ctx, tx, scanAgendaItem, `SELECT id, meeting_id, position, kind, ref_id, title, detail, note, added_by FROM agenda_items
		WHERE meeting_id = ? ORDER BY position, id`, meetingID)
}

func scanAgendaItem(s scanner) (accord.AgendaItem, error) {
	var a accord.AgendaItem
	err := s.Scan(&a.ID, &a.MeetingID, &a.Position, &a.Kind, &a.RefID, &a.Title, &a.Detail, &a.Note, &a.AddedBy)
	return a, err
}

// SyncAgenda adds the items the data wrote that the agenda does not have
// yet (by kind and reference), after the existing ones, and refreshes the
// detail of those it has. Items people added, their order and notes stay.
// It returns how many items it added.
func (db *DB) SyncAgenda(ctx context.Context, allianceID, meetingID string, items []accord.AgendaItem) (int, error) {
	added := 0
	err := db.update(ctx, func(tx *Tx) error {
		m, err := tx.meeting(ctx, allianceID, meetingID)
		if err != nil {
			return err
		}
		if m.Status != accord.MeetingScheduled {
			return nil // the agenda of a held or cancelled meeting is history
		}
		have, err := tx.agenda(ctx, meetingID)
		if err != nil {
			return err
		}
		known, last := map[string]accord.AgendaItem{}, 0
		for _, a := range have {
			known[a.Kind+"/"+a.RefID] = a
			last = max(last, a.Position)
		}
		for _, it := range items {
			if was, ok := known[it.Kind+"/"+it.RefID]; ok {
				if was.Title == it.Title && was.Detail == it.Detail {
					continue // most views change nothing, and write nothing
				}
				if _, err := tx.exec(ctx, "UPDATE agenda_items SET title = ?, detail = ? WHERE meeting_id = ? AND kind = ? AND ref_id = ?",
					it.Title, it.Detail, meetingID, it.Kind, it.RefID); err != nil {
					return err
				}
				continue
			}
			last++
			known[it.Kind+"/"+it.RefID] = it
			if _, err := tx.exec(ctx, `INSERT INTO agenda_items (id, meeting_id, position, kind, ref_id, title, detail, added_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, newID(), meetingID, last, it.Kind, it.RefID, it.Title, it.Detail, "accord"); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	return added, err
}

// AddAgendaItem adds an item someone wants discussed, at the end.
func (db *DB) AddAgendaItem(ctx context.Context, actor accord.Actor, allianceID, meetingID string, it *accord.AgendaItem) error {
	it.Title, it.Detail = strings.TrimSpace(it.Title), strings.TrimSpace(it.Detail)
	if it.Title == "" || len(it.Title) > 300 {
		return accord.FieldError("title", "is required (at most 300 characters)")
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.meeting(ctx, allianceID, meetingID); err != nil {
			return err
		}
		var last int
		if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(position), 0) FROM agenda_items WHERE meeting_id = ?", meetingID).Scan(&last); err != nil {
			return err
		}
		it.ID, it.MeetingID, it.Position, it.Kind, it.AddedBy = newID(), meetingID, last+1, accord.AgendaCustom, actor.Name
		if _, err := tx.exec(ctx, `INSERT INTO agenda_items (id, meeting_id, position, kind, title, detail, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			it.ID, meetingID, it.Position, it.Kind, it.Title, it.Detail, it.AddedBy); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "add-agenda-item", entity: "meeting", entityID: meetingID,
			after: map[string]any{"title": it.Title, "detail": it.Detail}})
	})
}

// MoveAgendaItem moves an item up (delta -1) or down (+1) the agenda.
func (db *DB) MoveAgendaItem(ctx context.Context, actor accord.Actor, allianceID, meetingID, itemID string, delta int) error {
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.meeting(ctx, allianceID, meetingID); err != nil {
			return err
		}
		items, err := tx.agenda(ctx, meetingID)
		if err != nil {
			return err
		}
		i := -1
		for k, a := range items {
			if a.ID == itemID {
				i = k
			}
		}
		if i < 0 {
			return accord.Errorf(accord.ENOTFOUND, "agenda item not found")
		}
		j := i + delta
		if j < 0 || j >= len(items) {
			return nil
		}
		items[i], items[j] = items[j], items[i]
		for k, a := range items {
			if _, err := tx.exec(ctx, "UPDATE agenda_items SET position = ? WHERE id = ?", k+1, a.ID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "reorder-agenda", entity: "meeting", entityID: meetingID,
			after: map[string]any{"item": itemID, "position": j + 1}})
	})
}

// AnnotateAgendaItem sets an item's note.
func (db *DB) AnnotateAgendaItem(ctx context.Context, actor accord.Actor, allianceID, meetingID, itemID, note string) error {
	note = strings.TrimSpace(note)
	if len(note) > 2000 {
		return accord.FieldError("note", "must be at most 2,000 characters")
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.meeting(ctx, allianceID, meetingID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, "UPDATE agenda_items SET note = ? WHERE id = ? AND meeting_id = ?", note, itemID, meetingID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return accord.Errorf(accord.ENOTFOUND, "agenda item not found")
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "annotate-agenda", entity: "meeting", entityID: meetingID,
			after: map[string]any{"item": itemID, "note": note}})
	})
}

const actionSelect = `SELECT a.id, a.alliance_id, a.committee_id, COALESCE(a.meeting_id, ''), a.title, a.owner_id, u.name, m.party_id,
	a.due_on, a.status, a.done_at, a.created_at
	FROM action_items a JOIN memberships m ON m.id = a.owner_id JOIN users u ON u.id = m.user_id`

// CreateActionItem gives a member of the alliance a task with a due date.
func (db *DB) CreateActionItem(ctx context.Context, actor accord.Actor, a *accord.ActionItem) error {
	a.Title = strings.TrimSpace(a.Title)
	if a.Title == "" || len(a.Title) > 300 {
		return accord.FieldError("title", "is required (at most 300 characters)")
	}
	if a.DueOn.IsZero() {
		return accord.FieldError("due_on", "is required")
	}
	return db.update(ctx, func(tx *Tx) error {
		var party string
		if err := tx.queryRow(ctx, "SELECT party_id FROM memberships WHERE id = ? AND alliance_id = ?", a.OwnerID, a.AllianceID).Scan(&party); err != nil {
			return accord.FieldError("owner", "is not a member of this alliance")
		}
		if a.MeetingID != "" {
			m, err := tx.meeting(ctx, a.AllianceID, a.MeetingID)
			if err != nil {
				return err
			}
			a.CommitteeID = m.CommitteeID
		}
		if _, err := tx.committee(ctx, "id = ? AND alliance_id = ?", a.CommitteeID, a.AllianceID); err != nil {
			return err
		}
		a.ID, a.Status, a.OwnerParty, a.CreatedAt = newID(), accord.ActionOpen, party, tx.now
		a.DueOn = accord.Day(a.DueOn)
		if _, err := tx.exec(ctx, `INSERT INTO action_items (id, alliance_id, committee_id, meeting_id, title, owner_id, due_on, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.AllianceID, a.CommitteeID, nullStr(a.MeetingID), a.Title, a.OwnerID, day(a.DueOn), a.Status, ts(tx.now)); err != nil {
			return err
		}
		if err := tx.notifyAction(ctx, actor, a); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: a.AllianceID, action: "create", entity: "action_item", entityID: a.ID,
			after: map[string]any{"title": a.Title, "owner_id": a.OwnerID, "due_on": day(a.DueOn)}})
	})
}

// ListActionItems returns action items by due date.
func (db *DB) ListActionItems(ctx context.Context, f accord.ActionFilter) ([]accord.ActionItem, error) {
	q, args := actionSelect+" WHERE a.alliance_id = ?", []any{f.AllianceID}
	if f.CommitteeID != "" {
		q, args = q+" AND a.committee_id = ?", append(args, f.CommitteeID)
	}
	if f.Status != "" {
		q, args = q+" AND a.status = ?", append(args, f.Status)
	}
	if !f.DueBefore.IsZero() {
		q, args = q+" AND a.due_on < ?", append(args, day(f.DueBefore))
	}
	var out []accord.ActionItem
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanAction, q+" ORDER BY a.due_on, a.title", args...)
		return err
	})
	return out, err
}

func scanAction(s interface{ Scan(...any) error }) (accord.ActionItem, error) {
	var a accord.ActionItem
	err := s.Scan(&a.ID, &a.AllianceID, &a.CommitteeID, &a.MeetingID, &a.Title, &a.OwnerID, &a.OwnerName, &a.OwnerParty,
		timeCol{&a.DueOn}, &a.Status, nullTimeCol{&a.DoneAt}, timeCol{&a.CreatedAt})
	return a, err
}

// SetActionStatus marks an action item done, cancelled or open again.
func (db *DB) SetActionStatus(ctx context.Context, actor accord.Actor, allianceID, id, status string) (accord.ActionItem, error) {
	var a accord.ActionItem
	if status != accord.ActionOpen && status != accord.ActionDone && status != accord.ActionCancelled {
		return a, accord.FieldError("status", "must be open, done or cancelled")
	}
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if a, err = scanAction(tx.queryRow(ctx, actionSelect+" WHERE a.alliance_id = ? AND a.id = ?", allianceID, id)); err != nil {
			return notFound(err, "action item")
		}
		before := a.Status
		var done *time.Time
		if status == accord.ActionDone {
			now := tx.now
			done = &now
		}
		a.Status, a.DoneAt = status, done
		if _, err := tx.exec(ctx, "UPDATE action_items SET status = ?, done_at = ? WHERE id = ?", status, tsPtr(done), id); err != nil {
			return err
		}
		// Done or cancelled resolves its overdue signal; open again may raise it.
		if _, err := tx.syncActionSignals(ctx, signalsActor, allianceID, id); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "update", entity: "action_item", entityID: id,
			before: map[string]any{"status": before}, after: map[string]any{"status": status}})
	})
	return a, err
}
