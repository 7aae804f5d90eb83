"""`dxa review`: the clinician's web screen over a batch/watch output folder (issue 14)."""
