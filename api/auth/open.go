package auth

import (
	"errors"
	"fmt"
)

// Credential store choices (--credential-store).
const (
	StoreAuto    = ""
	StoreKeyring = "keyring"
	StoreFile    = "file"
)

// OpenStore returns the store for a --credential-store choice. The automatic choice
// uses the OS keyring when it answers and otherwise the 0600 file, returning a note
// that says so (for the user: the login is then only as safe as that file). filePath
// "" means DefaultFilePath().
func OpenStore(choice, filePath string) (Store, string, error) {
	file := func() (*FileStore, error) {
		if filePath == "" {
			p, err := DefaultFilePath()
			if err != nil {
				return nil, err
			}
			filePath = p
		}
		return &FileStore{Path: filePath}, nil
	}
	switch choice {
	case StoreFile:
		f, err := file()
		return f, "", err
	case StoreKeyring:
		if err := KeyringAvailable(); err != nil {
			return nil, "", fmt.Errorf("--credential-store keyring: %w", err)
		}
		return KeyringStore{}, "", nil
	case StoreAuto:
		f, err := file()
		if err != nil {
			return nil, "", err
		}
		if kerr := KeyringAvailable(); kerr != nil {
			note := fmt.Sprintf("%s; keeping the login in %s (mode 0600) instead (choose with --credential-store keyring|file)",
				firstLine(kerr.Error()), f.Path)
			return f, note, nil
		}
		return &layered{primary: KeyringStore{}, fallback: f}, "", nil
	}
	return nil, "", fmt.Errorf("--credential-store must be keyring or file, not %q", choice)
}

// layered saves to the keyring and also finds logins an earlier run kept in the file
// (when the keyring was missing then); Delete clears both.
type layered struct {
	primary  Store
	fallback Store
}

func (l *layered) Where() string { return l.primary.Where() }

func (l *layered) Load(apiURL string) (Saved, bool, error) {
	s, ok, err := l.primary.Load(apiURL)
	if ok || err != nil {
		return s, ok, err
	}
	return l.fallback.Load(apiURL)
}

func (l *layered) Save(apiURL string, s Saved) error {
	if err := l.primary.Save(apiURL, s); err != nil {
		return err
	}
	// A login now in the keyring must not linger in the file.
	return l.fallback.Delete(apiURL)
}

func (l *layered) Delete(apiURL string) error {
	return errors.Join(l.primary.Delete(apiURL), l.fallback.Delete(apiURL))
}

// WhereSaved says where the saved login for apiURL actually is ("" when none).
func WhereSaved(st Store, apiURL string) string {
	if l, ok := st.(*layered); ok {
		if _, ok, _ := l.primary.Load(apiURL); ok {
			return l.primary.Where()
		}
		if _, ok, _ := l.fallback.Load(apiURL); ok {
			return l.fallback.Where()
		}
		return ""
	}
	if _, ok, _ := st.Load(apiURL); ok {
		return st.Where()
	}
	return ""
}
