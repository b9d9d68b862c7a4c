package chart

import (
	"encoding/xml"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fontStack is the system font stack of the product's stylesheet.
const fontStack = `system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`

// svg accumulates markup. Attribute values and text always go through esc,
// so no caller can produce markup from data.
type svg struct{ b strings.Builder }

// esc escapes s for XML text and attribute values. Characters XML cannot
// carry (NUL, most control characters) become U+FFFD.
func esc(s string) string {
	if plain(s) {
		return s // most values are numbers and colours: no copy
	}
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// plain reports whether s is printable ASCII with nothing to escape.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
			return false
		}
	}
	return true
}

// num writes a coordinate with at most one decimal: finer than a pixel is
// invisible and only makes the markup longer.
func num(v float64) string {
	r := math.Round(v*10) / 10
	if r == 0 {
		return "0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// attrs writes name="value" pairs.
func (s *svg) attrs(kv []string) {
	for i := 0; i+1 < len(kv); i += 2 {
		s.b.WriteByte(' ')
		s.b.WriteString(kv[i])
		s.b.WriteString(`="`)
		s.b.WriteString(esc(kv[i+1]))
		s.b.WriteByte('"')
	}
}

// open starts an element with attributes given as name, value pairs.
func (s *svg) open(name string, kv ...string) {
	s.b.WriteByte('<')
	s.b.WriteString(name)
	s.attrs(kv)
	s.b.WriteByte('>')
}

// close ends an element.
func (s *svg) close(name string) {
	s.b.WriteString("</")
	s.b.WriteString(name)
	s.b.WriteByte('>')
}

// el writes an empty element.
func (s *svg) el(name string, kv ...string) {
	s.b.WriteByte('<')
	s.b.WriteString(name)
	s.attrs(kv)
	s.b.WriteString("/>")
}

// elTip writes an element with a <title> child, the tooltip browsers show
// on hover; an empty tip writes a plain empty element.
func (s *svg) elTip(name, tip string, kv ...string) {
	if tip == "" {
		s.el(name, kv...)
		return
	}
	s.open(name, kv...)
	s.textEl("title", tip)
	s.close(name)
}

// textEl writes <name>escaped text</name>.
func (s *svg) textEl(name, text string, kv ...string) {
	s.open(name, kv...)
	s.b.WriteString(esc(text))
	s.close(name)
}

// text writes a <text> element at x, y.
func (s *svg) text(x, y float64, text string, kv ...string) {
	s.textEl("text", text, append([]string{"x", num(x), "y", num(y)}, kv...)...)
}

// line writes a straight line.
func (s *svg) line(x1, y1, x2, y2 float64, kv ...string) {
	s.el("line", append([]string{"x1", num(x1), "y1", num(y1), "x2", num(x2), "y2", num(y2)}, kv...)...)
}

// html returns the markup; it is safe because every value was escaped.
func (s *svg) html() template.HTML { return template.HTML(s.b.String()) }

// root opens the <svg> element with its accessible name and description.
// width is "100%" for charts that scale with their container, or a number.
func (s *svg) root(id string, w, h float64, width, class, title, desc string) {
	kv := []string{
		"xmlns", "http://www.w3.org/2000/svg",
		"viewBox", "0 0 " + num(w) + " " + num(h),
		"width", width,
	}
	if width != "100%" {
		kv = append(kv, "height", num(h))
	}
	kv = append(kv, "role", "img", "aria-labelledby", id+"-title "+id+"-desc",
		"font-family", fontStack, "id", id)
	if class != "" {
		kv = append(kv, "class", class)
	}
	s.open("svg", kv...)
	s.textEl("title", title, "id", id+"-title")
	s.textEl("desc", desc, "id", id+"-desc")
}

// cleanID keeps the letters, digits, '-' and '_' of id so that it is a
// valid XML name, starting with a letter; def is used when nothing is left.
func cleanID(id, def string) string {
	var b strings.Builder
	for _, r := range id {
		if r < utf8.RuneSelf && (r == '-' || r == '_' || r >= '0' && r <= '9' ||
			r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	out := b.String()
	if out == "" {
		return def
	}
	if c := out[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		out = "c" + out
	}
	return out
}

// textWidth estimates how wide text is drawn at size px, with weights per
// kind of character measured in Chromium on DejaVu Sans, the widest common
// fallback of the font stack; narrower system faces only leave more room.
func textWidth(text string, size float64) float64 {
	w := 0.0
	for _, r := range text {
		switch {
		case strings.ContainsRune("il.,:;'|!ıjft ·", r):
			w += 0.31
		case strings.ContainsRune("mwMW%", r):
			w += 0.92
		case r >= '0' && r <= '9', r == '$':
			w += 0.64
		case r >= 'A' && r <= 'Z':
			w += 0.69
		default:
			w += 0.58
		}
	}
	return w * size
}

// boldWidth is textWidth for text drawn at font-weight 600 or 700.
func boldWidth(text string, size float64) float64 { return textWidth(text, size) * 1.13 }

// clip shortens text to fit width at size px, ending with an ellipsis.
func clip(text string, width, size float64) string {
	if textWidth(text, size) <= width {
		return text
	}
	r := []rune(text)
	for len(r) > 1 && textWidth(string(r)+"…", size) > width {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}
