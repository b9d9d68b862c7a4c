package fhir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// lineReader hands out the input line by line, so that NDJSON of any size
// is read in constant memory (one line at a time).
type lineReader struct {
	br *bufio.Reader
	n  int // number of the last line returned, 1-based
}

// next returns the next line without its newline; last is true when the
// line ended at end of input without a newline (where truncation shows).
// ok is false at end of input.
func (lr *lineReader) next() (line []byte, last, ok bool, err error) {
	line, err = lr.br.ReadBytes('\n')
	if err != nil && err != io.EOF {
		return nil, false, false, err
	}
	if len(line) == 0 && err == io.EOF {
		return nil, false, false, nil
	}
	lr.n++
	last = err == io.EOF
	return bytes.TrimSuffix(line, []byte("\n")), last, true, nil
}

// readInput tells the form from the content and reads it. A first line
// that is a whole JSON object followed by more lines is NDJSON; a whole
// object alone is a single resource or Bundle; anything else (JSON spread
// over lines) is read as one document.
func (c *collector) readInput(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if stop, err := c.checkEncoding(br); stop || err != nil {
		return err
	}
	lr := &lineReader{br: br}
	var seen bytes.Buffer // every line read while deciding, to replay as a document
	first, firstNo, _, err := nextNonBlank(lr, &seen)
	if err != nil {
		return err
	}
	if first == nil {
		c.failFile(0, "the file is empty")
		return nil
	}
	switch classify(first) {
	case jsonWhole:
		next, nextNo, nextLast, err := nextNonBlank(lr, &seen)
		if err != nil {
			return err
		}
		if next == nil {
			c.document(seen.Bytes())
			return nil
		}
		c.ndjsonLine(first, firstNo, false)
		c.ndjsonLine(next, nextNo, nextLast)
		return c.ndjson(lr)
	case jsonBroken:
		if bytes.HasSuffix(bytes.TrimSpace(first), []byte("}")) {
			c.ndjsonLine(first, firstNo, false)
			return c.ndjson(lr)
		}
	}
	rest, err := io.ReadAll(br)
	if err != nil {
		return err
	}
	seen.Write(rest)
	c.document(seen.Bytes())
	return nil
}

// checkEncoding drops a UTF-8 byte order mark and refuses UTF-16, which
// spreadsheet tools sometimes write and which would otherwise read as
// garbage.
func (c *collector) checkEncoding(br *bufio.Reader) (stop bool, err error) {
	b, err := br.Peek(3)
	if err != nil && err != io.EOF {
		return false, err
	}
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		_, err = br.Discard(3)
		return false, err
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		c.failFile(0, "the file is UTF-16 text; FHIR JSON must be UTF-8 (save or export it as UTF-8)")
		return true, nil
	}
	return false, nil
}

// nextNonBlank returns the next line with content, its number and whether
// it ended the input without a newline, copying every line it reads into
// seen; nil at end of input.
func nextNonBlank(lr *lineReader, seen *bytes.Buffer) ([]byte, int, bool, error) {
	for {
		line, last, ok, err := lr.next()
		if err != nil || !ok {
			return nil, 0, false, err
		}
		seen.Write(line)
		if !last {
			seen.WriteByte('\n')
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return line, lr.n, last, nil
		}
	}
}

type jsonKind int

const (
	jsonWhole     jsonKind = iota // one complete JSON object
	jsonTruncated                 // the start of a JSON value that goes on
	jsonBroken                    // a syntax error, or not an object
)

func classify(line []byte) jsonKind {
	t := bytes.TrimSpace(line)
	if len(t) == 0 || t[0] != '{' || !utf8.Valid(t) {
		return jsonBroken
	}
	if json.Valid(t) {
		return jsonWhole
	}
	var v json.RawMessage
	if err := json.Unmarshal(t, &v); err != nil && isTruncation(err) {
		return jsonTruncated
	}
	return jsonBroken
}

func isTruncation(err error) bool {
	var se *json.SyntaxError
	return errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.As(err, &se) && se.Error() == "unexpected end of JSON input"
}

// ndjson reads the rest of the input, one resource per line.
func (c *collector) ndjson(lr *lineReader) error {
	for {
		line, last, ok, err := lr.next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		c.ndjsonLine(line, lr.n, last)
	}
}

func (c *collector) ndjsonLine(line []byte, n int, last bool) {
	c.res.Summary.Form = FormNDJSON
	l := loc{line: n}
	if !utf8.Valid(line) {
		c.fail(l, "", "", "the line is not valid UTF-8 text (save the file as UTF-8)")
		return
	}
	t := bytes.TrimSpace(line)
	if len(t) == 0 {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var se *json.SyntaxError
		switch {
		case isTruncation(err) && last:
			c.fail(l, "", "", "truncated: the file ends in the middle of this resource")
		case isTruncation(err):
			c.fail(l, "", "", "incomplete JSON: in NDJSON each resource must be whole on one line")
		case errors.As(err, &se):
			c.fail(l, "", "", "invalid JSON at column %d: %s", se.Offset, se.Error())
		default:
			c.fail(l, "", "", "invalid JSON: %s", err.Error())
		}
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		c.fail(l, "", "", "more than one JSON value on the line")
		return
	}
	c.ndjsonResource(raw, l)
}

// document reads the whole input as one JSON value: a MeasureReport or a
// Bundle.
func (c *collector) document(data []byte) {
	if i := invalidUTF8(data); i >= 0 {
		c.failFile(lineAt(data, i), "the file is not valid UTF-8 text (first bad byte at line %d); save it as UTF-8", lineAt(data, i))
		return
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var se *json.SyntaxError
		switch {
		case isTruncation(err):
			n := lineAt(data, len(data))
			c.failFile(n, "truncated: the file ends at line %d before the JSON is complete", n)
		case errors.As(err, &se):
			n := lineAt(data, int(se.Offset))
			c.failFile(n, "invalid JSON at line %d, column %d: %s", n, columnAt(data, int(se.Offset)), se.Error())
		default:
			c.failFile(1, "invalid JSON: %s", err.Error())
		}
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		n := lineAt(data, int(dec.InputOffset()))
		c.failFile(n, "unexpected content after the end of the resource, at line %d", n)
		return
	}
	start := lineAt(data, bytes.IndexByte(data, raw[0]))
	c.topLevel(raw, start)
}

// invalidUTF8 returns the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// lineAt returns the 1-based line holding byte offset off.
func lineAt(b []byte, off int) int {
	off = min(max(off, 0), len(b))
	n := 1 + bytes.Count(b[:off], []byte("\n"))
	if off == len(b) && off > 0 && b[off-1] == '\n' {
		n-- // the end of a file that ends with a newline is on its last line
	}
	return n
}

// columnAt returns the 1-based column of byte offset off (the offset a
// json.SyntaxError gives is just after the byte at fault).
func columnAt(b []byte, off int) int {
	off = min(max(off, 0), len(b))
	return off - bytes.LastIndexByte(b[:off], '\n') - 1
}

// topLevel reads the single resource of a document: a Bundle or a
// MeasureReport, starting on line start.
func (c *collector) topLevel(raw json.RawMessage, start int) {
	if raw[0] != '{' {
		c.failFile(start, "not a FHIR resource: the file holds a JSON %s, not an object", jsonType(raw))
		return
	}
	var h head
	_ = json.Unmarshal(raw, &h) // a wrong resourceType type shows as "" below
	switch h.ResourceType {
	case "Bundle":
		c.res.Summary.Form = FormBundle
		c.bundle(raw, start)
	case "MeasureReport":
		c.res.Summary.Form = FormResource
		c.report(raw, loc{line: start})
	case "":
		c.res.Summary.Form = FormResource
		c.fail(loc{line: start}, "", "resourceType", "resourceType is missing: not a FHIR resource")
	default:
		c.res.Summary.Form = FormResource
		c.fail(loc{line: start}, h.ResourceType, "resourceType", "resourceType is %s; want a MeasureReport or a Bundle of MeasureReports", h.ResourceType)
	}
}

func (c *collector) bundle(raw json.RawMessage, start int) {
	var b bundle
	if err := json.Unmarshal(raw, &b); err != nil {
		p := typeProblem(err)
		c.fail(loc{line: start}, "Bundle", p.field, "%s", p.msg)
		return
	}
	for i, e := range b.Entry {
		l := loc{line: i + 1, entry: true}
		if len(e.Resource) == 0 || string(e.Resource) == "null" {
			c.ignore("(none)")
			continue
		}
		var h head
		if e.Resource[0] != '{' || json.Unmarshal(e.Resource, &h) != nil {
			c.fail(l, "", "resource", "the entry's resource is not a FHIR resource (a JSON object with a resourceType)")
			continue
		}
		if h.ResourceType != "MeasureReport" {
			c.ignore(h.ResourceType)
			continue
		}
		c.report(e.Resource, l)
	}
}

func (c *collector) ndjsonResource(raw json.RawMessage, l loc) {
	var h head
	if raw[0] != '{' || json.Unmarshal(raw, &h) != nil {
		c.fail(l, "", "", "not a FHIR resource: the line holds a JSON %s, not an object with a resourceType", jsonType(raw))
		return
	}
	switch h.ResourceType {
	case "MeasureReport":
		c.report(raw, l)
	case "":
		c.fail(l, "", "resourceType", "resourceType is missing: not a FHIR resource")
	default:
		c.fail(l, label(h.ResourceType, h.ID), "resourceType", "resourceType is %s; want MeasureReport (a bulk-export file holds one resource type: use the MeasureReport file)", h.ResourceType)
	}
}

func jsonType(raw json.RawMessage) string {
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// label names a resource in messages: "MeasureReport/abc".
func label(resourceType, id string) string {
	if id == "" {
		return resourceType
	}
	return fmt.Sprintf("%s/%s", resourceType, id)
}
