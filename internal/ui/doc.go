// Package ui is accord's HTML application: the pages, their templates and
// static files, and the forms, which work without JavaScript. A refused
// form is served again with its error beside the field at fault.
package ui
