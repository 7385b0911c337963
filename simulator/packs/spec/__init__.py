"""Reading a pack: YAML with file:line (yamlsource), the schema and its French messages, the cross-checks,
the loader (one validation that loading reuses) and the registry of built-in packs."""
