"""bigan (笔杆): drafts Chinese party and government work reports from fact sheets."""

__version__ = "0.1.0"
