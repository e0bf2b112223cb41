package gqlsyntax

// Class is what a token means, for highlighting.
type Class int

// Token classes.
const (
	ClassPunct Class = iota
	ClassKeyword
	ClassField
	ClassKey // argument, alias or input field name (a name followed by ':')
	ClassType
	ClassVariable
	ClassDirective
	ClassValue // enum value, true/false/null
	ClassNumber
	ClassString
	ClassComment
	ClassInvalid
)

// Classify gives each token its class from its neighbours and the bracket depth: good
// enough for highlighting and tolerant of half-typed input.
func Classify(toks []Token) []Class {
	out := make([]Class, len(toks))
	braces, parens := 0, 0
	for i, t := range toks {
		prev := prevSignificant(toks, i)
		switch t.Kind {
		case Comment:
			out[i] = ClassComment
		case String, BlockString:
			out[i] = ClassString
		case Int, Float:
			out[i] = ClassNumber
		case Variable:
			out[i] = ClassVariable
		case Invalid:
			out[i] = ClassInvalid
		case Punct:
			out[i] = ClassPunct
			switch t.Text {
			case "{":
				braces++
			case "}":
				if braces > 0 {
					braces--
				}
			case "(":
				parens++
			case ")":
				if parens > 0 {
					parens--
				}
			}
		case Name:
			out[i] = classifyName(toks, i, prev, braces, parens)
		}
	}
	return out
}

func classifyName(toks []Token, i, prev, braces, parens int) Class {
	t := toks[i]
	next := nextSignificant(toks, i)
	prevText := ""
	if prev >= 0 {
		prevText = toks[prev].Text
	}
	switch {
	case prevText == "@":
		return ClassDirective
	case prevText == "on" || prevText == "fragment" && t.Text != "on":
		if prevText == "fragment" {
			return ClassField
		}
		return ClassType
	case t.Text == "on" && (prevText == "..." || prev >= 1 && toks[prev].Kind == Name && prevOf(toks, prev) >= 0 && toks[prevOf(toks, prev)].Text == "fragment"):
		return ClassKeyword
	case t.Text == "true" || t.Text == "false" || t.Text == "null":
		if parens > 0 || braces == 0 {
			return ClassValue
		}
	case braces == 0 && parens == 0 && IsKeyword(t.Text):
		return ClassKeyword
	}
	if next >= 0 && toks[next].Text == ":" {
		return ClassKey
	}
	if parens > 0 {
		if braces == 0 { // variable definitions: $x: Type
			return ClassType
		}
		return ClassValue
	}
	if braces == 0 {
		return ClassField // operation name
	}
	return ClassField
}

func prevSignificant(toks []Token, i int) int { return prevOf(toks, i) }

func prevOf(toks []Token, i int) int {
	for j := i - 1; j >= 0; j-- {
		if toks[j].Kind != Comment {
			return j
		}
	}
	return -1
}

func nextSignificant(toks []Token, i int) int {
	for j := i + 1; j < len(toks); j++ {
		if toks[j].Kind != Comment {
			return j
		}
	}
	return -1
}
