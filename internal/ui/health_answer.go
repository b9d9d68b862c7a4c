package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/views"
)

// answerView is what health_answer.html shows a member: the open round's
// questionnaire, or that they have answered it, or that none is open.
type answerView struct {
	Open     bool
	Round    accord.HealthRound
	Factors  []answerFactor
	Answered bool
}

// answerFactor is a factor of the questionnaire with its items.
type answerFactor struct {
	Key, Name string
	Items     []answerItem
}

// answerItem is one statement with the words of its five answers.
type answerItem struct {
	Key, Text string
	Bipolar   bool
	Choices   []answerChoice
	Low, High string
}

// answerChoice is one of the five answers of an item.
type answerChoice struct {
	Value int
	Label string
}

func questionnaireOf(in accord.Instrument) []answerFactor {
	var out []answerFactor
	for _, f := range in.Factors {
		af := answerFactor{Key: f.Key, Name: f.Name}
		for _, it := range f.Items {
			kind := health.Agreement
			if it.Kind == accord.HealthBipolar {
				kind = health.Bipolar
			}
			labels := health.Labels(kind)
			ai := answerItem{Key: it.Key, Text: it.Text, Bipolar: kind == health.Bipolar, Low: labels[0], High: labels[4]}
			for i, l := range labels {
				ai.Choices = append(ai.Choices, answerChoice{Value: i + 1, Label: l})
			}
			af.Items = append(af.Items, ai)
		}
		out = append(out, af)
	}
	return out
}

// healthAnswerPage shows the open round's questionnaire, or that the
// viewer has answered it. Nothing of this request is logged (edge).
func (s *App) healthAnswerPage(w http.ResponseWriter, r *http.Request) error {
	q, err := s.Questionnaire(r)
	if err == views.ErrNoOpenRound {
		s.render(w, r, "health_answer", views.PageData{Title: "Partnership health survey", Nav: "health", Data: answerView{}})
		return nil
	}
	if err != nil {
		return err
	}
	v := answerView{Open: true, Round: q.Round, Answered: q.Answered}
	if !q.Answered {
		v.Factors = questionnaireOf(q.Instrument)
	}
	s.render(w, r, "health_answer", views.PageData{Title: "Partnership health survey", Nav: "health", Data: v})
	return nil
}

// healthAnswer records the viewer's answer: answer_{item} = 1..5 for the
// items answered, comment_{factor} for the comments. A second answer is
// refused by the store and shown on the page that says it was recorded.
func (s *App) healthAnswer(w http.ResponseWriter, r *http.Request) error {
	back := "/a/" + edge.AllianceOf(r).Alliance.Slug + "/health/answer"
	q, err := s.Questionnaire(r)
	if err != nil {
		return backTo(back, err)
	}
	sub := accord.HealthSubmission{RoundID: q.Round.ID, Answers: map[string]int{}, Comments: map[string]string{}}
	for _, f := range q.Instrument.Factors {
		for _, it := range f.Items {
			v := r.PostFormValue("answer_" + it.Key)
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				return backTo(back, accord.FieldError("answer_"+it.Key, "must be one of the answers 1 to 5"))
			}
			sub.Answers[it.Key] = n
		}
		if c := r.PostFormValue("comment_" + f.Key); c != "" {
			sub.Comments[f.Key] = c
		}
	}
	if err := s.AnswerRound(r, sub); err != nil {
		return backTo(back, formField(err))
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// formField names the form's fields in a submission's error: the store
// says answers.{item} and comments.{factor}, the form answer_{item} and
// comment_{factor}.
func formField(err error) error {
	f := accord.ErrorField(err)
	if key, ok := strings.CutPrefix(f, "answers."); ok {
		return accord.FieldError("answer_"+key, "%s", accord.ErrorMessage(err))
	}
	if key, ok := strings.CutPrefix(f, "comments."); ok {
		return accord.FieldError("comment_"+key, "%s", accord.ErrorMessage(err))
	}
	return err
}
