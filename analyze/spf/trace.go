package spf

import (
	"errors"
	"strings"
	"sync"

	libspf "blitiri.com.ar/go/spf"
)

// event is one trace call of the library that ends the evaluation of a
// record: a term that matched or failed, or the "all" term.
type event struct {
	term   string // as written, without its qualifier
	result libspf.Result
	err    error
}

// events collects the library's trace calls. They are not a stable
// interface ("not machine parseable", says the library), so only the
// three forms that blitiri.com.ar/go/spf v1.6.0 writes when a term ends a
// record are read, and an unknown form is ignored: the worst case is a
// result without the deciding mechanism, never a wrong verdict.
type events struct {
	mu   sync.Mutex
	list []event
}

func (e *events) add(f string, a ...any) {
	var ev event
	switch {
	case f == "all: %v" && len(a) == 1:
		res, _ := a[0].(libspf.Result)
		ev = event{term: "all", result: res, err: libspf.ErrMatchedAll}
	case (f == "%q %v, %v" || f == "%q: %v, %v") && len(a) == 3:
		term, _ := a[0].(string)
		res, _ := a[1].(libspf.Result)
		err, _ := a[2].(error)
		ev = event{term: term, result: res, err: err}
	default:
		return
	}
	e.mu.Lock()
	e.list = append(e.list, ev)
	e.mu.Unlock()
}

// decided walks back from the last event, which ended the top record,
// through include: and redirect= terms to the mechanism inside them that
// decided. Each include or redirect is logged right after the record it
// led to returned, so the event before it is that record's last.
func (e *events) decided() (mechanism string, path []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	i := len(e.list) - 1
	for ; i >= 0; i-- {
		ev := e.list[i]
		lower := strings.ToLower(ev.term)
		if !strings.HasPrefix(lower, "include:") && !strings.HasPrefix(lower, "redirect=") {
			break
		}
		path = append([]string{qualified(ev)}, path...)
		if !matched(ev.err) && !strings.HasPrefix(lower, "redirect=") {
			// The include itself failed (for example the limit was
			// reached on it); nothing inside decided.
			return "", path
		}
	}
	if i < 0 {
		return "", path
	}
	return qualified(e.list[i]), path
}

// qualified writes the term with the qualifier that gives its result
// (RFC 7208 section 4.6.2); "+" is left implicit.
func qualified(ev event) string {
	if strings.HasPrefix(strings.ToLower(ev.term), "redirect=") || !matched(ev.err) {
		return ev.term
	}
	q := map[libspf.Result]string{libspf.Fail: "-", libspf.SoftFail: "~", libspf.Neutral: "?"}[ev.result]
	return q + ev.term
}

func matched(err error) bool {
	for _, m := range []error{libspf.ErrMatchedAll, libspf.ErrMatchedA, libspf.ErrMatchedIP,
		libspf.ErrMatchedMX, libspf.ErrMatchedPTR, libspf.ErrMatchedExists} {
		if errors.Is(err, m) {
			return true
		}
	}
	return false
}
