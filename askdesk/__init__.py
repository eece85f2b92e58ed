"""askdesk: knowledge-base search and FAQ deflection for support teams."""
__version__ = "0.1.0"
