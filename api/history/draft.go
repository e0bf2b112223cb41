package history

import (
	"strings"
	"time"
)

// Draft is the query editor's text that was neither run nor saved, kept so that
// closing the editor (or the explorer) never loses it: the next editor of the same
// API, in this process or another, opens with it.
type Draft struct {
	Query     string    `json:"query"`
	Variables string    `json:"variables,omitempty"`
	Updated   time.Time `json:"updated"`
}

// Draft returns the draft, if there is one.
func (s *Store) Draft() (Draft, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f.Draft == nil {
		return Draft{}, false
	}
	return *s.f.Draft, true
}

// SetDraft keeps d as the draft and writes the file; a draft without query text
// removes it.
func (s *Store) SetDraft(d Draft) error {
	return s.update(func(f *file) error {
		if strings.TrimSpace(d.Query) == "" {
			f.Draft = nil
			return nil
		}
		f.Draft = &d
		return nil
	})
}
