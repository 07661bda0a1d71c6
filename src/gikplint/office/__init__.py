"""What gikplint writes for the officer who works in Word or WPS: a copy of
the report with the findings as comments (annotate), a copy with the certain
corrections made (fix), and the blank format for a year (template).

annotate and fix edit a .docx surgically: every part of the package but
word/document.xml (and, for comments, the comments part and the two small
lists that register it) is copied byte for byte, and document.xml only gains
or changes what the command says. The blank template is generated with
python-docx, from the same grammar/tables-*.yaml the linter reads."""
