package ui

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdownRenderer renders CommonMark with tables and strikethrough. It is
// safe for text anyone in the alliance wrote: goldmark leaves raw HTML out
// (it writes a comment in its place) and drops links and images whose URL
// could run script (javascript:, vbscript:, file:, most data:).
func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
}

// markdown renders minutes and other Markdown for a page.
func markdown(src string) template.HTML {
	if src == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := newMarkdown().Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(buf.String())
}
