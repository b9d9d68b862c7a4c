package store_test

import (
	"testing"

	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestMain lets the tests start from copies of a migrated database (see
// storetest.Main) instead of migrating each one, and removes it at the end.
func TestMain(m *testing.M) { storetest.Main(m) }
