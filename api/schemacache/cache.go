// Package schemacache introspects the API in use and keeps its schema on disk, one file
// per API URL under the user cache directory, so the query editor can complete and
// validate without a network round trip, and knows Cloud-only fields when it talks to
// Cloud. Files are written atomically; the cache is refreshed on demand (a key in the
// editor) or when missing.
package schemacache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/api/history/atomicfile"
)

// ErrNotCached is returned by Load when there is no cached schema for the API.
var ErrNotCached = errors.New("no cached schema")

// Entry is a cached schema.
type Entry struct {
	Schema    *ast.Schema
	APIURL    string
	FetchedAt time.Time
}

// onDisk is the cache file: the introspection data as the server sent it.
type onDisk struct {
	APIURL    string          `json:"api_url"`
	FetchedAt time.Time       `json:"fetched_at"`
	Data      json.RawMessage `json:"data"`
}

// DefaultDir is <user cache dir>/prefect-tui/schema.
func DefaultDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "prefect-tui", "schema"), nil
}

// Path is the cache file of apiURL in dir.
func Path(dir, apiURL string) string {
	return filepath.Join(dir, atomicfile.NameFor(apiURL)+".json")
}

// Load reads the cached schema of apiURL (ErrNotCached when there is none).
func Load(dir, apiURL string) (*Entry, error) {
	data, err := os.ReadFile(Path(dir, apiURL))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotCached
	}
	if err != nil {
		return nil, err
	}
	var d onDisk
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("schema cache %s: %w", Path(dir, apiURL), err)
	}
	s, err := FromIntrospection(d.Data)
	if err != nil {
		return nil, err
	}
	return &Entry{Schema: s, APIURL: apiURL, FetchedAt: d.FetchedAt}, nil
}

// Fetch introspects the API through c (the one client of the program), builds the
// schema and writes the cache. A failed write is returned with the schema: the editor
// can still use it.
func Fetch(ctx context.Context, c graphql.Client, dir, apiURL string, now time.Time) (*Entry, error) {
	res, err := api.Run(ctx, c, IntrospectionQuery, nil, "IntrospectionQuery")
	if err != nil {
		return nil, fmt.Errorf("introspection: %w", err)
	}
	if len(res.Errors) > 0 {
		return nil, fmt.Errorf("introspection: %w", res.Errors)
	}
	s, err := FromIntrospection(res.Data)
	if err != nil {
		return nil, err
	}
	e := &Entry{Schema: s, APIURL: apiURL, FetchedAt: now}
	data, err := json.Marshal(onDisk{APIURL: apiURL, FetchedAt: now, Data: res.Data})
	if err != nil {
		return e, err
	}
	if err := atomicfile.WriteFile(Path(dir, apiURL), data); err != nil {
		return e, fmt.Errorf("write schema cache: %w", err)
	}
	return e, nil
}
