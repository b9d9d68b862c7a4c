package edge

import (
	"net/http"
	"strings"
)

// Limits of a what-if from claims files. The request is read as it
// streams: CSV files are added up line by line and never held whole; a
// Parquet file must be read from its end, so it is held in memory, up to
// maxParquetUpload. Nothing is written to disk or stored.
const (
	MaxClaimsUpload  = 512 << 20
	MaxParquetUpload = 64 << 20
	MaxFormField     = 64 << 10
)

// isClaimsUpload reports whether a request uploads claims files for a
// what-if, whose body may be larger than an import's.
func isClaimsUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/a/") && strings.HasSuffix(r.URL.Path, "/what-if")
}
