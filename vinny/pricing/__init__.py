"""VIP table pricing: pure parsing of UrVenue / booketing inventory into tiers (issue 5)."""
