package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// apiActionItem is an action item with its committee's key, its due day as
// YYYY-MM-DD and whether it is overdue today.
type apiActionItem struct {
	accord.ActionItem
	Committee string `json:"committee"`
	DueOn     string `json:"due_on"`
	Overdue   bool   `json:"overdue"`
}

func toAPIActionItem(a accord.ActionItem, keys map[string]string, now time.Time) apiActionItem {
	return apiActionItem{ActionItem: a, Committee: keys[a.CommitteeID], DueOn: *dateStr(&a.DueOn), Overdue: a.Overdue(now)}
}

// committeeKeys maps the alliance's committee ids to their keys.
func (s *API) committeeKeys(r *http.Request) (map[string]string, error) {
	cs, err := s.Svc.ListCommittees(r.Context(), edge.AllianceOf(r).Alliance.ID)
	keys := make(map[string]string, len(cs))
	for _, c := range cs {
		keys[c.ID] = c.Key
	}
	return keys, err
}

// actionFilter reads ?status= and ?committee= (a key); an unknown
// committee selects nothing.
func actionFilter(r *http.Request, keys map[string]string) (f accord.ActionFilter, none bool, err error) {
	if err := views.TextParams(r, "status", "committee"); err != nil {
		return f, false, err
	}
	q := r.URL.Query()
	f = accord.ActionFilter{AllianceID: edge.AllianceOf(r).Alliance.ID, Status: q.Get("status")}
	switch f.Status {
	case "", accord.ActionOpen, accord.ActionDone, accord.ActionCancelled:
	default:
		return f, false, accord.FieldError("status", "must be open, done or cancelled")
	}
	key := strings.ToLower(q.Get("committee"))
	if key == "" {
		return f, false, nil
	}
	for id, k := range keys {
		if k == key {
			f.CommitteeID = id
		}
	}
	return f, f.CommitteeID == "", nil
}

func (s *API) apiActionItems(w http.ResponseWriter, r *http.Request) error {
	keys, err := s.committeeKeys(r)
	if err != nil {
		return err
	}
	f, none, err := actionFilter(r, keys)
	if err != nil {
		return err
	}
	var as []accord.ActionItem
	if !none {
		if as, err = s.Svc.ListActionItems(r.Context(), f); err != nil {
			return err
		}
	}
	now := s.Now()
	out := make([]apiActionItem, len(as))
	for i, a := range as {
		out[i] = toAPIActionItem(a, keys, now)
	}
	edge.WriteJSON(w, http.StatusOK, listOf(out))
	return nil
}

// actionItemRequest gives a member a task, from a meeting or from a
// committee between meetings.
type actionItemRequest struct {
	MeetingID string `json:"meeting_id"`
	Committee string `json:"committee"`
	Title     string `json:"title"`
	OwnerID   string `json:"owner_member_id"`
	DueOn     string `json:"due_on"`
}

// actionOrigin resolves the meeting or committee the item comes from.
func (s *API) actionOrigin(r *http.Request, q actionItemRequest) (a accord.ActionItem, err error) {
	if q.MeetingID == "" && q.Committee == "" {
		return a, accord.FieldError("committee", "give the committee (its key) or the meeting_id the item comes from")
	}
	var key string
	if q.MeetingID != "" {
		m, err := s.Svc.Meeting(r.Context(), edge.AllianceOf(r).Alliance.ID, q.MeetingID)
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			return a, accord.FieldError("meeting_id", "is not a meeting of this alliance")
		}
		if err != nil {
			return a, err
		}
		a.MeetingID, a.CommitteeID, key = m.ID, m.CommitteeID, m.CommitteeKey
	}
	if q.Committee != "" {
		c, err := s.committeeField(r, "committee", q.Committee)
		if err != nil {
			return a, err
		}
		if key != "" && c.Key != key {
			return a, accord.FieldError("committee", "the meeting is one of the %s committee, not of %s", key, c.Key)
		}
		a.CommitteeID = c.ID
	}
	return a, nil
}

func (s *API) apiActionItemCreate(w http.ResponseWriter, r *http.Request) error {
	var q actionItemRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	due, err := requiredDate("due_on", q.DueOn)
	if err == nil && q.OwnerID == "" {
		err = accord.FieldError("owner_member_id", "is required")
	}
	if err != nil {
		return err
	}
	a, err := s.actionOrigin(r, q)
	if err != nil {
		return err
	}
	a.AllianceID, a.Title, a.OwnerID, a.DueOn = edge.AllianceOf(r).Alliance.ID, q.Title, q.OwnerID, due
	if err := s.Svc.CreateActionItem(r.Context(), edge.SessionOf(r).Actor, &a); err != nil {
		return renameField(err, "owner", "owner_member_id")
	}
	return s.writeActionItem(w, r, http.StatusCreated, a)
}

// writeActionItem answers with the item as the list shows it, with its
// owner's name.
func (s *API) writeActionItem(w http.ResponseWriter, r *http.Request, status int, a accord.ActionItem) error {
	keys, err := s.committeeKeys(r)
	if err != nil {
		return err
	}
	as, err := s.Svc.ListActionItems(r.Context(), accord.ActionFilter{AllianceID: a.AllianceID, CommitteeID: a.CommitteeID})
	if err != nil {
		return err
	}
	for _, b := range as {
		if b.ID == a.ID {
			a = b
		}
	}
	edge.WriteJSON(w, status, toAPIActionItem(a, keys, s.Now()))
	return nil
}

// actionStatusRequest marks an action item done, cancelled or open again.
type actionStatusRequest struct {
	Status string `json:"status"`
}

func (s *API) apiActionItemUpdate(w http.ResponseWriter, r *http.Request) error {
	var q actionStatusRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	a, err := s.Svc.SetActionStatus(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), q.Status)
	if err != nil {
		return err
	}
	return s.writeActionItem(w, r, http.StatusOK, a)
}
