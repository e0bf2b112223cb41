package engine

// CachedStatements is how many compiled statements e holds (tests).
func CachedStatements(e *Engine) int { return e.stmts.Len() }

// PurgeStatements empties e's statement cache (closing the prepared statements).
func PurgeStatements(e *Engine) { e.stmts.c.Purge() }

// ASCIISubstring is asciiSubstring (tests).
func ASCIISubstring(pattern string) (string, bool) { return asciiSubstring(pattern) }

// CachedVariables is how many operations' variables e keeps.
func CachedVariables(e *Engine) int { return e.vars.c.Len() }

// Generic is generic (project.go).
func Generic(v any) (any, bool) { return generic(v) }
