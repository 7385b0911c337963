"""Playing a world: replaying actions into books, the expected outcome, the reference solution and the
reference run day by day over the scenario's period."""
