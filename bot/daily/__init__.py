"""The question of the day: due slots (`slots`), the periodic claim (`dispatch`), and the
delivery pipeline that prepares, sends and records each claimed question (`pipeline`)."""
