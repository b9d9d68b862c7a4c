package settle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// Terms document formats.
const (
	FormatJSON = "json"
	FormatYAML = "yaml"
)

// TermsFormat says whether a terms document is JSON (its first character,
// after spaces and a byte-order mark, is "{") or YAML (anything else).
func TermsFormat(doc []byte) string {
	doc = bytes.TrimLeft(bytes.TrimPrefix(doc, []byte("\ufeff")), " \t\r\n")
	if len(doc) > 0 && doc[0] == '{' {
		return FormatJSON
	}
	return FormatYAML
}

// yamlDoc is a YAML document turned into JSON, with what is needed to name
// the YAML line of an error the JSON reader or the validation reports.
type yamlDoc struct {
	json []byte
	// lines maps a field's path (savings.minimum.bands[1].from) to the
	// line of its key, or of the item for a list item.
	lines map[string]int
	// keys lists every mapping key with its line, in document order, for
	// an unknown field the JSON reader names without its path.
	keys []yamlKey
	// offsets pairs offsets in json with the YAML line written there.
	offsets []yamlOffset
	// nodes counts the values written, for maxYAMLNodes.
	nodes int
}

type yamlKey struct {
	name string
	line int
}

type yamlOffset struct {
	at   int
	line int
	path string
}

// LineError is a problem in a YAML document at a line.
type LineError struct {
	Line int
	Err  error
}

// Error returns "line N: message".
func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns the problem, a *FieldError where a field is at fault.
func (e *LineError) Unwrap() error { return e.Err }

// yamlToJSON converts one YAML document into JSON. YAML's own errors
// (syntax, tabs, a second document) name their line; so do duplicate keys,
// numbers written other than in decimal, and tags JSON cannot carry.
func yamlToJSON(data []byte) (*yamlDoc, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty document")
		}
		return nil, errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		return nil, &LineError{Line: next.Line, Err: errors.New("a second YAML document: give one terms document")}
	}
	d := &yamlDoc{lines: map[string]int{}}
	var buf bytes.Buffer
	n := &root
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil, &LineError{Line: n.Line, Err: errors.New("a terms document is a mapping of fields (name: …, savings: …)")}
	}
	if err := d.write(&buf, n, "", 0); err != nil {
		return nil, err
	}
	d.json = buf.Bytes()
	return d, nil
}

// maxYAMLDepth bounds nesting (and aliases that point back up the tree).
const maxYAMLDepth = 32

// maxYAMLNodes bounds the values written out, aliases expanded: the
// largest documented terms have a few hundred, and ten aliases of ten
// aliases of ... (a "billion laughs") in a few hundred bytes would
// otherwise expand to gigabytes.
const maxYAMLNodes = 20_000

func (d *yamlDoc) write(buf *bytes.Buffer, n *yaml.Node, path string, depth int) error {
	if depth > maxYAMLDepth {
		return &LineError{Line: n.Line, Err: errors.New("nested too deeply")}
	}
	if d.nodes++; d.nodes > maxYAMLNodes {
		return &LineError{Line: n.Line, Err: fmt.Errorf("more than %d values (aliases counted as often as they are used): this is not a terms document", maxYAMLNodes)}
	}
	d.offsets = append(d.offsets, yamlOffset{buf.Len(), n.Line, path})
	switch n.Kind {
	case yaml.AliasNode:
		return d.write(buf, n.Alias, path, depth+1)
	case yaml.MappingNode:
		return d.writeMap(buf, n, path, depth)
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			p := path + "[" + strconv.Itoa(i) + "]"
			d.lines[p] = c.Line
			if err := d.write(buf, c, p, depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	case yaml.ScalarNode:
		return writeScalar(buf, n, path)
	}
	return &LineError{Line: n.Line, Err: errors.New("unexpected YAML node")}
}

func (d *yamlDoc) writeMap(buf *bytes.Buffer, n *yaml.Node, path string, depth int) error {
	buf.WriteByte('{')
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
			return &LineError{Line: k.Line, Err: errors.New("keys must be plain field names (no merge keys or complex keys)")}
		}
		if k.Value == "" {
			// As in JSON (decode.go): a field error must name a field
			// (found by FuzzDecodeTerms).
			return &LineError{Line: k.Line, Err: errors.New(`a key is empty (""): keys are field names`)}
		}
		p := k.Value
		if path != "" {
			p = path + "." + k.Value
		}
		if first, dup := seen[k.Value]; dup {
			return &LineError{Line: k.Line, Err: &FieldError{Field: p, Msg: fmt.Sprintf("given twice (first on line %d)", first)}}
		}
		seen[k.Value] = k.Line
		d.lines[p] = k.Line
		d.keys = append(d.keys, yamlKey{k.Value, k.Line})
		if i > 0 {
			buf.WriteByte(',')
		}
		d.offsets = append(d.offsets, yamlOffset{buf.Len(), k.Line, p})
		key, _ := json.Marshal(k.Value)
		buf.Write(key)
		buf.WriteByte(':')
		if err := d.write(buf, v, p, depth+1); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

var (
	jsonInt   = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)
	jsonFloat = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)
)

// writeScalar writes a scalar as JSON: quoted and plain strings as strings,
// numbers as the digits written (so 0.035 stays exact), true, false, null.
func writeScalar(buf *bytes.Buffer, n *yaml.Node, path string) error {
	bad := func(format string, a ...any) error {
		msg := fmt.Sprintf(format, a...)
		if path == "" {
			return &LineError{Line: n.Line, Err: errors.New(msg)}
		}
		return &LineError{Line: n.Line, Err: &FieldError{Field: path, Msg: msg}}
	}
	switch n.ShortTag() {
	case "!!str", "!!timestamp":
		s, _ := json.Marshal(n.Value)
		buf.Write(s)
	case "!!null":
		buf.WriteString("null")
	case "!!bool":
		buf.WriteString(strings.ToLower(n.Value))
	case "!!int", "!!float":
		v := strings.TrimPrefix(n.Value, "+")
		if strings.HasPrefix(v, ".") || strings.HasPrefix(v, "-.") {
			v = strings.Replace(v, ".", "0.", 1)
		}
		if !jsonInt.MatchString(v) && !jsonFloat.MatchString(v) {
			return bad("write the number %q in decimal digits (e.g. 0.035, or \"3.5%%\" in quotes)", n.Value)
		}
		buf.WriteString(v)
	default:
		return bad("the YAML tag %s has no meaning in a terms document", n.Tag)
	}
	return nil
}

// lineOf returns the YAML line of a field path as the validation writes it
// (savings.minimum.bands[1].from), or of its nearest ancestor present in
// the document; 0 when none is.
func (d *yamlDoc) lineOf(path string) int {
	for path != "" {
		if l, ok := d.lines[path]; ok {
			return l
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return 0
		}
		path = path[:i]
	}
	return 0
}

// at returns the YAML line and field path of the JSON value that ends at
// offset off.
func (d *yamlDoc) at(off int64) (int, string) {
	var last yamlOffset
	for _, o := range d.offsets {
		if int64(o.at) >= off {
			break
		}
		last = o
	}
	return last.line, last.path
}

// locate adds the YAML line to an error about the JSON d converted to.
func (d *yamlDoc) locate(err, jsonErr error) error {
	var te *json.UnmarshalTypeError
	var fe *FieldError
	if errors.As(jsonErr, &te) {
		if line, path := d.at(te.Offset); line > 0 {
			// The JSON reader's path leaves out list indexes; the YAML's has them.
			if errors.As(err, &fe) && path != "" {
				fe.Field = path
			}
			return &LineError{Line: line, Err: err}
		}
	}
	if !errors.As(err, &fe) {
		return err
	}
	line := d.lineOf(fe.Field)
	if fe.Msg == "unknown field" {
		for _, k := range d.keys {
			if k.name == fe.Field {
				line = k.line
				break
			}
		}
	}
	if line == 0 {
		return err
	}
	return &LineError{Line: line, Err: err}
}

// decodeTermsYAML reads a YAML terms document as DecodeTerms reads JSON;
// errors name the line and the field.
func decodeTermsYAML(data []byte) (Terms, error) {
	d, err := yamlToJSON(data)
	if err != nil {
		return Terms{}, err
	}
	var t Terms
	dec := json.NewDecoder(bytes.NewReader(d.json))
	dec.DisallowUnknownFields()
	if jerr := dec.Decode(&t); jerr != nil {
		return Terms{}, d.locate(jsonError(d.json, jerr), jerr)
	}
	if err := t.Validate(); err != nil {
		return Terms{}, d.locate(err, nil)
	}
	return t, nil
}

// TermsYAMLToJSON converts a YAML terms document to JSON without reading
// it as terms, for checking it against docs/terms.schema.json.
func TermsYAMLToJSON(doc []byte) ([]byte, error) {
	d, err := yamlToJSON(doc)
	if err != nil {
		return nil, err
	}
	return d.json, nil
}
