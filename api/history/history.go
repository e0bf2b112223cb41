// Package history keeps the query editor's history (every operation run), its named
// saved queries and its unsaved draft, one JSON file per API URL. Several processes
// share the file (explorers, `prefect-tui query` runs): every change takes the file's
// lock, re-reads the file, applies itself and replaces the file atomically (temp file,
// fsync, rename), so no process overwrites another's changes and a crash or a full
// disk never leaves a damaged file behind.
package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prefect-tui/prefect-tui/api/history/atomicfile"
)

// MaxEntries is how many runs the history keeps (the oldest go first).
const MaxEntries = 500

// Entry is one operation run.
type Entry struct {
	Query string `json:"query"`
	// Variables is the variables text exactly as the user typed it.
	Variables string        `json:"variables,omitempty"`
	OpName    string        `json:"operation_name,omitempty"`
	At        time.Time     `json:"at"`
	Elapsed   time.Duration `json:"elapsed_ns,omitempty"`
	Bytes     int           `json:"bytes,omitempty"`
	// Error is the short error of the run ("" when it succeeded).
	Error string `json:"error,omitempty"`
}

// Saved is a named saved query.
type Saved struct {
	Name      string    `json:"name"`
	Query     string    `json:"query"`
	Variables string    `json:"variables,omitempty"`
	Updated   time.Time `json:"updated"`
}

// file is the on-disk document.
type file struct {
	APIURL  string  `json:"api_url"`
	History []Entry `json:"history"`
	Saved   []Saved `json:"saved"`
	// Draft is the editor's unsaved text (nil when there is none).
	Draft *Draft `json:"draft,omitempty"`
}

// Store is the history of one API. Its methods are safe for concurrent use; they do
// file I/O, so the UI calls them from tea.Cmds.
type Store struct {
	mu   sync.Mutex
	path string
	f    file
}

// DefaultDir is where stores live: <user config dir>/prefect-tui/history.
func DefaultDir() (string, error) {
	d, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "prefect-tui", "history"), nil
}

// Open loads the store of apiURL from dir (an empty store when there is no file yet).
// A file that cannot be parsed is moved aside to "<name>.corrupt" and an empty store is
// returned with the error, so one bad file never blocks the editor.
func Open(dir, apiURL string) (*Store, error) {
	s := &Store{path: filepath.Join(dir, atomicfile.NameFor(apiURL)+".json"), f: file{APIURL: apiURL}}
	f, err := s.read()
	s.f = f
	return s, err
}

// read loads the file as it is on disk now (an empty one when there is none). A file
// that cannot be parsed is moved aside and read as empty, with the error.
func (s *Store) read() (file, error) {
	empty := file{APIURL: s.f.APIURL}
	data, err := os.ReadFile(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return empty, nil
	}
	if err != nil {
		return empty, err
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		_ = os.Rename(s.path, s.path+".corrupt")
		return empty, &corruptError{path: s.path, err: err}
	}
	f.APIURL = empty.APIURL
	return f, nil
}

// corruptError says that the file could not be parsed and was moved aside.
type corruptError struct {
	path string
	err  error
}

func (e *corruptError) Error() string {
	return fmt.Sprintf("history file %s was unreadable (moved aside): %v", e.path, e.err)
}

func (e *corruptError) Unwrap() error { return e.err }

// Path is the file the store is kept in.
func (s *Store) Path() string { return s.path }

// Entries returns the history, newest first.
func (s *Store) Entries() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Entry(nil), s.f.History...)
}

// Add records a run (newest first) and writes the file.
func (s *Store) Add(e Entry) error {
	return s.update(func(f *file) error {
		h := make([]Entry, 0, len(f.History)+1)
		h = append(h, e)
		h = append(h, f.History...)
		if len(h) > MaxEntries {
			h = h[:MaxEntries]
		}
		f.History = h
		return nil
	})
}

// SavedQueries returns the saved queries sorted by name.
func (s *Store) SavedQueries() []Saved {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]Saved(nil), s.f.Saved...)
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out
}

// Get returns the saved query called name.
func (s *Store) Get(name string) (Saved, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, q := range s.f.Saved {
		if q.Name == name {
			return q, true
		}
	}
	return Saved{}, false
}

// Save stores (or replaces) a named query and writes the file.
func (s *Store) Save(q Saved) error {
	q.Name = strings.TrimSpace(q.Name)
	if q.Name == "" {
		return errors.New("a saved query needs a name")
	}
	return s.update(func(f *file) error {
		f.Saved = append(without(f.Saved, q.Name), q)
		return nil
	})
}

// Delete removes a saved query and writes the file.
func (s *Store) Delete(name string) error {
	return s.update(func(f *file) error {
		f.Saved = without(f.Saved, name)
		return nil
	})
}

// without returns the saved queries not called name.
func without(saved []Saved, name string) []Saved {
	out := make([]Saved, 0, len(saved)+1)
	for _, o := range saved {
		if o.Name != name {
			out = append(out, o)
		}
	}
	return out
}
