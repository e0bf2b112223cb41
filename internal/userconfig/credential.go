package userconfig

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Secret reads the credential a context refers to: from an environment variable
// (getenv) or the first line of a file. ok is false for "saved" (or ""): the saved
// login for the context's API is used. where says where it came from, for `auth
// status` ("env PROD_KEY", "file /home/me/.prod-key"); errors never hold the secret.
func (c Context) Secret(getenv func(string) string, home string) (secret, where string, ok bool, err error) {
	kind, ref, _ := strings.Cut(c.Credential, ":")
	switch kind {
	case "env":
		v := strings.TrimSpace(getenv(ref))
		if v == "" {
			return "", "", false, fmt.Errorf("the credential is in $%s, which is not set", ref)
		}
		return v, "env " + ref, true, nil
	case "file":
		p := ref
		if p == "~" || strings.HasPrefix(p, "~/") {
			p = filepath.Join(home, strings.TrimPrefix(p[1:], "/"))
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return "", "", false, fmt.Errorf("reading the credential file: %w", errors.Unwrap(err))
		}
		line, _, _ := strings.Cut(string(b), "\n")
		if line = strings.TrimSpace(line); line == "" {
			return "", "", false, fmt.Errorf("the credential file %s is empty", p)
		}
		return line, "file " + p, true, nil
	}
	return "", "", false, nil
}

// IsToken reports whether the context's credential is an API token (else an API key).
func (c Context) IsToken() bool { return c.CredentialKind == "token" }
