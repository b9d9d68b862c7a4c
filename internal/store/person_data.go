package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/seal"
)

// memberIDs selects the ids of a person's memberships, for the rows that
// name a membership (seats, ballots, proxies, attendance, surveys).
const memberIDs = "(SELECT id FROM memberships WHERE user_id = ?)"

// personRecords are the kinds of rows a person's export holds: each query
// takes the person's id as often as it has placeholders. Columns are named
// where a table holds a secret or another person's words; the secret
// columns are dropped from any row all the same (secretColumns).
var personRecords = []struct {
	kind, query string
	uses        int
}{
	{"memberships", "SELECT * FROM memberships WHERE user_id = ? ORDER BY created_at", 1},
	{"invitations", "SELECT id, alliance_id, email, party_id, roles, created_at, expires_at, accepted_at, revoked_at FROM invitations WHERE accepted_by = ? OR email = (SELECT email FROM users WHERE id = ?) ORDER BY created_at", 2},
	{"committee_seats", "SELECT * FROM committee_seats WHERE member_id IN " + memberIDs, 1},
	{"meeting_attendance", "SELECT * FROM meeting_attendance WHERE member_id IN " + memberIDs + " OR proxy_id IN " + memberIDs, 2},
	{"votes", "SELECT * FROM votes WHERE member_id IN " + memberIDs + " OR cast_by IN " + memberIDs, 2},
	{"proxies", "SELECT * FROM proxies WHERE member_id IN " + memberIDs + " OR holder_id IN " + memberIDs, 2},
	{"approvals", "SELECT * FROM approvals WHERE user_id = ?", 1},
	{"contract_signoffs", "SELECT * FROM contract_signoffs WHERE user_id = ?", 1},
	{"settlement_signoffs", "SELECT * FROM settlement_signoffs WHERE user_id = ?", 1},
	{"imports", "SELECT * FROM imports WHERE created_by = ? ORDER BY created_at", 1},
	{"concerns_raised_by_name", "SELECT id, alliance_id, category, severity, status, raised_on, acknowledged_at, closed_at FROM concerns WHERE reporter_id = ? ORDER BY raised_on", 1},
	{"concern_replies", "SELECT id, concern_id, created_at FROM concern_messages WHERE author_id = ? ORDER BY created_at", 1},
	{"notifications", "SELECT * FROM notifications WHERE user_id = ? ORDER BY created_at", 1},
	{"notification_preferences", "SELECT * FROM notification_preferences WHERE user_id = ?", 1},
	{"survey_participation", "SELECT round_id, membership_id FROM health_respondents WHERE membership_id IN " + memberIDs, 1},
	{"sessions", "SELECT created_at, expires_at FROM sessions WHERE user_id = ? ORDER BY created_at", 1},
	{"api_tokens", "SELECT id, name, scope, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY created_at", 1},
	{"calendar_feeds", "SELECT alliance_id, created_at FROM calendar_feeds WHERE user_id = ?", 1},
	{"authenticator_app", "SELECT confirmed_at, created_at FROM totp_factors WHERE user_id = ?", 1},
	{"passkeys", "SELECT name, created_at, last_used_at FROM passkeys WHERE user_id = ?", 1},
	{"recovery_codes", "SELECT created_at, used_at FROM recovery_codes WHERE user_id = ?", 1},
	{"identity_provider_links", "SELECT provider_id, subject, created_at FROM oidc_identities WHERE user_id = ?", 1},
	{"import_drafts", "SELECT id, alliance_id, filename, format, created_at FROM import_drafts WHERE user_id = ?", 1},
	// The audit entries they made, without the states before and after:
	// those may hold other people's details (someone they invited).
	{"audit_entries", "SELECT seq, at, alliance_id, via, action, entity, entity_id FROM audit_log WHERE actor_id = ? ORDER BY seq", 1},
}

// secretColumns never leave the database in an export.
var secretColumns = map[string]bool{
	"password_hash": true, "token_hash": true, "secret": true, "code_hash": true, "credential": true,
	"ceremony": true, "verifier": true, "nonce": true, "receipt_lookup": true, "receipt_hash": true, "email_claim": true,
}

// PersonData gathers everything accord holds about a person.
func (db *DB) PersonData(ctx context.Context, userID string) (accord.PersonData, error) {
	out := accord.PersonData{Records: map[string][]map[string]any{}, NotHere: accord.PersonDataNotHere}
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		var erased *time.Time
		if out.Account, erased, err = tx.userWithErasure(ctx, userID); err != nil {
			return err
		}
		out.ExportedAt, out.Erased = tx.now, erased != nil
		for _, r := range personRecords {
			args := make([]any, r.uses)
			for i := range args {
				args[i] = userID
			}
			if out.Records[r.kind], err = tx.dumpRows(ctx, r.query, args...); err != nil {
				return fmt.Errorf("person data: %s: %w", r.kind, err)
			}
		}
		return nil
	})
	return out, err
}

// userWithErasure reads an account and when its identity was erased (nil: never).
func (tx *Tx) userWithErasure(ctx context.Context, userID string) (accord.User, *time.Time, error) {
	var u accord.User
	var erased *time.Time
	row := tx.queryRow(ctx, "SELECT "+userCols+", erased_at FROM users WHERE id = ?", userID)
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.OrgID, &u.SuperAdmin, nullTimeCol{&u.DisabledAt}, timeCol{&u.CreatedAt}, nullTimeCol{&erased})
	return u, erased, notFound(err, "user")
}

// dumpRows reads every row of q as column names and values, without the
// secret columns; bytes become text and an empty result an empty list.
func (tx *Tx) dumpRows(ctx context.Context, q string, args ...any) ([]map[string]any, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		m := map[string]any{}
		for i, c := range cols {
			if secretColumns[c] {
				continue
			}
			if b, ok := vals[i].([]byte); ok {
				vals[i] = string(b)
			}
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Pseudonym is the name an erased person goes by: "Former member" and four
// hexadecimal digits drawn from their account's id, so that the decisions
// of two erased people stay apart without naming either.
func Pseudonym(userID string) (name, email string) {
	sum := sha256.Sum256([]byte(userID))
	h := hex.EncodeToString(sum[:])
	return "Former member " + h[:4], "former-" + h[:16] + "@erased.invalid"
}

// namedBy are the columns that copy the name of the person whose id is in
// the column beside them, so that history reads without a join.
var namedBy = []struct{ table, idCol, nameCol string }{
	{"approvals", "user_id", "user_name"},
	{"imports", "created_by", "created_name"},
	{"contract_amendments", "proposed_by", "proposed_name"},
	{"contract_amendments", "withdrawn_by", "withdrawn_name"},
	{"contract_signoffs", "user_id", "user_name"},
	{"contract_renegotiations", "requested_by", "requested_name"},
	{"signals", "acknowledged_by", "acknowledged_name"},
	{"signals", "closed_by", "closed_name"},
	{"settlements", "settled_by", "settled_name"},
	{"settlement_signoffs", "user_id", "user_name"},
	{"concerns", "acknowledged_by", "acknowledged_name"},
	{"concerns", "closed_by", "closed_name"},
	{"concern_messages", "author_id", "author"},
	{"concern_intake_links", "created_by", "created_by_name"},
}

// namedOnly are the columns that keep only the name of who did something,
// in an alliance's rows: the person's name is replaced there in the
// alliances they belonged to.
var namedOnly = []struct{ table, nameCol, allianceOf string }{
	{"motions", "created_by", "alliance_id"},
	{"kpi_changes", "proposed_by", "alliance_id"},
	{"gate_decisions", "recorded_by", "alliance_id"},
	{"initiatives", "proposed_by", "alliance_id"},
	{"webhooks", "created_by", "alliance_id"},
	{"agenda_items", "added_by", "(SELECT alliance_id FROM meetings WHERE meetings.id = agenda_items.meeting_id)"},
}

// personal are the rows that exist only for the person: their ways in,
// their inbox and their settings. Erasure deletes them.
var personal = []string{
	"sessions", "api_tokens", "password_resets", "pending_signins", "passkey_ceremonies", "totp_factors",
	"recovery_codes", "passkeys", "oidc_identities", "calendar_feeds", "import_drafts",
	"notification_preferences", "notifications",
}

// ErasePerson pseudonymises a departed person (docs/security.md).
func (db *DB) ErasePerson(ctx context.Context, actor accord.Actor, userID string) (accord.User, error) {
	var u accord.User
	err := db.update(ctx, func(tx *Tx) error {
		var erased *time.Time
		var err error
		if u, erased, err = tx.userWithErasure(ctx, userID); err != nil {
			return err
		}
		if erased != nil {
			return accord.Errorf(accord.ECONFLICT, "this person's identity has already been erased")
		}
		if actor.UserID == userID {
			return accord.Errorf(accord.EINVALID, "you cannot erase your own identity; another installation admin can")
		}
		// An alliance keeps an admin, as when a membership is ended by hand.
		var lastAdmin int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM memberships m WHERE m.user_id = ? AND m.active = ? AND (m.roles = 'admin' OR m.roles LIKE 'admin,%')
			AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.alliance_id = m.alliance_id AND o.active = ? AND o.id <> m.id AND (o.roles = 'admin' OR o.roles LIKE 'admin,%'))`,
			userID, true, true).Scan(&lastAdmin); err != nil {
			return err
		}
		if lastAdmin > 0 {
			return accord.Errorf(accord.ECONFLICT, "this person is the last admin of an alliance; make someone else its admin first")
		}
		oldName, oldEmail := u.Name, u.Email
		name, email := Pseudonym(userID)
		now := tx.now
		u.Name, u.Email, u.SuperAdmin = name, email, false
		if u.DisabledAt == nil {
			u.DisabledAt = &now
		}
		if _, err := tx.exec(ctx, `UPDATE users SET name = ?, email = ?, password_hash = '', super_admin = ?, disabled_at = ?, erased_at = ?, updated_at = ? WHERE id = ?`,
			name, email, false, tsPtr(u.DisabledAt), ts(now), ts(now), userID); err != nil {
			return err
		}
		for _, t := range personal {
			if _, err := tx.exec(ctx, "DELETE FROM "+t+" WHERE user_id = ?", userID); err != nil {
				return fmt.Errorf("erase %s: %w", t, err)
			}
		}
		for _, c := range namedBy {
			if _, err := tx.exec(ctx, "UPDATE "+c.table+" SET "+c.nameCol+" = ? WHERE "+c.idCol+" = ?", name, userID); err != nil {
				return fmt.Errorf("erase %s.%s: %w", c.table, c.nameCol, err)
			}
		}
		for _, c := range namedOnly {
			if _, err := tx.exec(ctx, "UPDATE "+c.table+" SET "+c.nameCol+" = ? WHERE "+c.nameCol+" = ? AND "+c.allianceOf+" IN (SELECT alliance_id FROM memberships WHERE user_id = ?)",
				name, oldName, userID); err != nil {
				return fmt.Errorf("erase %s.%s: %w", c.table, c.nameCol, err)
			}
		}
		// Other people's inboxes quote who acted ("Name: Acknowledged: …").
		if err := tx.renameInNotifications(ctx, userID, oldName, name); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE invitations SET email = ? WHERE email = ? OR accepted_by = ?", email, oldEmail, userID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE memberships SET active = ?, deactivated_at = ? WHERE user_id = ? AND active = ?", false, ts(now), userID, true); err != nil {
			return err
		}
		// The entry names neither the old name nor the address: it would
		// otherwise keep what it records the removal of.
		return tx.audit(ctx, actor, change{action: "erase", entity: "user", entityID: userID,
			after: map[string]any{"name": name, "erased": true, "disabled": true}})
	})
	return u, err
}

// showErased maps, for reading, the entries of people whose identity was
// erased: their pseudonym as the actor's name, and in place of the states
// before and after, where these name them (by their account's id), a note.
// The stored entries are not changed, so the chain still verifies
// (docs/security.md, "A person's data").
func (tx *Tx) showErased(ctx context.Context, entries []accord.AuditEntry) error {
	type person struct{ id, name string }
	erased, err := queryAll(ctx, tx, func(s scanner) (person, error) {
		var p person
		return p, s.Scan(&p.id, &p.name)
	}, "SELECT id, name FROM users WHERE erased_at IS NOT NULL")
	if err != nil || len(erased) == 0 {
		return err
	}
	for i := range entries {
		e := &entries[i]
		for _, p := range erased {
			if e.ActorID == p.id {
				e.ActorName = p.name
			}
			if e.EntityID == p.id || strings.Contains(string(e.Before), p.id) || strings.Contains(string(e.After), p.id) {
				if e.Action != "erase" {
					note, err := json.Marshal(map[string]string{"erased_person": p.name})
					if err != nil {
						return err
					}
					e.Before, e.After = nil, note
				}
			}
		}
	}
	return nil
}

// renameInNotifications replaces a person's name in the notifications of
// their alliances where it stands as a whole name (not inside another word:
// erasing "Al" leaves "Alliance" alone). A sealed body (a concern reply's) is
// opened, renamed and sealed again.
func (tx *Tx) renameInNotifications(ctx context.Context, userID, oldName, name string) error {
	type note struct{ id, subject, body string }
	notes, err := queryAll(ctx, tx, func(sc scanner) (note, error) {
		var n note
		return n, sc.Scan(&n.id, &n.subject, &n.body)
	}, `SELECT id, subject, body FROM notifications
		WHERE alliance_id IN (SELECT alliance_id FROM memberships WHERE user_id = ?) AND (subject LIKE ? ESCAPE '\' OR body LIKE ? ESCAPE '\' OR `+sealNotice.where+`)`,
		userID, likeContaining(oldName), likeContaining(oldName))
	if err != nil {
		return err
	}
	rename := renameWhole(oldName, name)
	for _, n := range notes {
		subject, body := rename(n.subject), n.body
		if strings.HasPrefix(n.body, seal.Prefix) {
			plain, err := tx.open(sealNotice, n.body)
			if err != nil {
				return err
			}
			if renamed := rename(plain); renamed != plain {
				if body, err = tx.seal(sealNotice, renamed); err != nil {
					return err
				}
			}
		} else {
			body = rename(n.body)
		}
		if subject == n.subject && body == n.body {
			continue
		}
		if _, err := tx.exec(ctx, "UPDATE notifications SET subject = ?, body = ? WHERE id = ?", subject, body, n.id); err != nil {
			return err
		}
	}
	return nil
}

// renameWhole returns a function that replaces oldName by name wherever it
// stands as a whole name, and leaves sealed values alone (the caller opens
// them first).
func renameWhole(oldName, name string) func(string) string {
	whole := regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(oldName) + `($|[^\pL\pN])`)
	repl := "${1}" + strings.ReplaceAll(name, "$", "$$") + "${2}"
	return func(s string) string {
		if strings.HasPrefix(s, seal.Prefix) {
			return s
		}
		// Twice: two mentions side by side share the character between them.
		return whole.ReplaceAllString(whole.ReplaceAllString(s, repl), repl)
	}
}
