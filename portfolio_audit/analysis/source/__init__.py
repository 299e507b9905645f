"""Source code analysis: the language table, the comment lexer, comment classification and definitions."""
