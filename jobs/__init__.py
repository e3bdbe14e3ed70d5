"""Job bodies: transaction boundaries run by RQ workers, the scheduler and the CLI."""
