"""Ashby's assessment partner API (contract section 7): its routes, how it reads requests, its words."""
