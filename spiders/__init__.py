"""vinny's spiders: one per site family, declaring what to fetch and which extractor reads it."""
