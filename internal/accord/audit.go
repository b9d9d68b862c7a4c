package accord

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Actor is whoever causes a change: a signed-in person, a token, the command
// line or the system itself. Every audit entry names one.
type Actor struct {
	UserID     string
	Name       string
	SuperAdmin bool
	// Via says through which door the change came: web, api, cli, system.
	Via string
	// Scope limits token-authenticated requests ("read" or "write"); empty for sessions.
	Scope string
}

// SystemActor is the actor for changes made by accord itself or an operator's command.
func SystemActor(via string) Actor { return Actor{Name: "accord (" + via + ")", Via: via} }

// AuditEntry is one change in the audit trail, chained to the one before it
// by a hash so that an edited or deleted entry is detected.
type AuditEntry struct {
	Seq        int64           `json:"seq"`
	At         time.Time       `json:"at"`
	AllianceID string          `json:"alliance_id,omitempty"`
	ActorID    string          `json:"actor_id,omitempty"`
	ActorName  string          `json:"actor_name"`
	Via        string          `json:"via"`
	Action     string          `json:"action"`
	Entity     string          `json:"entity"`
	EntityID   string          `json:"entity_id"`
	Before     json.RawMessage `json:"before,omitempty"`
	After      json.RawMessage `json:"after,omitempty"`
	PrevHash   string          `json:"prev_hash"`
	Hash       string          `json:"hash"`
}

// AuditGenesis is the hash the first entry chains to.
const AuditGenesis = "0000000000000000000000000000000000000000000000000000000000000000"

// ComputeHash returns the entry's hash from its content and PrevHash. Every
// field but Hash is covered; time is in UTC microseconds so that both
// databases give back the value that was hashed.
func (e *AuditEntry) ComputeHash() string {
	parts := []string{
		e.PrevHash,
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Format("2006-01-02T15:04:05.000000Z"),
		e.AllianceID, e.ActorID, e.ActorName, e.Via, e.Action, e.Entity, e.EntityID,
		string(e.Before), string(e.After),
	}
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(strconv.Itoa(len(p))))
		h.Write([]byte{':'})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// AuditProblem is one break found when verifying the chain.
type AuditProblem struct {
	Seq    int64
	Reason string
}

// VerifyAuditChain checks entries given in sequence order, continuing from
// prevHash and prevSeq (AuditGenesis and 0 for the start). It returns the
// problems found and the last hash and sequence, so a long trail can be
// verified in pages.
func VerifyAuditChain(entries []AuditEntry, prevHash string, prevSeq int64) (problems []AuditProblem, lastHash string, lastSeq int64) {
	for _, e := range entries {
		if e.Seq != prevSeq+1 {
			problems = append(problems, AuditProblem{e.Seq, "entries " + strconv.FormatInt(prevSeq+1, 10) + " to " + strconv.FormatInt(e.Seq-1, 10) + " are missing"})
		}
		if e.PrevHash != prevHash {
			problems = append(problems, AuditProblem{e.Seq, "does not chain to the entry before it"})
		}
		if got := e.ComputeHash(); got != e.Hash {
			problems = append(problems, AuditProblem{e.Seq, "content does not match its hash (edited)"})
		}
		prevHash, prevSeq = e.Hash, e.Seq
	}
	return problems, prevHash, prevSeq
}

// AuditFilter selects audit entries for the audit page and API.
type AuditFilter struct {
	AllianceID string
	ActorID    string
	Entity     string
	Action     string
	Query      string // matched against entity id and actor name
	BeforeSeq  int64  // page backwards from here; 0 means the newest
	Limit      int
}

// Normalize bounds the filter's limit.
func (f *AuditFilter) Normalize() {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	f.Query = strings.TrimSpace(f.Query)
}

// AuditReport is the outcome of verifying the whole trail.
type AuditReport struct {
	Entries  int64
	HeadSeq  int64
	Problems []AuditProblem
}
