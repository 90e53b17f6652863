"""Pure domain logic: dates, intervals, the ladder and the score. No database, no textual."""
