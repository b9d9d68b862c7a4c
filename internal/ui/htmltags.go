package ui

import (
	"bytes"
	"html"
	"slices"
	"strings"
)

// tag is one start or end tag of a page: its name, its byte range, and
// for a start tag its attributes.
type tag struct {
	name        string
	end         bool
	start, stop int
	attrs       []tagAttr
	selfClosing bool
}

// tagAttr is an attribute with its value unescaped; bare is an attribute
// written without a value (checked, required).
type tagAttr struct {
	name, val string
	bare      bool
}

func (t *tag) attr(name string) (string, bool) {
	for _, a := range t.attrs {
		if a.name == name {
			return a.val, true
		}
	}
	return "", false
}

func (t *tag) set(name, val string, bare bool) {
	for i := range t.attrs {
		if t.attrs[i].name == name {
			t.attrs[i] = tagAttr{name, val, bare}
			return
		}
	}
	t.attrs = append(t.attrs, tagAttr{name, val, bare})
}

func (t *tag) drop(name string) {
	t.attrs = slices.DeleteFunc(t.attrs, func(a tagAttr) bool { return a.name == name })
}

// html writes the start tag back, escaping every value.
func (t *tag) html() string {
	var b strings.Builder
	b.WriteString("<" + t.name)
	for _, a := range t.attrs {
		b.WriteString(" " + a.name)
		if !a.bare {
			b.WriteString(`="` + html.EscapeString(a.val) + `"`)
		}
	}
	if t.selfClosing {
		b.WriteString(" /")
	}
	b.WriteString(">")
	return b.String()
}

// scanTags lists the tags of a page in order.
func scanTags(p []byte) []tag {
	var out []tag
	for i := 0; i < len(p); {
		j := bytes.IndexByte(p[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if bytes.HasPrefix(p[i:], []byte("<!--")) {
			k := bytes.Index(p[i:], []byte("-->"))
			if k < 0 {
				break
			}
			i += k + 3
			continue
		}
		t, ok := scanTag(p, i)
		if !ok {
			i++
			continue
		}
		out = append(out, t)
		i = t.stop
		if !t.end && (t.name == "script" || t.name == "style") {
			k := bytes.Index(p[i:], []byte("</"+t.name))
			if k < 0 {
				break
			}
			i += k
		}
	}
	return out
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ':'
}

// scanTag reads the tag starting at p[i] == '<'.
func scanTag(p []byte, i int) (tag, bool) {
	t := tag{start: i}
	k := i + 1
	if k < len(p) && p[k] == '/' {
		t.end = true
		k++
	}
	if k >= len(p) || !(p[k] >= 'a' && p[k] <= 'z' || p[k] >= 'A' && p[k] <= 'Z') {
		return t, false
	}
	n := k
	for n < len(p) && isNameByte(p[n]) {
		n++
	}
	t.name = strings.ToLower(string(p[k:n]))
	for pos := n; pos < len(p); {
		switch c := p[pos]; {
		case c == '>':
			t.stop = pos + 1
			return t, true
		case c == '/':
			t.selfClosing = true
			pos++
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			pos++
		default:
			var a tagAttr
			a, pos = scanAttr(p, pos)
			t.attrs = append(t.attrs, a)
			t.selfClosing = false
		}
	}
	return t, false
}

func scanAttr(p []byte, pos int) (tagAttr, int) {
	s := pos
	for pos < len(p) && !strings.ContainsRune(" \n\t\r=>/", rune(p[pos])) {
		pos++
	}
	a := tagAttr{name: strings.ToLower(string(p[s:pos])), bare: true}
	if pos == s { // a stray character: step over it
		return a, pos + 1
	}
	if pos >= len(p) || p[pos] != '=' {
		return a, pos
	}
	pos++
	a.bare = false
	if pos < len(p) && (p[pos] == '"' || p[pos] == '\'') {
		q := p[pos]
		e := bytes.IndexByte(p[pos+1:], q)
		if e < 0 {
			return a, len(p)
		}
		a.val = html.UnescapeString(string(p[pos+1 : pos+1+e]))
		return a, pos + e + 2
	}
	s = pos
	for pos < len(p) && !strings.ContainsRune(" \n\t\r>", rune(p[pos])) {
		pos++
	}
	a.val = html.UnescapeString(string(p[s:pos]))
	return a, pos
}
