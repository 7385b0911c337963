"""The Flask layer: blueprints, per-request database connection, error pages. Views stay thin."""
