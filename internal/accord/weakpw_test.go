package accord

import "testing"

func TestCheckPasswordRefusesGuessable(t *testing.T) {
	person := []string{"ada.lovelace@plan.example", "Ada Lovelace"}
	tests := []struct {
		pw   string
		weak bool
	}{
		{"password1234", true},
		{"Password2024!", true},
		{"P@ssw0rd-2024", true},
		{"mypassword12", true},
		{"passwordpassword", true},
		{"qwertyuiop12", true},
		{"1qaz2wsx3edc", true},
		{"123456789012", true},
		{"098765432109", true},
		{"abcdefghijkl", true},
		{"aaaaaaaaaaaa", true},
		{"198419841984", true},
		{"iloveyou2026", true},
		{"Welcome2026!", true},
		{"Summer2026Summer", true},
		{"accord-demo-2026", true},
		{"Accord123456", true},
		{"AdaLovelace1815", true},
		{"lovelace-1815!", true},
		{"plan.example.2026", true},
		{"correct horse battery", false},
		{"brand new password", false},
		{"violin tortoise harbour", false},
		{"829374650182", false},
		{"Ada likes long walks", false},
	}
	for _, tt := range tests {
		err := CheckPassword(tt.pw, person...)
		if got := err != nil; got != tt.weak {
			t.Errorf("CheckPassword(%q) = %v; want refused %v", tt.pw, err, tt.weak)
		}
	}
}

func TestCheckPasswordMessageIsPlain(t *testing.T) {
	err := CheckPassword("password1234")
	if ErrorField(err) != "password" || ErrorCode(err) != EINVALID {
		t.Fatalf("got %v (field %q), want an invalid password", err, ErrorField(err))
	}
	if msg := ErrorMessage(err); msg == "" || len(msg) > 200 {
		t.Errorf("message %q, want one plain sentence", msg)
	}
}
