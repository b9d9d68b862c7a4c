package ui

import (
	"bytes"
	"html"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// fieldErrorID is the id of the message under the field at fault; a page
// shows one refused form at a time.
const fieldErrorID = "field-error"

// pageForm is one form of a page: the index of its start and end tags
// and of the <details> elements it sits in.
type pageForm struct {
	open, close int
	details     []int
}

func findForms(tags []tag) []pageForm {
	var forms []pageForm
	var details []int
	for i, t := range tags {
		switch {
		case t.name == "details" && !t.end:
			details = append(details, i)
		case t.name == "details" && t.end && len(details) > 0:
			details = details[:len(details)-1]
		case t.name == "form" && !t.end:
			forms = append(forms, pageForm{open: i, close: len(tags), details: slices.Clone(details)})
		case t.name == "form" && t.end && len(forms) > 0 && forms[len(forms)-1].close == len(tags):
			forms[len(forms)-1].close = i
		}
	}
	return forms
}

// edit replaces page[from:to] with text.
type edit struct {
	from, to int
	text     string
}

// markFormError marks up the form of page that f posted (see the top of
// this file). pagePath is the page's own path, which forms without an
// action (the GET filters) are given, since the answer to a refused post
// stands at the address the form posted to.
func markFormError(page []byte, pagePath string, f *formFailure) []byte {
	tags := scanTags(page)
	forms := findForms(tags)
	var edits []edit
	rewrite := map[int]bool{}
	for _, fm := range forms {
		if _, ok := tags[fm.open].attr("action"); !ok {
			tags[fm.open].set("action", pagePath, false)
			rewrite[fm.open] = true
		}
	}
	if fm, ok := postedForm(tags, forms, f); ok {
		for _, d := range fm.details {
			if _, open := tags[d].attr("open"); !open {
				tags[d].set("open", "", true)
				rewrite[d] = true
			}
		}
		edits = append(edits, keepEntries(tags, fm, f.Values, rewrite)...)
		edits = append(edits, markField(tags, fm, f, !bytes.Contains(page, []byte(" autofocus")), rewrite)...)
	}
	for i := range rewrite {
		edits = append(edits, edit{tags[i].start, tags[i].stop, tags[i].html()})
	}
	// Insertions go before a replacement starting at the same place.
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].from != edits[j].from {
			return edits[i].from < edits[j].from
		}
		return edits[i].to-edits[i].from < edits[j].to-edits[j].from
	})
	var out bytes.Buffer
	out.Grow(len(page) + 512)
	at := 0
	for _, e := range edits {
		if e.from < at {
			continue
		}
		out.Write(page[at:e.from])
		out.WriteString(e.text)
		at = e.to
	}
	out.Write(page[at:])
	return out.Bytes()
}

// postedForm finds the form that was posted: its action is the path
// posted to and its hidden fields hold what was posted (a page may have
// one such form per row); the one holding the field at fault wins.
func postedForm(tags []tag, forms []pageForm, f *formFailure) (pageForm, bool) {
	var best pageForm
	score := -1
	for _, fm := range forms {
		action, _ := tags[fm.open].attr("action")
		method, _ := tags[fm.open].attr("method")
		if u, err := url.Parse(action); err != nil || u.Path != f.Action || !strings.EqualFold(method, "post") {
			continue
		}
		sc := 1
		for _, t := range tags[fm.open+1 : fm.close] {
			if typ, _ := t.attr("type"); t.name == "input" && typ == "hidden" {
				name, _ := t.attr("name")
				val, _ := t.attr("value")
				if vs, posted := f.Values[name]; posted && !slices.Contains(vs, val) {
					sc = 0
				}
			}
		}
		if sc > 0 && controlFor(tags, fm, f.Field) >= 0 {
			sc = 2
		}
		if sc > score {
			best, score = fm, sc
		}
	}
	return best, score >= 0
}

// controlFor is the index of the first control of form fm for an error's
// field: the control of that name, or of the field's first part
// ("measures[0].kpi" is about "measures"); -1 if none.
func controlFor(tags []tag, fm pageForm, field string) int {
	if field == "" {
		return -1
	}
	names := []string{field}
	if i := strings.IndexAny(field, ".["); i > 0 {
		names = append(names, field[:i])
	}
	for _, n := range names {
		for i := fm.open + 1; i < fm.close; i++ {
			t := &tags[i]
			if t.end || !slices.Contains([]string{"input", "select", "textarea"}, t.name) {
				continue
			}
			typ, _ := t.attr("type")
			if name, _ := t.attr("name"); name == n && typ != "hidden" {
				return i
			}
		}
	}
	return -1
}

// noEntry are the inputs whose value is not given back: secrets, files,
// buttons and the form's own hidden fields (and, by their autocomplete,
// one-time codes).
var noEntry = []string{"hidden", "password", "file", "submit", "button", "reset", "image"}

// keepEntries gives every control of the form what was posted in it.
func keepEntries(tags []tag, fm pageForm, values map[string][]string, rewrite map[int]bool) []edit {
	var edits []edit
	selectName := ""
	for i := fm.open + 1; i < fm.close; i++ {
		t := &tags[i]
		name, _ := t.attr("name")
		switch {
		case t.name == "select":
			selectName = ""
			if !t.end {
				selectName = name
			}
		case t.name == "option" && !t.end && selectName != "":
			vs, posted := values[selectName]
			if !posted {
				continue
			}
			v, _ := t.attr("value")
			if slices.Contains(vs, v) {
				t.set("selected", "", true)
			} else {
				t.drop("selected")
			}
			rewrite[i] = true
		case t.name == "textarea" && !t.end && i+1 < fm.close && tags[i+1].name == "textarea" && tags[i+1].end:
			if vs, posted := values[name]; posted {
				text := vs[0]
				if strings.HasPrefix(text, "\n") || strings.HasPrefix(text, "\r") {
					text = "\n" + text // a textarea drops the newline after its tag
				}
				edits = append(edits, edit{t.stop, tags[i+1].start, html.EscapeString(text)})
			}
		case t.name == "input" && !t.end && name != "":
			typ, _ := t.attr("type")
			typ = strings.ToLower(typ)
			ac, _ := t.attr("autocomplete")
			switch {
			case slices.Contains(noEntry, typ), ac == "one-time-code":
				// A one-time code is used or wrong: never worth giving back.
			case typ == "checkbox" || typ == "radio":
				v, ok := t.attr("value")
				if !ok {
					v = "on"
				}
				if slices.Contains(values[name], v) {
					t.set("checked", "", true)
				} else {
					t.drop("checked")
				}
				rewrite[i] = true
			default:
				if vs, posted := values[name]; posted {
					t.set("value", vs[0], false)
					rewrite[i] = true
				}
			}
		}
	}
	return edits
}

// markField marks the control at fault and writes the message under it:
// after its label when the control sits in one (a check box), after the
// group when it is one of a fieldset's radio buttons, else right after
// the control. Without such a control the message opens the form.
func markField(tags []tag, fm pageForm, f *formFailure, focus bool, rewrite map[int]bool) []edit {
	msg := `<p class="field-error" id="` + fieldErrorID + `">` + html.EscapeString(f.plain()) + `</p>`
	c := controlFor(tags, fm, f.Field)
	if c < 0 {
		return []edit{{tags[fm.open].stop, tags[fm.open].stop, msg}}
	}
	name, _ := tags[c].attr("name")
	typ, _ := tags[c].attr("type")
	group := tags[c].name == "input" && (typ == "radio" || typ == "checkbox")
	for i := fm.open + 1; i < fm.close; i++ {
		t := &tags[i]
		if n, _ := t.attr("name"); t.end || n != name || (i != c && !group) || !slices.Contains([]string{"input", "select", "textarea"}, t.name) {
			continue
		}
		t.set("aria-invalid", "true", false)
		ids := fieldErrorID
		if old, ok := t.attr("aria-describedby"); ok && old != "" {
			ids = fieldErrorID + " " + old
		}
		t.set("aria-describedby", ids, false)
		if focus && i == c {
			t.set("autofocus", "", true)
		}
		rewrite[i] = true
	}
	return []edit{{afterControl(tags, fm, c, group), afterControl(tags, fm, c, group), msg}}
}

// afterControl is where the message under control c goes.
func afterControl(tags []tag, fm pageForm, c int, group bool) int {
	closing := func(name string, from int) int {
		for i := from; i < fm.close; i++ {
			if tags[i].name == name && tags[i].end {
				return tags[i].stop
			}
		}
		return -1
	}
	if group {
		// The fieldset around the group, if the control sits in one.
		depth := 0
		for i := c - 1; i > fm.open; i-- {
			if tags[i].name != "fieldset" {
				continue
			}
			if tags[i].end {
				depth++
			} else if depth == 0 {
				if at := closing("fieldset", c); at >= 0 {
					return at
				}
				break
			} else {
				depth--
			}
		}
	}
	switch tags[c].name {
	case "select", "textarea":
		if at := closing(tags[c].name, c); at >= 0 {
			return at
		}
	}
	// A control inside its label: the message follows the label.
	for i := c - 1; i > fm.open; i-- {
		if tags[i].name == "label" {
			if !tags[i].end {
				if at := closing("label", c); at >= 0 {
					return at
				}
			}
			break
		}
	}
	return tags[c].stop
}
