package pdfprint

import (
	"context"
	"fmt"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// printAction loads html into the tab, offline and without scripts, and
// prints it.
func printAction(html string, opts Options) chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		stop, err := refuseRequests(ctx, t)
		if err != nil {
			return nil, err
		}
		defer stop()
		noScript := emulation.SetScriptExecutionDisabledParams{Value: true}
		if _, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, noScript); err != nil {
			return nil, fmt.Errorf("disable scripts: %w", err)
		}
		if err := load(ctx, t, html); err != nil {
			return nil, err
		}
		pdf, err := chromedp.PrintToPDF(pdfOptions(opts)...)(ctx, t)
		if err != nil {
			return nil, fmt.Errorf("print to pdf: %w", err)
		}
		return pdf, nil
	}
}

// load sets html as the document of a blank page and waits for its load
// event, so that every inline image and font is in place before printing.
func load(ctx context.Context, t *chromedp.Target, html string) error {
	if _, err := chromedp.Navigate("about:blank")(ctx, t); err != nil {
		return fmt.Errorf("open a blank page: %w", err)
	}
	tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return fmt.Errorf("find the frame: %w", err)
	}
	setContent := func(ctx context.Context, t *chromedp.Target) (cdp.Empty, error) {
		params := page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: html}
		return cdp.Call(ctx, t, page.SetDocumentContent, params)
	}
	if _, err := chromedp.WaitEvent(page.LoadEventFired, nil, setContent)(ctx, t); err != nil {
		return fmt.Errorf("load the document: %w", err)
	}
	return nil
}

// refuseRequests makes the tab fail every network request, so that a stray
// reference to a remote image or style neither leaks a request nor holds the
// load event until the timeout. data: URLs never reach the Fetch domain, so
// inline images still show. The returned func stops the handler and waits
// for it.
func refuseRequests(ctx context.Context, t *chromedp.Target) (stop func(), err error) {
	lctx, cancel := context.WithCancel(ctx)
	events := cdp.Events(lctx, t, fetch.RequestPaused) // subscribed before Enable: no request slips by
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev, err := range events {
			if err != nil {
				return
			}
			// An error here means the request or the tab is already gone,
			// so there is nothing left to refuse.
			refuse := fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient}
			cdp.Call(lctx, t, fetch.FailRequest, refuse)
		}
	}()
	stop = func() {
		cancel()
		<-done
	}
	if _, err := cdp.Call(ctx, t, fetch.Enable, fetch.EnableParams{}); err != nil {
		stop()
		return nil, fmt.Errorf("block the network: %w", err)
	}
	return stop, nil
}

// pdfOptions turns Options into the parameters of Page.printToPDF. The
// header and footer stay off, so the document's own title and layout are
// what shows; backgrounds print because packets use shaded cells and badges.
func pdfOptions(opts Options) []chromedp.PDFOption {
	paper := chromedp.PaperSize{Width: opts.PaperWidth, Height: opts.PaperHeight}
	if paper.Width <= 0 {
		paper.Width = chromedp.PaperLetter.Width
	}
	if paper.Height <= 0 {
		paper.Height = chromedp.PaperLetter.Height
	}
	o := []chromedp.PDFOption{
		chromedp.PDFPaper(paper),
		chromedp.PDFPrintBackground(),
		chromedp.PDFOutlineAndTagged(),
	}
	if opts.Landscape {
		o = append(o, chromedp.PDFLandscape())
	}
	return o
}
