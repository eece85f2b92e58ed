"""The deflection bot: answer / clarify / hand-off decisions and, later, conversations."""
