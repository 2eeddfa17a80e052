"""Pages of cooperation. Thin: reads come from `selectors`, writes go through `services`."""
