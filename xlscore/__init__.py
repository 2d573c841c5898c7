"""xlscore: the monthly children's services performance scorecard, built from extracts."""

__version__ = "0.1.0"
