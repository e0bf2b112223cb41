// Package gqlsyntax is a tolerant GraphQL lexer: unlike the gqlparser lexer it never
// fails, so half-typed queries can still be highlighted and completed by the query
// editor (an unterminated string runs to the end of its line, a stray character is one
// Invalid token); gqlprep uses its byte offsets to edit a query in place.
package gqlsyntax

// Kind is the kind of a token.
type Kind int

// Token kinds.
const (
	Punct Kind = iota // ! $ & ( ) : = @ [ ] { | } and ...
	Name
	Variable // $name (the $ included)
	Int
	Float
	String      // "..." (possibly unterminated)
	BlockString // """...""" (possibly unterminated)
	Comment     // # to end of line
	Invalid
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case Punct:
		return "punct"
	case Name:
		return "name"
	case Variable:
		return "variable"
	case Int:
		return "int"
	case Float:
		return "float"
	case String:
		return "string"
	case BlockString:
		return "blockstring"
	case Comment:
		return "comment"
	default:
		return "invalid"
	}
}

// Token is one lexeme: Text is src[Start:End] (byte offsets).
type Token struct {
	Kind       Kind
	Start, End int
	Text       string
}

// Lex splits src into tokens, skipping white space and commas (GraphQL's insignificant
// characters). It never fails.
func Lex(src string) []Token {
	toks := make([]Token, 0, len(src)/4)
	i := 0
	n := len(src)
	for i < n {
		c := src[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',':
			i++
			continue
		case c == 0xEF && i+2 < n && src[i+1] == 0xBB && src[i+2] == 0xBF: // BOM
			i += 3
			continue
		case c == '#':
			for i < n && src[i] != '\n' && src[i] != '\r' {
				i++
			}
			toks = append(toks, mk(src, Comment, start, i))
		case c == '.' && i+2 < n && src[i+1] == '.' && src[i+2] == '.':
			i += 3
			toks = append(toks, mk(src, Punct, start, i))
		case isPunct(c):
			i++
			toks = append(toks, mk(src, Punct, start, i))
		case c == '$':
			i++
			for i < n && isNameCont(src[i]) {
				i++
			}
			toks = append(toks, mk(src, Variable, start, i))
		case isNameStart(c):
			for i < n && isNameCont(src[i]) {
				i++
			}
			toks = append(toks, mk(src, Name, start, i))
		case c == '-' || isDigit(c):
			i = lexNumber(src, i)
			k := Int
			for _, r := range src[start:i] {
				if r == '.' || r == 'e' || r == 'E' {
					k = Float
				}
			}
			toks = append(toks, mk(src, k, start, i))
		case c == '"':
			if i+2 < n && src[i+1] == '"' && src[i+2] == '"' {
				i += 3
				for i < n {
					if src[i] == '\\' && i+3 < n && src[i+1:i+4] == `"""` {
						i += 4
						continue
					}
					if i+2 < n && src[i:i+3] == `"""` {
						i += 3
						break
					}
					i++
				}
				if i > n {
					i = n
				}
				toks = append(toks, mk(src, BlockString, start, i))
				continue
			}
			i++
			for i < n && src[i] != '"' && src[i] != '\n' && src[i] != '\r' {
				if src[i] == '\\' && i+1 < n && src[i+1] != '\n' {
					i++
				}
				i++
			}
			if i < n && src[i] == '"' {
				i++
			}
			toks = append(toks, mk(src, String, start, i))
		default:
			i++
			for i < n && src[i] >= 0x80 && src[i] < 0xC0 { // rest of a UTF-8 sequence
				i++
			}
			toks = append(toks, mk(src, Invalid, start, i))
		}
	}
	return toks
}

func mk(src string, k Kind, s, e int) Token { return Token{Kind: k, Start: s, End: e, Text: src[s:e]} }

func lexNumber(src string, i int) int {
	n := len(src)
	if src[i] == '-' {
		i++
	}
	for i < n && isDigit(src[i]) {
		i++
	}
	if i < n && src[i] == '.' && i+1 < n && isDigit(src[i+1]) {
		i++
		for i < n && isDigit(src[i]) {
			i++
		}
	}
	if i < n && (src[i] == 'e' || src[i] == 'E') {
		j := i + 1
		if j < n && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < n && isDigit(src[j]) {
			i = j
			for i < n && isDigit(src[i]) {
				i++
			}
		}
	}
	return i
}

func isPunct(c byte) bool {
	switch c {
	case '!', '&', '(', ')', ':', '=', '@', '[', ']', '{', '|', '}':
		return true
	}
	return false
}

func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isNameStart(c byte) bool { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
func isNameCont(c byte) bool  { return isNameStart(c) || isDigit(c) }

// IsNameByte reports whether c can be part of a GraphQL name.
func IsNameByte(c byte) bool { return isNameCont(c) }

// Keywords are the names with a fixed meaning at some position of a document.
var keywords = map[string]bool{
	"query": true, "mutation": true, "subscription": true, "fragment": true, "on": true,
	"true": true, "false": true, "null": true,
}

// IsKeyword reports whether a name is a GraphQL keyword (highlighted as such).
func IsKeyword(s string) bool { return keywords[s] }
