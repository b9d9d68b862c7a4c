package password

import "testing"

func TestHashVerify(t *testing.T) {
	h, err := Hash("correct horse battery", Fast)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pw   string
		want bool
	}{
		{"correct horse battery", true},
		{"correct horse batterY", false},
		{"", false},
	}
	for _, tt := range tests {
		got, err := Verify(tt.pw, h)
		if err != nil {
			t.Fatalf("Verify(%q): %v", tt.pw, err)
		}
		if got != tt.want {
			t.Errorf("Verify(%q) = %v, want %v", tt.pw, got, tt.want)
		}
	}
	h2, _ := Hash("correct horse battery", Fast)
	if h == h2 {
		t.Error("two hashes of the same password are equal; the salt is not random")
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, enc := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x$AAAA$AAAA", "$argon2id$v=19$m=1,t=1,p=1$!!$AAAA"} {
		if _, err := Verify("pw", enc); err == nil {
			t.Errorf("Verify(%q): got no error, want ErrMalformed", enc)
		}
	}
}
