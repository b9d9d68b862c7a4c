package settle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// jsonFrame is an object or array open while a document is walked: for an
// object, the keys seen (with the line of each), the key of the value being
// read, and whether a key comes next.
type jsonFrame struct {
	obj     bool
	keys    map[string]int
	key     string
	wantKey bool
}

// duplicateKey reports the first key given twice in one object of a JSON
// document that has already decoded: encoding/json keeps the last value in
// silence, and a figure given twice is a mistake, not a choice.
func duplicateKey(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []*jsonFrame
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].obj {
			stack[n-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // the end, or a syntax error the decoder has reported
		}
		top := (*jsonFrame)(nil)
		if n := len(stack); n > 0 {
			top = stack[n-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '}' || t == ']' {
				stack = stack[:len(stack)-1]
				valueDone()
				continue
			}
			stack = append(stack, &jsonFrame{obj: t == '{', keys: map[string]int{}, wantKey: t == '{'})
			continue
		case string:
			if top != nil && top.obj && top.wantKey {
				line, _ := position(data, dec.InputOffset())
				if first, ok := top.keys[t]; ok {
					return &FieldError{Field: keyPath(stack, t), Msg: fmt.Sprintf("%q is given twice (lines %d and %d): keep the one that is meant", t, first, line)}
				}
				top.keys[t], top.key, top.wantKey = line, t, false
				continue
			}
		}
		valueDone()
	}
}

// keyPath names a key by the keys of the objects it is in, as encoding/json
// names a field.
func keyPath(stack []*jsonFrame, key string) string {
	var parts []string
	for _, f := range stack[:len(stack)-1] {
		if f.obj {
			parts = append(parts, f.key)
		}
	}
	return strings.Join(append(parts, key), ".")
}
