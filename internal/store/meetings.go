package store

import (
	"context"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

const meetingSelect = `SELECT g.id, g.alliance_id, g.committee_id, c.key, c.name, g.title, g.starts_at, g.duration_minutes, g.location, g.status,
	g.sequence, g.minutes, g.minutes_status, COALESCE(g.minutes_approved_in, ''), g.packet_sent_at, g.created_at
	FROM meetings g JOIN committees c ON c.id = g.committee_id`

func scanMeeting(s interface{ Scan(...any) error }) (accord.Meeting, error) {
	var m accord.Meeting
	err := s.Scan(&m.ID, &m.AllianceID, &m.CommitteeID, &m.CommitteeKey, &m.CommitteeName, &m.Title, timeCol{&m.StartsAt}, &m.Minutes,
		&m.Location, &m.Status, &m.Sequence, &m.MinutesText, &m.MinutesStatus, &m.MinutesBy, nullTimeCol{&m.PacketSentAt}, timeCol{&m.CreatedAt})
	return m, err
}

// CreateMeeting schedules one meeting of a committee.
func (db *DB) CreateMeeting(ctx context.Context, actor accord.Actor, m *accord.Meeting) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error { return tx.createMeeting(ctx, actor, m) })
}

func (tx *Tx) createMeeting(ctx context.Context, actor accord.Actor, m *accord.Meeting) error {
	c, err := tx.committee(ctx, "id = ?", m.CommitteeID)
	if err != nil {
		return err
	}
	m.ID, m.AllianceID, m.CommitteeKey, m.CommitteeName = newID(), c.AllianceID, c.Key, c.Name
	m.Status, m.MinutesStatus, m.CreatedAt = accord.MeetingScheduled, accord.MinutesNone, tx.now
	if m.Minutes == 0 {
		m.Minutes = c.MeetingMinutes
	}
	if m.Title == "" {
		m.Title = c.Name + " — " + m.StartsAt.Format("2 January 2006")
	}
	_, err = tx.exec(ctx, `INSERT INTO meetings (id, alliance_id, committee_id, title, starts_at, duration_minutes, location, status, minutes_status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.AllianceID, m.CommitteeID, m.Title, ts(m.StartsAt), m.Minutes, m.Location, m.Status, m.MinutesStatus, ts(tx.now))
	if err != nil {
		if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
			return accord.FieldError("starts_at", "the committee already meets at that time")
		}
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: m.AllianceID, action: "schedule", entity: "meeting", entityID: m.ID,
		after: map[string]any{"committee": c.Key, "title": m.Title, "starts_at": m.StartsAt, "duration_minutes": m.Minutes, "location": m.Location}})
}

// ScheduleMeetings creates the committee's meetings on its cadence up to
// through, continuing from its last meeting (or from the first cadence
// day after now). It returns how many it created.
func (db *DB) ScheduleMeetings(ctx context.Context, actor accord.Actor, committeeID string, through time.Time) (int, error) {
	if through.After(db.Now().AddDate(5, 0, 0)) {
		return 0, accord.FieldError("through", "meetings are scheduled at most five years ahead")
	}
	n := 0
	err := db.update(ctx, func(tx *Tx) error {
		c, err := tx.committee(ctx, "id = ?", committeeID)
		if err != nil {
			return err
		}
		var last time.Time
		err = tx.queryRow(ctx, "SELECT starts_at FROM meetings WHERE committee_id = ? AND status <> ? ORDER BY starts_at DESC LIMIT 1", committeeID, accord.MeetingCancelled).Scan(timeCol{&last})
		if err != nil {
			hm, _ := time.Parse("15:04", c.MeetingTime)
			d := accord.Day(tx.now)
			last = d.Add(time.Duration(hm.Hour())*time.Hour + time.Duration(hm.Minute())*time.Minute)
			if !last.After(tx.now) {
				last = c.NextMeeting(last, tx.now)
			}
			if err := tx.createMeeting(ctx, actor, &accord.Meeting{CommitteeID: committeeID, StartsAt: last}); err != nil {
				return err
			}
			n++
		}
		for next := c.NextMeeting(last, last); !next.After(through); next = c.NextMeeting(next, next) {
			if err := tx.createMeeting(ctx, actor, &accord.Meeting{CommitteeID: committeeID, StartsAt: next}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// ListMeetings returns meetings in time order.
func (db *DB) ListMeetings(ctx context.Context, f accord.MeetingFilter) ([]accord.Meeting, error) {
	q, args := meetingSelect+" WHERE g.alliance_id = ?", []any{f.AllianceID}
	if f.CommitteeID != "" {
		q, args = q+" AND g.committee_id = ?", append(args, f.CommitteeID)
	}
	if !f.From.IsZero() {
		q, args = q+" AND g.starts_at >= ?", append(args, ts(f.From))
	}
	if !f.To.IsZero() {
		q, args = q+" AND g.starts_at < ?", append(args, ts(f.To))
	}
	if f.UserID != "" {
		q += ` AND EXISTS (SELECT 1 FROM committee_seats s JOIN memberships m ON m.id = s.member_id WHERE s.committee_id = g.committee_id AND m.user_id = ?)`
		args = append(args, f.UserID)
	}
	q += " ORDER BY g.starts_at"
	if f.Descending {
		q += " DESC"
	}
	if f.Limit > 0 {
		q, args = q+" LIMIT ?", append(args, f.Limit)
	}
	var out []accord.Meeting
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanMeeting, q, args...)
		return err
	})
	return out, err
}

// Meeting returns one meeting of an alliance with its attendance.
func (db *DB) Meeting(ctx context.Context, allianceID, id string) (accord.Meeting, error) {
	var m accord.Meeting
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		m, err = tx.meeting(ctx, allianceID, id)
		return err
	})
	return m, err
}

func (tx *Tx) meeting(ctx context.Context, allianceID, id string) (accord.Meeting, error) {
	m, err := scanMeeting(tx.queryRow(ctx, meetingSelect+" WHERE g.alliance_id = ? AND g.id = ?", allianceID, id))
	if err != nil {
		return m, notFound(err, "meeting")
	}
	m.Attendance, err = queryAll(ctx, tx, scanAttendance, `SELECT a.member_id, u.name, a.present, COALESCE(a.proxy_id, '') FROM meeting_attendance a
		JOIN memberships m ON m.id = a.member_id JOIN users u ON u.id = m.user_id WHERE a.meeting_id = ? ORDER BY u.name`, id)
	return m, err
}

func scanAttendance(s scanner) (accord.Attendance, error) {
	var a accord.Attendance
	err := s.Scan(&a.MemberID, &a.Name, &a.Present, &a.ProxyID)
	return a, err
}

// RecordAttendance replaces the meeting's attendance of its seat-holders;
// recording it marks the meeting held.
func (db *DB) RecordAttendance(ctx context.Context, actor accord.Actor, allianceID, meetingID string, att []accord.Attendance) (accord.Meeting, error) {
	var m accord.Meeting
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if m, err = tx.meeting(ctx, allianceID, meetingID); err != nil {
			return err
		}
		if m.Status == accord.MeetingCancelled {
			return accord.Errorf(accord.ECONFLICT, "this meeting was cancelled")
		}
		c, err := tx.committee(ctx, "id = ?", m.CommitteeID)
		if err != nil {
			return err
		}
		holders, err := tx.seatHolders(ctx, c.ID, accord.Day(m.StartsAt))
		if err != nil {
			return err
		}
		if err := checkAttendance(c, holders, att); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM meeting_attendance WHERE meeting_id = ?", meetingID); err != nil {
			return err
		}
		for _, a := range att {
			if _, err := tx.exec(ctx, "INSERT INTO meeting_attendance (meeting_id, member_id, present, proxy_id) VALUES (?, ?, ?, ?)",
				meetingID, a.MemberID, bit(a.Present), nullStr(a.ProxyID)); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, "UPDATE meetings SET status = ? WHERE id = ?", accord.MeetingHeld, meetingID); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: "attendance", entity: "meeting", entityID: meetingID, after: att}); err != nil {
			return err
		}
		m, err = tx.meeting(ctx, allianceID, meetingID)
		return err
	})
	return m, err
}

// checkAttendance checks that everyone recorded holds a seat, that
// proxies are allowed, given to a present seat-holder, and one per holder.
func checkAttendance(c accord.Committee, holders []accord.Seat, att []accord.Attendance) error {
	seated := map[string]bool{}
	for _, s := range holders {
		seated[s.MemberID] = true
	}
	present, held := map[string]bool{}, map[string]bool{}
	for _, a := range att {
		if !seated[a.MemberID] {
			return accord.FieldError("attendance", "%s does not hold a seat on the %s", memberLabel(a), c.Name)
		}
		if a.Present {
			present[a.MemberID] = true
		}
	}
	for _, a := range att {
		if a.ProxyID == "" {
			continue
		}
		switch {
		case !c.AllowProxies:
			return accord.FieldError("proxy", "the %s does not allow proxies", c.Name)
		case a.Present:
			return accord.FieldError("proxy", "%s is present and needs no proxy", memberLabel(a))
		case !present[a.ProxyID]:
			return accord.FieldError("proxy", "the proxy for %s must be a seat-holder who is present", memberLabel(a))
		case held[a.ProxyID]:
			return accord.FieldError("proxy", "a seat-holder may hold one proxy only")
		}
		held[a.ProxyID] = true
	}
	return nil
}

func memberLabel(a accord.Attendance) string {
	if a.Name != "" {
		return a.Name
	}
	return "member " + a.MemberID
}

// SaveMinutes keeps the draft minutes of a meeting (Markdown). Approved
// minutes no longer change.
func (db *DB) SaveMinutes(ctx context.Context, actor accord.Actor, allianceID, meetingID, text string) (accord.Meeting, error) {
	text = strings.TrimSpace(text)
	if len(text) > 100000 {
		return accord.Meeting{}, accord.FieldError("minutes", "must be at most 100,000 characters")
	}
	var m accord.Meeting
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if m, err = tx.meeting(ctx, allianceID, meetingID); err != nil {
			return err
		}
		if m.MinutesStatus == accord.MinutesApproved {
			return accord.Errorf(accord.ECONFLICT, "these minutes were approved and can no longer change")
		}
		status := accord.MinutesDraft
		if text == "" {
			status = accord.MinutesNone
		}
		if _, err := tx.exec(ctx, "UPDATE meetings SET minutes = ?, minutes_status = ? WHERE id = ?", text, status, meetingID); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: "minutes", entity: "meeting", entityID: meetingID,
			before: map[string]any{"minutes": m.MinutesText}, after: map[string]any{"minutes": text}}); err != nil {
			return err
		}
		m.MinutesText, m.MinutesStatus = text, status
		return nil
	})
	return m, err
}

// ApproveMinutes records that the committee approved a meeting's draft
// minutes at a later meeting (inMeetingID).
func (db *DB) ApproveMinutes(ctx context.Context, actor accord.Actor, allianceID, meetingID, inMeetingID string) (accord.Meeting, error) {
	var m accord.Meeting
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if m, err = tx.meeting(ctx, allianceID, meetingID); err != nil {
			return err
		}
		in, err := tx.meeting(ctx, allianceID, inMeetingID)
		if err != nil {
			return err
		}
		switch {
		case m.MinutesStatus != accord.MinutesDraft:
			return accord.Errorf(accord.ECONFLICT, "only draft minutes can be approved (these are %s)", m.MinutesStatus)
		case in.CommitteeID != m.CommitteeID || !in.StartsAt.After(m.StartsAt):
			return accord.FieldError("meeting", "minutes are approved at a later meeting of the same committee")
		}
		if _, err := tx.exec(ctx, "UPDATE meetings SET minutes_status = ?, minutes_approved_in = ? WHERE id = ?", accord.MinutesApproved, inMeetingID, meetingID); err != nil {
			return err
		}
		m.MinutesStatus, m.MinutesBy = accord.MinutesApproved, inMeetingID
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "approve-minutes", entity: "meeting", entityID: meetingID,
			after: map[string]any{"approved_in": inMeetingID}})
	})
	return m, err
}

// CancelMeeting cancels a scheduled meeting; its calendar entry says so.
func (db *DB) CancelMeeting(ctx context.Context, actor accord.Actor, allianceID, meetingID string) (accord.Meeting, error) {
	var m accord.Meeting
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if m, err = tx.meeting(ctx, allianceID, meetingID); err != nil {
			return err
		}
		if m.Status != accord.MeetingScheduled {
			return accord.Errorf(accord.ECONFLICT, "only a scheduled meeting can be cancelled (this one is %s)", m.Status)
		}
		m.Status, m.Sequence = accord.MeetingCancelled, m.Sequence+1
		if _, err := tx.exec(ctx, "UPDATE meetings SET status = ?, sequence = ? WHERE id = ?", m.Status, m.Sequence, meetingID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "cancel", entity: "meeting", entityID: meetingID})
	})
	return m, err
}

// PacketsDue returns the scheduled meetings whose packet has not been
// e-mailed and whose committee sends it now: at most PacketDays before the
// meeting starts.
func (db *DB) PacketsDue(ctx context.Context, now time.Time) ([]accord.DuePacket, error) {
	var out []accord.DuePacket
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT g.id, a.slug, c.packet_days, g.starts_at FROM meetings g JOIN committees c ON c.id = g.committee_id
			JOIN alliances a ON a.id = g.alliance_id WHERE g.status = ? AND g.packet_sent_at IS NULL AND g.starts_at > ? AND g.starts_at <= ?
			ORDER BY g.starts_at`, accord.MeetingScheduled, ts(now), ts(now.AddDate(0, 0, 31)))
		if err != nil {
			return err
		}
		type due struct {
			id, slug string
			days     int
			starts   time.Time
		}
		var list []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.slug, &d.days, timeCol{&d.starts}); err != nil {
				rows.Close()
				return err
			}
			if !now.Before(d.starts.AddDate(0, 0, -d.days)) {
				list = append(list, d)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range list {
			var alliance string
			if err := tx.queryRow(ctx, "SELECT alliance_id FROM meetings WHERE id = ?", d.id).Scan(&alliance); err != nil {
				return err
			}
			m, err := tx.meeting(ctx, alliance, d.id)
			if err != nil {
				return err
			}
			out = append(out, accord.DuePacket{Meeting: m, AllianceSlug: d.slug})
		}
		return nil
	})
	return out, err
}

// MarkPacketSent records when a meeting's packet was e-mailed.
func (db *DB) MarkPacketSent(ctx context.Context, meetingID string, at time.Time) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE meetings SET packet_sent_at = ? WHERE id = ?", ts(at), meetingID)
		return err
	})
}
