"""Pure analyses of file text (Markdown structure, language, readability, reflection, comments) that kinds share."""
