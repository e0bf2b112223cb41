package engine

// CachedStatements is how many compiled statements e holds (tests).
func CachedStatements(e *Engine) int { return e.stmts.Len() }
