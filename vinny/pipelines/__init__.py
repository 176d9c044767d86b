"""Item pipelines, one per module; the order is in `vinny.settings.ITEM_PIPELINES`."""
