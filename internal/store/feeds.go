package store

import (
	"context"

	"github.com/accord-alliance/accord/internal/secret"
)

// CalendarFeed returns a new secret token for the user's calendar feed of
// the alliance, replacing the previous one (whose links stop working):
// calendar apps cannot sign in, so the link itself is the key. Only the
// token's hash is kept.
func (db *DB) CalendarFeed(ctx context.Context, userID, allianceID string) (string, error) {
	token := secret.New("cal_")
	err := db.update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM calendar_feeds WHERE user_id = ? AND alliance_id = ?", userID, allianceID); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO calendar_feeds (token_hash, user_id, alliance_id, created_at) VALUES (?, ?, ?, ?)",
			secret.Hash(token), userID, allianceID, ts(tx.now))
		return err
	})
	return token, err
}

// CalendarFeedUser returns whose feed a token opens, if the person is
// still an active member of the alliance.
func (db *DB) CalendarFeedUser(ctx context.Context, token string) (string, string, error) {
	var userID, allianceID string
	err := db.readRow(ctx, `SELECT f.user_id, f.alliance_id FROM calendar_feeds f
		JOIN memberships m ON m.user_id = f.user_id AND m.alliance_id = f.alliance_id AND m.active = ?
		JOIN users u ON u.id = f.user_id AND u.disabled_at IS NULL WHERE f.token_hash = ?`, true, secret.Hash(token)).Scan(&userID, &allianceID)
	if err != nil {
		return "", "", notFound(err, "calendar feed")
	}
	return userID, allianceID, nil
}
