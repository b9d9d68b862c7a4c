// Package notify delivers messages to people outside accord: e-mail over
// SMTP now; webhooks and digests as the early-warning issue lands.
package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// SMTP implements accord.Mailer: it sends e-mail through an SMTP server (a relay of the installation's
// mail system). STARTTLS is used whenever the server offers it, and
// authentication is only attempted over TLS or to a loopback relay.
type SMTP struct {
	Addr     string // host:port
	From     string // e.g. "accord <accord@example.org>"
	Username string
	Password string
	Timeout  time.Duration
}

// Send delivers one message or returns why it could not.
func (s *SMTP) Send(ctx context.Context, m accord.Mail) error {
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("send mail: from address %q: %w", s.From, err)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return fmt.Errorf("send mail: to address %q: %w", m.To, err)
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 15 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("send mail: %w", err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	host, _, _ := net.SplitHostPort(s.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return fmt.Errorf("send mail: %w", err)
	}
	defer c.Close()
	if err := s.session(c, host, from.Address, to.Address, compose(from, to, m)); err != nil {
		return fmt.Errorf("send mail to %s: %w", to.Address, err)
	}
	return c.Quit()
}

func (s *SMTP) session(c *smtp.Client, host, from, to string, body []byte) error {
	if err := c.Hello("accord"); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return err
		}
	}
	if s.Username != "" {
		// PlainAuth refuses to send credentials over an unencrypted
		// connection to anything but localhost.
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	return w.Close()
}

// compose builds an RFC 5322 message with a UTF-8 subject and body, and
// its attachments as a multipart/mixed message.
func compose(from, to *mail.Address, m accord.Mail) []byte {
	var b strings.Builder
	b.WriteString("From: " + from.String() + "\r\n")
	b.WriteString("To: " + to.String() + "\r\n")
	subject := strings.Join(strings.Fields(m.Subject), " ") // no line breaks: no header injection
	b.WriteString("Subject: " + mime.QEncoding.Encode("utf-8", subject) + "\r\n")
	b.WriteString("Date: " + time.Now().UTC().Format(time.RFC1123Z) + "\r\n")
	b.WriteString("MIME-Version: 1.0\r\n")
	if len(m.Attachments) == 0 {
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
		writeText(&b, m.Text)
		return []byte(b.String())
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	b.WriteString("Content-Type: multipart/mixed; boundary=" + mw.Boundary() + "\r\n\r\n")
	text, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"}, "Content-Transfer-Encoding": {"8bit"}})
	var t strings.Builder
	writeText(&t, m.Text)
	text.Write([]byte(t.String()))
	for _, a := range m.Attachments {
		name := strings.Map(func(r rune) rune {
			if r < 0x20 || r == '"' || r == '\\' {
				return '_'
			}
			return r
		}, a.Name)
		part, _ := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {a.ContentType + `; name="` + name + `"`},
			"Content-Disposition":       {`attachment; filename="` + name + `"`},
			"Content-Transfer-Encoding": {"base64"},
		})
		enc := base64.StdEncoding.EncodeToString(a.Data)
		for len(enc) > 76 {
			part.Write([]byte(enc[:76] + "\r\n"))
			enc = enc[76:]
		}
		part.Write([]byte(enc + "\r\n"))
	}
	mw.Close()
	b.Write(body.Bytes())
	return []byte(b.String())
}

// writeText writes a text body with CRLF line ends; net/smtp's data
// writer does the dot-stuffing.
func writeText(b *strings.Builder, text string) {
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		b.WriteString(line + "\r\n")
	}
}
