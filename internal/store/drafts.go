package store

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
)

// SaveImportDraft keeps an uploaded file between its preview and the
// person's confirmation, so that the browser need not send it twice.
func (db *DB) SaveImportDraft(ctx context.Context, d *accord.ImportDraft) error {
	return db.update(ctx, func(tx *Tx) error {
		d.ID, d.CreatedAt = newID(), tx.now
		_, err := tx.exec(ctx, "INSERT INTO import_drafts (id, alliance_id, user_id, filename, format, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			d.ID, d.AllianceID, d.UserID, d.Filename, d.Format, d.Content, ts(tx.now))
		return err
	})
}

// ImportDraft returns a draft of the person in the alliance.
func (db *DB) ImportDraft(ctx context.Context, allianceID, userID, id string) (accord.ImportDraft, error) {
	var d accord.ImportDraft
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, "SELECT id, alliance_id, user_id, filename, format, content, created_at FROM import_drafts WHERE id = ? AND alliance_id = ? AND user_id = ?",
			id, allianceID, userID).Scan(&d.ID, &d.AllianceID, &d.UserID, &d.Filename, &d.Format, &d.Content, timeCol{&d.CreatedAt})
		return notFoundMsg(err, "this upload has expired or was already imported; upload the file again")
	})
	return d, err
}

// DeleteImportDraft forgets a draft once imported.
func (db *DB) DeleteImportDraft(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM import_drafts WHERE id = ?", id)
		return err
	})
}
