"""PDF letters and case files rendered with WeasyPrint from autoescaped Jinja templates."""
