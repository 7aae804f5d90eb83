"""Letters stage: Report + Interpretation become patient and physician letters (HTML / PDF)."""
