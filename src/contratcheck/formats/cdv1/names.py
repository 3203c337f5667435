"""The names of format 1.

Apart from the view, so that the format's rules, controls and skeleton, which the rule registry
imports for every run, do not bring the view's classes into a run that reads no format-1
contract (the view is imported when one is read: ``read_contrat`` in the package).
"""

FORMAT = "contrat-de-ville/1"
GENERATION = "2015-2023"
