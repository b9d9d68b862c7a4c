package claims

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"sync/atomic"
)

// blockSize is how much of a file one worker parses at a time (a
// variable so that tests can cut small files into many blocks).
var blockSize = 4 << 20

// block is a run of whole records and the line number of its first one.
type block struct {
	data []byte
	line int64
}

// parallel reads the rest of the file behind s in blocks cut at record
// boundaries, which workers parse into their own tallies. The error
// reported is the one on the earliest line, as a sequential read would.
func (cr *claimReader) parallel(s *scanner, workers int) ([]*tally, error) {
	blocks := make(chan block, workers)
	free := make(chan []byte, 2*workers)
	// After an error, blocks that start after its line need not be read,
	// but earlier ones still must: they may hold an earlier error.
	var stop atomic.Bool
	var stopLine atomic.Int64
	stopLine.Store(math.MaxInt64)
	var mu sync.Mutex
	var first error
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil || errLine(err) < errLine(first) {
			first = err
			stopLine.Store(errLine(err))
		}
		stop.Store(true)
	}
	ts := make([]*tally, workers)
	var wg sync.WaitGroup
	for w := range workers {
		ts[w] = cr.b.newTally()
		ws := s.fork()
		wg.Go(func() {
			for bl := range blocks {
				if bl.line < stopLine.Load() {
					ws.cs.Reset(bytes.NewReader(bl.data), bl.line)
					if err := cr.all(ws, ts[w]); err != nil {
						fail(err)
					}
				}
				select {
				case free <- bl.data:
				default:
				}
			}
		})
	}
	if err := feed(s, blocks, free, &stop); err != nil {
		fail(err)
	}
	close(blocks)
	wg.Wait()
	return ts, first
}

// feed cuts the rest of s's input into blocks of whole records.
func feed(s *scanner, blocks chan<- block, free chan []byte, stop *atomic.Bool) error {
	var carry []byte
	r, line := s.cs.Rest()
	size := blockSize
	for !stop.Load() {
		var buf []byte
		select {
		case buf = <-free:
		default:
		}
		if cap(buf) < size {
			buf = make([]byte, size)
		}
		buf = append(buf[:0], carry...)
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		data := buf[:len(buf)+n]
		last := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !last {
			return fmt.Errorf("%s:%d: %w", s.file, line, err)
		}
		end := len(data)
		if !last {
			end = recordEnd(data)
		}
		if end == 0 && !last {
			// One record longer than a block: read it with a bigger one.
			carry, size = append(carry[:0], data...), 2*cap(buf)
			continue
		}
		carry = append(carry[:0:0], data[end:]...)
		if end > 0 {
			blocks <- block{data: data[:end], line: line}
			line += int64(bytes.Count(data[:end], []byte("\n")))
		}
		if last {
			return nil
		}
	}
	return nil
}

func errLine(err error) int64 {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe.Line
	}
	return 0
}
