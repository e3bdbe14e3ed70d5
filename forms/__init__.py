"""Task forms: JSON Schema (+ UI hints) per user task, and the server-side validator.

The JSON files beside this module are the shipped forms; a deployed process version carries
its own copy, so editing a file never changes the form of a running case.
"""
