package ingest

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// TestReadDetectsAndKeepsEveryByte reads a CSV file whose format is found
// from its first bytes, from a reader that can seek back over them and from
// one that cannot: both give every row.
func TestReadDetectsAndKeepsEveryByte(t *testing.T) {
	const file = "kpi,period,value\nvisits,2024-01,1\nvisits,2024-02,2\n"
	for name, r := range map[string]io.Reader{
		"seekable":     bytes.NewReader([]byte(file)),
		"not seekable": io.MultiReader(strings.NewReader(file[:10]), strings.NewReader(file[10:])),
	} {
		t.Run(name, func(t *testing.T) {
			res, err := Read(r, "upload", "", nil, time.Now())
			if err != nil || res.Format != CSV || len(res.Errors) != 0 || len(res.Rows) != 2 || res.Rows[1].Value.String() != "2" {
				t.Fatalf("Read = %+v, %v; want 2 CSV rows", res, err)
			}
		})
	}
}
