package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// bareServer is what one would serve the plain SQL baselines with over HTTP: a bare
// net/http handler on loopback that reads the request, runs the case's baseline and
// writes an answer as long as ours (our own answer's bytes: encoding them is not
// charged to the baseline). Over HTTP a case is measured against it, so that both
// sides pay for the same transport, and the floor (the same handler running SELECT 1)
// says how much of a request's cost is net/http itself.
type bareServer struct {
	url   string
	mu    sync.Mutex
	cases map[string]*Prepared
	env   func() *Env
	hs    *http.Server
	done  chan error
}

func startBare(ctx context.Context, env func() *Env) (*bareServer, error) {
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &bareServer{url: "http://" + ln.Addr().String(), cases: map[string]*Prepared{}, env: env, done: make(chan error, 1)}
	s.hs = &http.Server{Handler: http.HandlerFunc(s.serve), ReadHeaderTimeout: 10 * time.Second}
	go func() { s.done <- s.hs.Serve(ln) }()
	return s, nil
}

// add registers p and returns the URL its baseline answers at.
func (s *bareServer) add(p *Prepared) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	path := "/" + strconv.Itoa(len(s.cases))
	s.cases[path] = p
	return s.url + path
}

func (s *bareServer) serve(w http.ResponseWriter, r *http.Request) {
	if _, err := io.ReadAll(r.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	p := s.cases[r.URL.Path]
	s.mu.Unlock()
	if p == nil || p.answer == nil {
		http.Error(w, "no such case, or no answer of ours to send yet", http.StatusNotFound)
		return
	}
	if _, err := p.Base(r.Context(), s.env()); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(p.answer)))
	_, _ = w.Write(p.answer)
}

func (s *bareServer) stop() error {
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.hs.Shutdown(sctx)
	if serr := <-s.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// BaseHTTP runs the case's plain SQL baseline behind the bare handler, sent and read as
// HTTP sends and reads our request (same client, same body and headers).
func (r *Runner) BaseHTTP(ctx context.Context, p *Prepared) error {
	if _, err := r.send(ctx, p.As, p.bareURL, p.body); err != nil {
		return fmt.Errorf("%s bare baseline: %w", p.Name, err)
	}
	return nil
}
