"""Systems that talk to Aduan machine to machine: idempotent intake for clients that retry,
and signed webhooks to connected agency systems."""
