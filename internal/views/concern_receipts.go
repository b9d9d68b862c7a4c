package views

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

var errNoConcern = accord.Errorf(accord.ENOTFOUND, "no concern has this receipt code in this alliance; check both")

// FollowConcern finds the anonymous concern of the alliance named by slug
// whose receipt was given, adding the reporter's information first when
// body is not empty. The page and the API share it.
//
// Every follow-up is counted per client address before its code is
// checked (BeginLimitedAttempt), in one step with deciding, so concurrent
// wrong guesses cannot all read the same count and pass the limit: once
// ReceiptLimit are counted within LoginWindow the address is refused until
// the window passes, whether or not the next code is right. A right code
// forgets only its own attempt, never the wrong ones before it: an
// attacker holding the receipt of a concern they raised themselves could
// otherwise reset the count between guesses. An attempt whose code was
// never found wrong (the hash limit was busy, the message was refused) is
// forgotten too. What is typed wrongly in form (an empty field, a code of
// the wrong length) is refused before, and is not a guess.
func (s *Loader) FollowConcern(r *http.Request, slug, receipt, body string) (accord.Concern, error) {
	if !edge.Storable(slug) || slug == "" {
		return accord.Concern{}, accord.FieldError("alliance", "is required: the alliance's short name, e.g. north-valley")
	}
	if err := accord.CheckReceipt(receipt); err != nil {
		return accord.Concern{}, err
	}
	ctx := r.Context()
	att, err := s.Svc.BeginLimitedAttempt(ctx, s.receiptThrottleKey(r), s.Cfg.ReceiptLimit, s.Cfg.LoginWindow)
	if err != nil {
		return accord.Concern{}, err
	}
	if att.Wait > 0 {
		return accord.Concern{}, accord.Errorf(accord.ETHROTTLED,
			"Too many wrong receipt codes came from your network. Wait %s and try again; the code is in the receipt you kept when you raised the concern.", edge.WaitFor(s.Cfg.LoginWindow))
	}
	c, err := s.checkReceipt(r, slug, receipt, body)
	if accord.ErrorCode(err) != accord.ENOTFOUND {
		if ferr := s.Svc.ForgetLoginAttempt(context.WithoutCancel(ctx), att, ""); ferr != nil {
			s.Log.Error("forget a receipt attempt", "err", ferr)
		}
	}
	return c, err
}

// checkReceipt runs concernOfReceipt within the same bound on hashes as
// passwords: a receipt is checked with an argon2id hash, and anyone
// holding their own receipt could otherwise make the server run as many
// at once as they send.
func (s *Loader) checkReceipt(r *http.Request, slug, receipt, body string) (accord.Concern, error) {
	var c accord.Concern
	var err error
	if lerr := s.Hashes.Do(r.Context(), func() { c, err = s.concernOfReceipt(r, slug, receipt, body) }); lerr != nil {
		return accord.Concern{}, edge.BusyError(lerr)
	}
	return c, err
}

// concernOfReceipt looks the receipt up in the alliance. An alliance that
// does not exist is looked in all the same (under no id), so that its
// refusal takes the time of a wrong code's and does not tell which
// alliances exist.
func (s *Loader) concernOfReceipt(r *http.Request, slug, receipt, body string) (accord.Concern, error) {
	a, err := s.Svc.AllianceBySlug(r.Context(), slug)
	if err != nil {
		if accord.ErrorCode(err) != accord.ENOTFOUND {
			return accord.Concern{}, err
		}
		if _, err := s.Svc.ConcernByReceipt(r.Context(), "", receipt); err != nil && accord.ErrorCode(err) != accord.ENOTFOUND {
			return accord.Concern{}, err
		}
		return accord.Concern{}, errNoConcern
	}
	if body != "" {
		return s.Svc.AddReporterMessage(r.Context(), a.ID, receipt, body)
	}
	return s.Svc.ConcernByReceipt(r.Context(), a.ID, receipt)
}

// receiptThrottleKey is the key wrong receipts are counted under: a keyed
// hash of the client address. The store hashes keys again, but a plain
// hash of an address is undone by trying every address; with a key that
// exists only in this process's memory, the rows say nothing about who
// tried. The price: each server process counts on its own.
func (s *Loader) receiptThrottleKey(r *http.Request) string {
	mac := hmac.New(sha256.New, s.ReceiptKey[:])
	mac.Write([]byte(edge.ClientIP(r)))
	return "receipt:" + hex.EncodeToString(mac.Sum(nil))
}

// RaiseConcern raises c within the bound on password hashes: the store
// hashes an anonymous concern's receipt with argon2id, and a flood of
// raised concerns must cost no more memory than a flood of sign-ins.
func (s *Loader) RaiseConcern(ctx context.Context, actor accord.Actor, c *accord.Concern, anonymous bool) (string, error) {
	var receipt string
	var err error
	if lerr := s.Hashes.Do(ctx, func() { receipt, err = s.Svc.RaiseConcern(ctx, actor, c, anonymous) }); lerr != nil {
		return "", edge.BusyError(lerr)
	}
	return receipt, err
}
