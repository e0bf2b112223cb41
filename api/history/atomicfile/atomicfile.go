// Package atomicfile writes files so that a reader (or the next run after a crash or a
// full disk) sees either the old content or the new one, never a mix: the data goes to
// a temporary file in the same directory, which is synced and then renamed over the
// target; the directory is synced after the rename.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Options tune WriteFile; the zero value is the normal behaviour.
type Options struct {
	// Perm is the mode of a new file (0o600 when zero: history may hold queries with
	// tenant ids, so it is private).
	Perm os.FileMode
	// wrap lets tests replace the writer of the temporary file (e.g. one that fails
	// half-way, as a full disk does).
	wrap func(io.Writer) io.Writer
}

// WriteFile replaces path with data atomically, creating the directory if needed.
func WriteFile(path string, data []byte) error { return write(path, data, Options{}) }

// WriteFileMode is WriteFile with the mode of the file (perm 0 is 0o600).
func WriteFileMode(path string, data []byte, perm os.FileMode) error {
	return write(path, data, Options{Perm: perm})
}

func write(path string, data []byte, o Options) (err error) {
	if o.Perm == 0 {
		o.Perm = 0o600
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	var w io.Writer = f
	if o.wrap != nil {
		w = o.wrap(f)
	}
	n, err := w.Write(data)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if n != len(data) {
		return fmt.Errorf("write %s: %w", path, io.ErrShortWrite)
	}
	if err = f.Chmod(o.Perm); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	// Make the rename itself durable; not every platform can sync a directory.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// NameFor turns an API URL into a file name that is readable and unique:
// "127.0.0.1_4200_graphql-3f2a9c1b". Files of different APIs never collide.
func NameFor(apiURL string) string {
	h := fnv32(apiURL)
	b := make([]byte, 0, len(apiURL))
	for i := 0; i < len(apiURL) && len(b) < 60; i++ {
		c := apiURL[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-':
			b = append(b, c)
		default:
			if len(b) > 0 && b[len(b)-1] != '_' {
				b = append(b, '_')
			}
		}
	}
	s := string(b)
	for _, p := range []string{"https_", "http_"} {
		if len(s) > len(p) && s[:len(p)] == p {
			s = s[len(p):]
		}
	}
	return fmt.Sprintf("%s-%08x", trimUnderscore(s), h)
}

func trimUnderscore(s string) string {
	for len(s) > 0 && s[len(s)-1] == '_' {
		s = s[:len(s)-1]
	}
	return s
}

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}
