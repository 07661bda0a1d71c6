"""Blocks → a Report: the lexer, the lark grammar over the block stream,
template-guided table recognition, and the Report the checks compare."""
