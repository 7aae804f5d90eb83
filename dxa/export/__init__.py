"""Exports of a report and its interpretation into other systems' formats (FHIR R4)."""
