package complete

import "github.com/vektah/gqlparser/v2/ast"

// The meta fields every schema has; gqlparser keeps them out of Definition.Fields.
var (
	typenameField    = &ast.FieldDefinition{Name: "__typename", Type: ast.NonNullNamedType("String", nil)}
	schemaMetaFields = []*ast.FieldDefinition{
		{Name: "__schema", Type: ast.NonNullNamedType("__Schema", nil)},
		{
			Name: "__type", Type: ast.NamedType("__Type", nil),
			Arguments: ast.ArgumentDefinitionList{{Name: "name", Type: ast.NonNullNamedType("String", nil)}},
		},
	}
)
