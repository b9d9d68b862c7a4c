package claims

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// FromDir reads a claims directory: enrollment.csv (required) and each of
// Layouts' files that exists (at least one). Nothing is returned unless
// every file reads cleanly.
func FromDir(dir string, opts Options) (Totals, error) {
	b, err := NewBook(opts)
	if err != nil {
		return Totals{}, err
	}
	if err := readFile(dir, EnrollmentFile, b.ReadEnrollment); err != nil {
		return Totals{}, err
	}
	found := 0
	for _, l := range Layouts {
		err := readFile(dir, l.File, func(r io.Reader, name string) error { return b.ReadClaims(r, name, l) })
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Totals{}, err
		}
		found++
	}
	if found == 0 {
		return Totals{}, fmt.Errorf("claims %s: no claims files (want %s, %s or %s)", dir, PartAHeader.File, PartBPhysician.File, PartBDME.File)
	}
	return b.Totals(), nil
}

func readFile(dir, name string, read func(io.Reader, string) error) error {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return read(f, path)
}
