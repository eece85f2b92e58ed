"""The ground floor: settings declared once, the errors that reach a user, typed records and small
helpers every layer may use. Nothing here imports another askdesk package."""
