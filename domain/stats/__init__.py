"""Statistics: the rollup kept with every state change, and the figures read from it."""
